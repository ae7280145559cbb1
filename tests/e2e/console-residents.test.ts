/**
 * The console's Residents section in Chromium against the real built server with the demo seed
 * (issue #14): the demo staff account logs in with password and a TOTP code the test computes,
 * finds the demo premise by its account number and by a fragment of a name, opens it, adds a
 * proxy with the authorisation's reference and a new account with a temporary password — which
 * then logs in on the resident API and reaches the premise — sends a pending account its
 * invitation again, and revokes the proxy's grant, after which the proxy no longer reaches the
 * premise. Keyboard for the search and the opening; axe-clean at each step; at tablet width
 * nothing is wider than the screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ANNA_FIRST_PREMISE } from '../../server/demo/fixture.ts';
import { api } from './support/residents.ts';
import { contextWithSession, demoStaffSession, expectAxeClean, logInOnPage, startConsoleDemo, type ConsoleDemo } from './support/console.ts';
import type { RunningServer } from './support/server.ts';

let browser: Browser;
let demo: ConsoleDemo;
let server: RunningServer;

beforeAll(async () => {
  demo = await startConsoleDemo('residents');
  ({ server, browser } = demo);
}, 330_000);
afterAll(async () => {
  await demo?.stop();
});

/** The premises a resident reaches now, by label (grants are read afresh on every request). */
async function premisesOf(token: string): Promise<string[]> {
  const me = (await (await api(server.url, 'GET', '/v1/demo/me', { token })).json()) as { premises: Array<{ label: string }> };
  return me.premises.map((p) => p.label);
}

test('staff find a premise by account number and by a name, add a proxy and an account with a temporary password, send an invitation again and revoke a grant', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/console/demo/`);
  await logInOnPage(page);

  await page.getByRole('link', { name: 'Iedzīvotāji' }).click();
  await page.getByRole('heading', { name: 'Iedzīvotāji un piekļuves' }).waitFor();
  await expectAxeClean(page, 'the empty search');

  // Too short: said, and the field keeps the focus.
  const field = page.getByLabel('Meklēt pēc adreses, konta numura, vārda vai e-pasta');
  await field.focus();
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').getByText('Ierakstiet vismaz 2 rakstzīmes.').waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('residents-q');

  // By account number, with the keyboard alone.
  await field.fill('');
  await page.keyboard.type(ANNA_FIRST_PREMISE.accountNumber);
  await page.keyboard.press('Enter');
  const results = page.locator('table.residents');
  await results.getByRole('rowheader', { name: ANNA_FIRST_PREMISE.label }).waitFor();
  const byNumber = results.getByRole('row', { name: new RegExp(ANNA_FIRST_PREMISE.label) });
  expect(await byNumber.textContent()).toContain(ANNA_FIRST_PREMISE.accountNumber);
  expect(await byNumber.textContent()).toContain('Anna Bērziņa');
  expect(await results.getByRole('columnheader').allTextContents()).toEqual(['Adrese', 'Konta Nr.', 'Līguma turētājs', 'Personas']);

  // By a fragment of a name: every premise where someone called Bērziņa/Bērziņš is, Anna's among them.
  await field.fill('bērz');
  await page.keyboard.press('Enter');
  await page.getByText(/^Atrast(a|as) \d+ adres/).waitFor();
  await results.getByRole('rowheader', { name: ANNA_FIRST_PREMISE.label }).waitFor();
  const labels = await results.locator('tbody th').allTextContents();
  expect(labels.map((l) => l.trim())).toContain(ANNA_FIRST_PREMISE.label);
  await expectAxeClean(page, 'the results');

  // Open it with the keyboard: the heading takes the focus.
  await results.getByRole('button', { name: ANNA_FIRST_PREMISE.label }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: ANNA_FIRST_PREMISE.label, level: 2 }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('premise-heading');
  const people = page.locator('table.people');
  await people.getByRole('row', { name: /Anna Bērziņa/ }).getByText('īpašnieks').waitFor();
  await people.getByRole('row', { name: /Līga/ }).getByText('mājsaimniecības loceklis').waitFor();
  await expectAxeClean(page, 'a premise');

  // A proxy without the authorisation is refused before anything is sent.
  const stamp = Date.now();
  const proxyEmail = `pilnvarniece-${stamp}@example.lv`;
  await page.getByLabel('E-pasts', { exact: true }).fill(proxyEmail);
  await page.getByLabel('Vārds, uzvārds').fill('Ilze Pilnvarniece');
  await page.getByRole('button', { name: 'Pievienot' }).click();
  await page.getByRole('alert').getByText('Pilnvarotai personai norādiet pilnvaru.').waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('person-authorization');

  // The proxy, with the reference, a term, and a temporary password shown once.
  await page.getByLabel('Pilnvara (numurs vai apraksts)').fill('Notariāla pilnvara Nr. 2026/114');
  await page.getByLabel(/Pilnvara derīga līdz/).fill('2099-12-31');
  await page.getByLabel('Izveidot kontu ar pagaidu paroli').check();
  await page.getByRole('button', { name: 'Pievienot' }).click();
  await page.getByText('Pievienots: Ilze Pilnvarniece (pilnvarotā persona).').waitFor();
  const temporary = (await page.locator('code.temporary-password').textContent())!.trim();
  expect(temporary.length).toBeGreaterThanOrEqual(12);
  const proxyRow = people.getByRole('row', { name: /Ilze Pilnvarniece/ });
  await proxyRow.getByText('Notariāla pilnvara Nr. 2026/114').waitFor();
  expect(await proxyRow.textContent()).toMatch(/līdz 31\.12\.2099/);
  await expectAxeClean(page, 'a temporary password shown');

  // The temporary password logs in on the resident API; once changed, the proxy reaches the premise.
  const login = await api(server.url, 'POST', '/v1/demo/auth/login', { body: { email: proxyEmail, password: temporary } });
  expect(login.status).toBe(200);
  const first = (await login.json()) as { accessToken: string; user: { mustChangePassword: boolean } };
  expect(first.user.mustChangePassword).toBe(true);
  const changed = await api(server.url, 'POST', '/v1/demo/auth/password/change', { token: first.accessToken, body: { currentPassword: temporary, newPassword: 'Ilzes-Jauna-Parole-2026' } });
  expect(changed.status, await changed.clone().text()).toBe(200);
  const proxyToken = ((await changed.json()) as { accessToken: string }).accessToken;
  expect(await premisesOf(proxyToken)).toEqual([ANNA_FIRST_PREMISE.label]);

  // An owner invited by email: pending, and the invitation can be sent again.
  const ownerEmail = `lidzipasniece-${stamp}@example.lv`;
  await page.getByLabel('īpašnieks', { exact: true }).check();
  expect(await page.getByLabel('Pilnvara (numurs vai apraksts)').count()).toBe(0);
  await page.getByLabel('E-pasts', { exact: true }).fill(ownerEmail);
  await page.getByLabel('Vārds, uzvārds').fill('Maija Līdzīpašniece');
  await page.getByRole('button', { name: 'Pievienot' }).click();
  await page.getByText(`Pievienots: Maija Līdzīpašniece (īpašnieks). Ielūgums nosūtīts uz ${ownerEmail}.`).waitFor();
  expect(await page.locator('code.temporary-password').count()).toBe(0);
  const ownerRow = people.getByRole('row', { name: /Maija Līdzīpašniece/ });
  await ownerRow.getByText('ielūgts, parole vēl nav izvēlēta').waitFor();
  await ownerRow.getByRole('button', { name: 'Sūtīt ielūgumu vēlreiz: Maija Līdzīpašniece' }).click();
  await page.getByText(`Ielūgums vēlreiz nosūtīts uz ${ownerEmail}.`).waitFor();

  // Revoke the proxy: asked once more (cancelling keeps it), then the row goes, the focus stays
  // on the page, and the proxy reaches nothing.
  await proxyRow.getByRole('button', { name: 'Atsaukt piekļuvi: Ilze Pilnvarniece' }).click();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Jā, atsaukt piekļuvi: Ilze Pilnvarniece');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Atsaukt piekļuvi: Ilze Pilnvarniece');
  expect(await premisesOf(proxyToken)).toEqual([ANNA_FIRST_PREMISE.label]);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.getByText(`Ilze Pilnvarniece vairs nav piekļuves adresei ${ANNA_FIRST_PREMISE.label}.`).waitFor();
  await expect.poll(() => proxyRow.count()).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('premise-heading');
  expect(await premisesOf(proxyToken)).toEqual([]);
  await expectAxeClean(page, 'after the revocation');

  // Back to the list, which shows the people as they are now.
  await page.getByRole('button', { name: 'Atpakaļ uz meklēšanu' }).click();
  const again = results.getByRole('row', { name: new RegExp(ANNA_FIRST_PREMISE.label) });
  await again.getByText('Maija Līdzīpašniece').waitFor();
  expect(await again.textContent()).not.toContain('Ilze Pilnvarniece');
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(ANNA_FIRST_PREMISE.label);

  // Other languages: the same page in English.
  await page.getByLabel('Valoda').selectOption('en');
  await page.getByRole('heading', { name: 'Residents and access' }).waitFor();
  await page.close();
}, 300_000);

test('on a tablet the Residents section fits the screen and stays axe-clean; another tenant is never searched', async () => {
  // A staff session over the API (the next TOTP step: the one before was used by the first test).
  const session = await demoStaffSession(server.url);
  // demo2 has its own Anna; the demo staff token opens nothing of demo2, and demo's search never shows demo2's premises.
  expect((await api(server.url, 'GET', '/v1/demo2/admin/resident-search?q=anna', { token: session.token })).status).toBe(401);
  const demoAnna = (await (await api(server.url, 'GET', '/v1/demo/admin/resident-search?q=anna', { token: session.token })).json()) as { items: Array<{ label: string }> };
  expect(demoAnna.items.map((i) => i.label)).not.toContain('Lāčplēša iela 87-14');

  const context = await contextWithSession(browser, session, { viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/demo/#residents`);
  await page.getByRole('heading', { name: 'Iedzīvotāji un piekļuves' }).waitFor();
  await page.getByLabel('Meklēt pēc adreses, konta numura, vārda vai e-pasta').fill('malkalnes');
  await page.getByRole('button', { name: 'Meklēt' }).click();
  await page.locator('table.residents').getByRole('button', { name: ANNA_FIRST_PREMISE.label }).click();
  await page.getByRole('heading', { name: ANNA_FIRST_PREMISE.label, level: 2 }).waitFor();
  await page.locator('table.people').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await expectAxeClean(page, 'a premise on a tablet');
  await context.close();
}, 300_000);
