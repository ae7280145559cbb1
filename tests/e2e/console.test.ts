/**
 * The manager's console in Chromium against the real built server with the demo seed (issue #14):
 * the demo staff account logs in with password and a TOTP code the test computes, under the
 * page's strict policy (no inline script runs, none is refused), sees a demo resident's new
 * question first with the unanswered count, answers it — and the resident reads the answer —
 * and publishes an urgent notice to one building that only its residents see, pinned; the pages
 * are axe-clean. Keyboard only, from the login to the reply.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_STAFF } from '../../server/demo/staff.ts';
import { totpCode } from '../../server/staff/totp.ts';
import { api, logIn } from './support/residents.ts';
import { consoleToken, contextWithSession, demoStaffSession, expectAxeClean, logInOnPage, startConsoleDemo, type ConsoleDemo } from './support/console.ts';
import type { RunningServer } from './support/server.ts';

let browser: Browser;
let demo: ConsoleDemo;
let server: RunningServer;

beforeAll(async () => {
  demo = await startConsoleDemo('console');
  ({ server, browser } = demo);
}, 330_000);
afterAll(async () => {
  await demo?.stop();
});

async function residentAsks(subject: string) {
  const anna = await logIn(server.url, 'anna@example.lv');
  const me = (await (await api(server.url, 'GET', '/v1/demo/me', { token: anna.accessToken })).json()) as { premises: Array<{ id: string }> };
  const premiseId = me.premises[0]!.id;
  const form = new FormData();
  form.append('subject', subject);
  form.append('body', 'Labdien! Kāpnu telpā nedeg gaisma 3. stāvā.');
  form.append('notifyByEmail', 'true');
  const created = await fetch(`${server.url}/v1/demo/premises/${premiseId}/threads`, { method: 'POST', headers: { authorization: `Bearer ${anna.accessToken}` }, body: form });
  expect(created.status).toBe(201);
  const { thread } = (await created.json()) as { thread: { id: string } };
  return { anna, premiseId, threadId: thread.id };
}

test('staff log in with a TOTP code, see the unanswered question first and answer it; the resident reads the answer', async () => {
  const subject = `Gaisma kāpnēs ${Date.now()}`;
  const asked = await residentAsks(subject);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${server.url}/console/demo/`);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  await page.getByRole('heading', { name: 'Pieslēgties birojam' }).waitFor();
  await expectAxeClean(page, 'the login');

  // Keyboard only: type, Tab, Enter.
  await logInOnPage(page, { keyboard: true });
  await page.getByRole('table').waitFor();
  // Unanswered first: the new question is the first row, and the header counts it.
  const firstRow = page.locator('table.threads tbody tr').first();
  expect(await firstRow.getByRole('button').textContent()).toBe(subject);
  await expect.poll(() => page.locator('header .count').textContent()).toMatch(/^1 neatbildēts$/);
  expect(await firstRow.textContent()).toContain('Anna');
  await expectAxeClean(page, 'the inbox');

  await firstRow.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: subject }).waitFor();
  await expectAxeClean(page, 'a thread');
  await page.getByLabel('Atbilde').focus();
  await page.keyboard.type('Labdien! Elektriķis būs rīt līdz plkst. 12.00.');
  await page.getByRole('button', { name: 'Atbildēt', exact: true }).click();
  await page.getByText('Atbilde nosūtīta; iedzīvotājs saņems e-pastu.').waitFor();

  const messages = await api(server.url, 'GET', `/v1/demo/premises/${asked.premiseId}/threads/${asked.threadId}/messages`, { token: asked.anna.accessToken });
  const body = (await messages.json()) as { messages: Array<{ authorKind: string; body: string }> };
  expect(body.messages.at(-1)).toMatchObject({ authorKind: 'manager', body: 'Labdien! Elektriķis būs rīt līdz plkst. 12.00.' });

  await page.getByRole('button', { name: 'Atpakaļ uz saziņu' }).click();
  await page.getByRole('heading', { name: 'Saziņa' }).waitFor();

  // An urgent notice to one building: only that building's residents see it, pinned.
  const title = `Ūdens atslēgšana ${Date.now()}`;
  await page.getByRole('link', { name: 'Paziņojumi' }).click();
  await page.getByRole('heading', { name: 'Jauns paziņojums' }).waitFor();
  await page.getByLabel('Virsraksts').fill(title);
  await page.getByLabel('Teksts').fill('Rīt no 9 līdz 12 nebūs aukstā ūdens.');
  await page.getByLabel('Izvēlētām mājām').check();
  await page.getByLabel('Malkalnes prospekts 3, Ogre').check();
  await page.getByRole('checkbox', { name: /Steidzams/ }).check();
  await page.getByLabel(/Rādīt līdz/).fill('2099-01-01T12:00');
  await expectAxeClean(page, 'the notices');
  await page.getByRole('button', { name: 'Publicēt' }).click();
  await page.getByText('Paziņojums saglabāts.').waitFor();
  await page.getByRole('rowheader', { name: new RegExp(title) }).waitFor();

  const noticesOf = async (email: string, label?: string) => {
    const session = await logIn(server.url, email);
    const me = (await (await api(server.url, 'GET', '/v1/demo/me', { token: session.accessToken })).json()) as { premises: Array<{ id: string; label: string }> };
    const premise = label ? me.premises.find((p) => p.label === label)! : me.premises[0]!;
    const answer = await api(server.url, 'GET', `/v1/demo/notices?premise=${premise.id}`, { token: session.accessToken });
    return ((await answer.json()) as { notices: Array<{ title: string; pinned: boolean }> }).notices;
  };
  expect((await noticesOf('anna@example.lv', 'Malkalnes prospekts 3-111')).find((n) => n.title === title)).toMatchObject({ pinned: true });
  expect((await noticesOf('peteris@example.lv')).map((n) => n.title)).not.toContain(title);

  // Anna opens it; the console says who has read the urgent notice.
  const anna = await logIn(server.url, 'anna@example.lv');
  const annaNotices = (await noticesOf('anna@example.lv', 'Malkalnes prospekts 3-111')) as unknown as Array<{ id: string; title: string }>;
  const annaNotice = annaNotices.find((n) => n.title === title)!;
  expect((await api(server.url, 'POST', `/v1/demo/notices/${annaNotice.id}/read`, { token: anna.accessToken })).status).toBe(204);
  await page.getByRole('link', { name: 'Saziņa' }).click();
  await page.getByRole('link', { name: 'Paziņojumi' }).click();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.getByText('Kas izlasījis (1)').click();
  await row.getByText(/Anna Bērziņa \(anna@example\.lv\)/).waitFor();

  // Who has not submitted this month: the count the console shows is the admin API's.
  await page.getByRole('link', { name: 'Rādījumi' }).click();
  await page.getByRole('heading', { name: 'Kas nav nodevis rādījumus' }).waitFor();
  const summary = page.locator('.summary');
  await summary.waitFor();
  const staffToken = await consoleToken(page);
  const period = await page.getByLabel('Periods').inputValue();
  const missing = (await (await api(server.url, 'GET', `/v1/demo/admin/readings/missing?period=${period}&limit=1000`, { token: staffToken })).json()) as { items: unknown[] };
  expect(await summary.textContent()).toMatch(new RegExp(`^${missing.items.length} adres`));
  expect(await page.locator('table.missing tbody tr').count()).toBe(missing.items.length);
  await expectAxeClean(page, 'who has not submitted');

  // The language switches the whole console.
  await page.getByRole('link', { name: /^Saziņa/ }).click();
  await page.getByLabel('Valoda').selectOption('en');
  await page.getByRole('heading', { name: 'Messages' }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

  // Logging out ends the session on the server too.
  const token = await consoleToken(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in to the console' }).waitFor();
  expect((await api(server.url, 'GET', '/v1/demo/admin/threads', { token })).status).toBe(401);
  await page.close();
});

test('the same code cannot log in twice, and a resident token opens nothing of the console', async () => {
  const anna = await logIn(server.url, 'anna@example.lv');
  expect((await api(server.url, 'GET', '/v1/demo/staff/session', { token: anna.accessToken })).status).toBe(401);
  expect((await api(server.url, 'GET', '/v1/demo/admin/threads', { token: anna.accessToken })).status).toBe(401);
  const code = totpCode(DEMO_STAFF.totpSecret, new Date(Date.now() + 30_000));
  const attempt = async () => {
    const step = (await (await api(server.url, 'POST', '/v1/demo/staff/login', { body: { email: DEMO_STAFF.email, password: 'Parole-2026!' } })).json()) as { loginToken: string };
    return (await api(server.url, 'POST', '/v1/demo/staff/login/totp', { body: { loginToken: step.loginToken, code } })).status;
  };
  expect(await attempt()).toBe(200);
  expect(await attempt()).toBe(401);
});

test('an admin opens a staff account, gives a new temporary password, resets the authenticator and disables it; the staff member must choose a password first (tablet width)', async () => {
  const admin = await demoStaffSession(server.url);
  const context = await contextWithSession(browser, admin, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/demo/#staff`);
  await page.getByRole('heading', { name: 'Darbinieku konti' }).waitFor();
  await page.getByRole('row', { name: /birojs@example\.lv/ }).getByText('Jūs').waitFor();
  await expectAxeClean(page, 'the staff accounts');

  const email = `lietvede-${Date.now()}@example.lv`;
  await page.getByLabel('Vārds, uzvārds').fill('Līga Lietvede');
  await page.getByLabel('E-pasts').fill(email);
  await page.getByLabel('Loma', { exact: true }).selectOption('staff');
  await page.getByRole('button', { name: 'Izveidot kontu' }).click();
  await page.getByText(`Konts ${email} izveidots.`).waitFor();
  const row = page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) });
  await row.getByText('Autentifikatora lietotne vēl nav iestatīta').waitFor();

  // A new temporary password: shown once, on the keyboard.
  await row.getByRole('button', { name: 'Jauna pagaidu parole: Līga Lietvede' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText(/saņem jaunu pagaidu paroli/).waitFor();
  const temporary = (await page.locator('code.temporary-password').textContent())!.trim();
  expect(temporary.length).toBeGreaterThanOrEqual(12);
  await expectAxeClean(page, 'a temporary password shown');

  // The staff member, on a tablet: the temporary password, the authenticator app, then a password of their own.
  const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const clerk = await tablet.newPage();
  await clerk.goto(`${server.url}/console/demo/`);
  await clerk.getByLabel('E-pasts').fill(email);
  await clerk.getByLabel('Parole').fill(temporary);
  await clerk.getByRole('button', { name: 'Pieslēgties' }).click();
  await clerk.getByRole('heading', { name: 'Iestatiet autentifikācijas lietotni' }).waitFor();
  const secret = /: ([A-Z2-7]+)$/.exec((await clerk.locator('p.secret').textContent())!.trim())![1]!;
  await clerk.getByLabel('Kods', { exact: true }).fill(totpCode(secret, new Date()));
  await clerk.getByRole('button', { name: 'Apstiprināt' }).click();
  await clerk.getByRole('button', { name: 'Esmu saglabājis kodus' }).click();
  await clerk.getByRole('heading', { name: 'Paroles maiņa' }).waitFor();
  await clerk.getByText('Administrators jums iestatīja pagaidu paroli.', { exact: false }).waitFor();
  // The session opens nothing else meanwhile: no sections to go to.
  expect(await clerk.getByRole('link', { name: 'Saziņa' }).count()).toBe(0);
  await expectAxeClean(clerk, 'the forced password change');
  expect(await clerk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await clerk.getByLabel('Pagaidu parole').fill(temporary);
  await clerk.getByLabel('Jaunā parole', { exact: true }).fill('Ligas-Pasas-Parole-2026');
  await clerk.getByLabel('Jaunā parole vēlreiz').fill('Ligas-Pasas-Parole-2026');
  await clerk.getByRole('button', { name: 'Mainīt paroli' }).click();
  await clerk.getByRole('heading', { name: 'Saziņa' }).waitFor();
  // A staff member sees no staff section.
  expect(await clerk.getByRole('link', { name: 'Darbinieki' }).count()).toBe(0);
  expect(await clerk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  const clerkToken = await consoleToken(clerk);
  expect((await api(server.url, 'GET', '/v1/demo/admin/threads', { token: clerkToken })).status).toBe(200);

  // A lost phone: the admin resets the authenticator, which ends the clerk's session.
  await page.reload();
  await row.getByRole('button', { name: 'Atiestatīt autentifikatoru: Līga Lietvede' }).click();
  await page.getByText(/autentifikators atiestatīts/).waitFor();
  await row.getByText('Autentifikatora lietotne vēl nav iestatīta').waitFor();
  expect((await api(server.url, 'GET', '/v1/demo/admin/threads', { token: clerkToken })).status).toBe(401);

  // Promoted, then disabled: the list says so and the password opens nothing any more.
  await row.getByRole('combobox', { name: 'Loma: Līga Lietvede' }).selectOption('admin');
  await page.getByText('Līga Lietvede tagad ir administrators.').waitFor();
  await row.getByRole('button', { name: 'Atslēgt kontu: Līga Lietvede' }).click();
  await page.getByText('Līga Lietvede konts atslēgts.').waitFor();
  await row.getByText('Atslēgts').waitFor();
  expect((await api(server.url, 'POST', '/v1/demo/staff/login', { body: { email, password: 'Ligas-Pasas-Parole-2026' } })).status).toBe(401);
  await expectAxeClean(page, 'the staff accounts after the changes');
  await tablet.close();
  await context.close();
}, 300_000);

test("?now= stands the console at the demo's moment: the readings page counts who has not submitted for May 2026, as the admin API does then", async () => {
  const admin = await demoStaffSession(server.url);
  const context = await contextWithSession(browser, admin, { viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  const sent: string[] = [];
  page.on('request', (request) => {
    const now = request.headers()['x-doorstep-now'];
    if (now && request.url().includes('/admin/readings/missing')) sent.push(now);
  });
  await page.goto(`${server.url}/console/demo/?now=2026-05-30T10:00#readings`);
  await page.getByRole('heading', { name: 'Kas nav nodevis rādījumus' }).waitFor();
  await page.getByText(/^Demonstrācijas laiks: /).waitFor();
  expect(await page.getByLabel('Periods').inputValue()).toBe('2026-05');
  const summary = page.locator('.summary');
  await summary.waitFor();
  // 10:00 in Riga on 30 May is 07:00 UTC (summer time).
  expect(sent[0]).toBe('2026-05-30T10:00:00+03:00');
  const missing = (await (
    await api(server.url, 'GET', '/v1/demo/admin/readings/missing?period=2026-05&limit=1000', { token: admin.token, headers: { 'x-doorstep-now': '2026-05-30T10:00:00+03:00' } })
  ).json()) as { items: unknown[] };
  expect(await summary.textContent()).toMatch(new RegExp(`^${missing.items.length} adres`));
  expect(await page.locator('table.missing tbody tr').count()).toBe(missing.items.length);
  // A tablet: nothing wider than the screen, and axe-clean.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await expectAxeClean(page, 'the readings at the demo moment on a tablet');
  await context.close();
}, 300_000);
