/**
 * The console's notices and readings in Chromium against the real built server with the demo seed
 * (issue #14), the console and the residents standing at the demo's moment (`?now=` /
 * `X-Doorstep-Now`, 2 June 2026 10:00 in Riga: May's window, 30 May – 1 June, has just closed):
 * - staff log in with a TOTP code the test computes and publish a notice to one single premise,
 *   picked by search, with a Russian version and a PDF attachment: its resident reads it in
 *   Russian when asking for Russian and downloads the attachment; the neighbour in the same
 *   building does not see it;
 * - a notice scheduled for later is not visible before its time, and is after;
 * - the May window extended for one building (after a confirmation): its resident can submit
 *   after the normal end, another building's resident still cannot;
 * - the CSV export downloads through the browser with the staff token and is the admin API's;
 * - at 768 px the inbox, a thread, the notices and the readings are no wider than the screen,
 *   and every page is axe-clean.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, logIn, type Session } from './support/residents.ts';
import { consoleToken, contextWithSession, demoStaffSession, expectAxeClean, logInOnPage, startConsoleDemo, type ConsoleDemo } from './support/console.ts';
import type { RunningServer } from './support/server.ts';

const NOW = '2026-06-02T10:00:00+03:00';
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let browser: Browser;
let demo: ConsoleDemo;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let staffToken: string;

beforeAll(async () => {
  demo = await startConsoleDemo('notices');
  ({ server, browser } = demo);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Riga', acceptDownloads: true });
  page = await context.newPage();
}, 330_000);
afterAll(async () => {
  await demo?.stop();
});

const at = (now: string) => ({ 'x-doorstep-now': now });

async function premiseOf(session: Session, label: string): Promise<string> {
  const me = (await (await api(server.url, 'GET', '/v1/demo/me', { token: session.accessToken, headers: at(NOW) })).json()) as { premises: Array<{ id: string; label: string }> };
  return me.premises.find((p) => p.label === label)!.id;
}

type FeedNotice = { id: string; title: string; body: string; language: string; attachments: Array<{ id: string; fileName: string }> };
async function feed(session: Session, premiseId: string, now: string, language = 'lv'): Promise<FeedNotice[]> {
  const answer = await api(server.url, 'GET', `/v1/demo/notices?premise=${premiseId}`, { token: session.accessToken, headers: { ...at(now), 'accept-language': language } });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { notices: FeedNotice[] }).notices;
}

test('staff log in with a TOTP code and publish a notice to one premise with a Russian version and an attachment: its resident reads it in Russian, the neighbour does not see it', async () => {
  await page.goto(`${server.url}/console/demo/?now=2026-06-02T10:00#notices`);
  await logInOnPage(page, { landing: null });
  await page.getByRole('link', { name: 'Paziņojumi' }).click();
  await page.getByRole('heading', { name: 'Jauns paziņojums' }).waitFor();
  staffToken = await consoleToken(page);

  const title = `Skaitītāju maiņa ${Date.now()}`;
  const ruTitle = `Замена счётчиков ${Date.now()}`;
  await page.getByLabel('Virsraksts').fill(title);
  await page.getByLabel('Teksts').fill('Rīt no 9 līdz 12 jūsu dzīvoklī mainīs skaitītājus.');
  await page.getByLabel('Nosaukums krieviski').fill(ruTitle);
  await page.getByLabel('Saturs krieviski').fill('Завтра с 9 до 12 в вашей квартире заменят счётчики.');
  await page.getByLabel('Atsevišķiem dzīvokļiem').check();
  // Keyboard: the search finds the premise by its address; the checkbox picks it.
  await page.getByLabel(/Meklēt dzīvokli/).focus();
  await page.keyboard.type('12-7');
  const box = page.getByRole('checkbox', { name: /Brīvības iela 12-7/ });
  await box.focus();
  await page.keyboard.press('Space');
  await page.getByText('Izvēlēts 1 dzīvoklis.').waitFor();
  await page.getByLabel(/Pielikumi/).setInputFiles({ name: 'grafiks.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
  await expectAxeClean(page, 'the notice form with a premise chosen');
  await page.getByRole('button', { name: 'Publicēt' }).click();
  await page.getByText('Paziņojums saglabāts.').waitFor();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.waitFor();
  expect(await row.textContent()).toContain('Brīvības iela 12-7');
  expect(await row.textContent()).toMatch(/lv, ru/);

  const peteris = await logIn(server.url, 'peteris@example.lv');
  const peterisPremise = await premiseOf(peteris, 'Brīvības iela 12-7');
  const inRussian = (await feed(peteris, peterisPremise, NOW, 'ru-RU,ru;q=0.9')).find((n) => n.title === ruTitle)!;
  expect(inRussian).toMatchObject({ language: 'ru', body: 'Завтра с 9 до 12 в вашей квартире заменят счётчики.', attachments: [{ fileName: 'grafiks.pdf' }] });
  expect((await feed(peteris, peterisPremise, NOW, 'lv')).find((n) => n.id === inRussian.id)).toMatchObject({ title, language: 'lv' });
  const file = await api(server.url, 'GET', `/v1/demo/notices/${inRussian.id}/attachments/${inRussian.attachments[0]!.id}`, { token: peteris.accessToken, headers: at(NOW) });
  expect(file.status).toBe(200);
  expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);

  // Jānis lives in the same building (Brīvības iela 12-15); first his own password instead of the manager's temporary one.
  const janisTemporary = await logIn(server.url, 'janis@example.lv');
  const changed = await api(server.url, 'POST', '/v1/demo/auth/password/change', { token: janisTemporary.accessToken, body: { currentPassword: 'Parole-2026!', newPassword: 'Jana-Jauna-Parole-2026' } });
  expect(changed.status).toBe(200);
  const janis = { ...janisTemporary, ...((await changed.json()) as { accessToken: string }) };
  const janisFeed = await feed(janis, await premiseOf(janis, 'Brīvības iela 12-15'), NOW, 'ru');
  expect(janisFeed.map((n) => n.id)).not.toContain(inRussian.id);
  expect((await api(server.url, 'GET', `/v1/demo/notices/${inRussian.id}/attachments/${inRussian.attachments[0]!.id}`, { token: janis.accessToken, headers: at(NOW) })).status).toBe(404);
}, 300_000);

test('a notice scheduled for later is not shown before its time, and is after', async () => {
  const title = `Kopsapulce ${Date.now()}`;
  await page.getByLabel('Virsraksts').fill(title);
  await page.getByLabel('Teksts').fill('Kopsapulce 12. jūnijā plkst. 18.00.');
  // Riga time, as the browser's (the context's time zone).
  await page.getByLabel(/^Publicēt \(/).fill('2026-06-10T09:00');
  await page.getByRole('button', { name: 'Publicēt' }).click();
  await page.getByText(/^Paziņojums ieplānots: /).waitFor();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.getByText('Ieplānots').waitFor();

  const anna = await logIn(server.url, 'anna@example.lv');
  const annaPremise = await premiseOf(anna, 'Malkalnes prospekts 3-111');
  expect((await feed(anna, annaPremise, NOW)).map((n) => n.title)).not.toContain(title);
  expect((await feed(anna, annaPremise, '2026-06-10T08:59:00+03:00')).map((n) => n.title)).not.toContain(title);
  expect((await feed(anna, annaPremise, '2026-06-10T09:01:00+03:00')).map((n) => n.title)).toContain(title);
}, 120_000);

test("extending May's window for one building lets its resident submit after the normal end, not another building's; the CSV export is the admin API's", async () => {
  await page.getByRole('link', { name: 'Rādījumi' }).click();
  await page.getByRole('heading', { name: 'Kas nav nodevis rādījumus' }).waitFor();
  await page.getByLabel('Periods').fill('2026-05');
  await page.getByRole('button', { name: 'Rādīt', exact: true }).click();
  await page.locator('table.per-building').waitFor();
  await expectAxeClean(page, 'the readings with the window and the export');

  const meters = async (session: Session, premiseId: string) =>
    ((await (await api(server.url, 'GET', `/v1/demo/premises/${premiseId}/meters`, { token: session.accessToken, headers: at(NOW) })).json()) as {
      meters: Array<{ id: string; accepting: boolean; lastReading: { value: string } | null; periodReading: { value: string } | null; previousReading: { value: string } | null }>;
    }).meters;
  const peteris = await logIn(server.url, 'peteris@example.lv');
  const anna = await logIn(server.url, 'anna@example.lv');
  const peterisPremise = await premiseOf(peteris, 'Brīvības iela 12-7');
  const annaPremise = await premiseOf(anna, 'Malkalnes prospekts 3-111');
  // The normal end has passed for both.
  expect((await meters(peteris, peterisPremise)).some((m) => m.accepting)).toBe(false);
  expect((await meters(anna, annaPremise)).some((m) => m.accepting)).toBe(false);

  await page.getByLabel('Kam', { exact: true }).selectOption({ label: 'Brīvības iela 12, Ogre' });
  await page.getByLabel('Pēdējā diena (ieskaitot)').fill('2026-06-05');
  await page.getByRole('button', { name: 'Pagarināt…' }).click();
  const question = page.locator('#extend-question');
  await question.waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('extend-question');
  expect(await question.textContent()).toMatch(/2026-05.*Brīvības iela 12, Ogre.*05\.06\.2026/s);
  await expectAxeClean(page, 'the confirmation');
  // Escape cancels: nothing changes.
  await page.keyboard.press('Escape');
  await question.waitFor({ state: 'detached' });
  const before = (await (await api(server.url, 'GET', '/v1/demo/admin/reading-windows?period=2026-05', { token: staffToken, headers: at(NOW) })).json()) as { buildings: unknown[] };
  expect(before.buildings).toEqual([]);
  await page.getByRole('button', { name: 'Pagarināt…' }).click();
  await page.getByRole('button', { name: 'Jā, pagarināt' }).click();
  await page.getByText(/^Logs pagarināts: Brīvības iela 12, Ogre līdz 05\.06\.2026\.$/).waitFor();
  await page.getByRole('row', { name: /Brīvības iela 12, Ogre/ }).getByText(/pagarināts/).waitFor();

  const open = (await meters(peteris, peterisPremise)).filter((m) => m.accepting);
  expect(open.length).toBeGreaterThan(0);
  const meter = open[0]!;
  const value = meter.periodReading?.value ?? meter.previousReading?.value ?? meter.lastReading?.value ?? '0';
  const submitted = await api(server.url, 'POST', `/v1/demo/premises/${peterisPremise}/meters/${meter.id}/readings`, { token: peteris.accessToken, headers: at(NOW), body: { value, confirm: true } });
  expect([200, 201], await submitted.clone().text()).toContain(submitted.status);
  expect((await meters(anna, annaPremise)).some((m) => m.accepting)).toBe(false);
  const annaMeter = (await meters(anna, annaPremise))[0]!;
  const refused = await api(server.url, 'POST', `/v1/demo/premises/${annaPremise}/meters/${annaMeter.id}/readings`, {
    token: anna.accessToken,
    headers: at(NOW),
    body: { value: annaMeter.lastReading?.value ?? '1', confirm: true },
  });
  expect(refused.status).toBe(422);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('reading_window_closed');

  // The export: downloaded by the browser with the staff token, the rows the admin API gives for May.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lejupielādēt CSV' }).click()]);
  await page.getByText(/^Lejupielādēts: /).waitFor();
  const csv = await readFile((await download.path())!, 'utf8');
  const direct = await (await api(server.url, 'GET', '/v1/demo/admin/readings/export?period=2026-05&format=csv', { token: staffToken, headers: at(NOW) })).text();
  const rows = (text: string) => text.trim().split(/\r?\n/);
  expect(rows(csv)[0]).toBe('meterRef,meterSerial,premiseRef,accountNumber,period,value,consumption,submittedAt,source,submittedBy,version');
  expect(rows(csv).length).toBeGreaterThan(1);
  expect(rows(csv)).toEqual(rows(direct));
  // Pēteris's meters (account 13218) are there, with May's readings.
  expect(rows(csv).filter((r) => r.includes(',13218,2026-05,')).length).toBeGreaterThan(0);
  expect(rows(csv).slice(1).every((r) => r.includes(',2026-05,'))).toBe(true);
}, 180_000);

test('at 768 px the inbox, a thread, the notices and the readings fit the screen and are axe-clean', async () => {
  const tablet = await contextWithSession(browser, await demoStaffSession(server.url), { viewport: { width: 768, height: 1024 }, timezoneId: 'Europe/Riga' });
  const narrow = await tablet.newPage();
  const fits = async (state: string) => {
    const [scroll, client] = await narrow.evaluate(() => [document.scrollingElement!.scrollWidth, document.scrollingElement!.clientWidth]);
    expect(scroll, `${state}: ${scroll} > ${client}`).toBeLessThanOrEqual(client!);
  };
  await narrow.goto(`${server.url}/console/demo/?now=2026-06-02T10:00#inbox`);
  await narrow.getByRole('heading', { name: 'Saziņa' }).waitFor();
  await narrow.locator('table.threads tbody tr').first().waitFor();
  await fits('the inbox');
  // The thread list stacks: each thread is a card, its address under its subject, not a column beside it.
  const [subject, address] = await narrow.evaluate(() => {
    const row = document.querySelector('table.threads tbody tr')!;
    return [row.querySelector('th')!.getBoundingClientRect(), row.querySelector('td')!.getBoundingClientRect()].map((r) => ({ top: r.top, bottom: r.bottom, left: r.left }));
  });
  expect(address!.top).toBeGreaterThanOrEqual(subject!.bottom - 1);
  expect(address!.left).toBe(subject!.left);
  await expectAxeClean(narrow, 'the inbox at 768 px');
  await narrow.locator('button.thread-link').first().click();
  await narrow.locator('#thread-heading').waitFor();
  await fits('a thread');
  await expectAxeClean(narrow, 'a thread at 768 px');

  await narrow.getByRole('link', { name: 'Paziņojumi' }).click();
  await narrow.getByRole('heading', { name: 'Jauns paziņojums' }).waitFor();
  await narrow.locator('table.notices').waitFor();
  await narrow.getByLabel('Atsevišķiem dzīvokļiem').check();
  await narrow.getByLabel(/Meklēt dzīvokli/).fill('Brīvības');
  await narrow.getByRole('checkbox', { name: /Brīvības iela 12-15/ }).waitFor();
  await fits('the notices');
  await expectAxeClean(narrow, 'the notices at 768 px');
  // Targets of at least 44 px: every button, link in the header and choice.
  const small = await narrow.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main button, header nav a, main label.choice, main input:not([type=checkbox]):not([type=radio]), main select, main summary')]
      .filter((el) => el.getBoundingClientRect().height < 44 && el.offsetParent !== null)
      .map((el) => `${el.tagName} ${el.textContent?.trim().slice(0, 30)} ${el.getBoundingClientRect().height}`),
  );
  expect(small).toEqual([]);

  await narrow.getByRole('link', { name: 'Rādījumi' }).click();
  await narrow.locator('.summary').waitFor();
  await fits('the readings');
  await expectAxeClean(narrow, 'the readings at 768 px');
  await tablet.close();
}, 180_000);
