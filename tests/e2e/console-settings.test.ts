/**
 * The console's Settings in Chromium against the real server with the demo seed (issue #14): the
 * demo admin logs in with a TOTP code the test computes, changes the reading window rule and sees
 * the server's 12-window preview change; creates an API key (shown once), which then works on an
 * admin route, and revokes it (401 after); adds a webhook endpoint pointing at a real node:http
 * receiver in this test and sees a delivered attempt, and sends it again; a staff-role account
 * sees no Settings and the server refuses it the changes. axe-clean; 1280 and 768 px wide.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { totpCode } from '../../server/staff/totp.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../server/support/webhook-receiver.ts';
import { api, logIn } from './support/residents.ts';
import { consoleToken, contextWithSession, demoStaffSession, expectAxeClean, logInOnPage, startConsoleDemo, type ConsoleDemo } from './support/console.ts';
import type { RunningServer } from './support/server.ts';

let browser: Browser;
let demo: ConsoleDemo;
let server: RunningServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  demo = await startConsoleDemo('settings', { DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP: 'true' });
  ({ server, browser } = demo);
}, 330_000);
afterAll(async () => {
  await demo?.stop();
  await receiver?.close();
});

const fromDays = (page: Page) => page.locator('table.window-preview tbody tr td:first-of-type').allTextContents();

test('an admin changes the window rule and sees the preview change, makes and revokes an API key, and adds a webhook that gets a delivery', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/demo/`);
  await logInOnPage(page, { keyboard: true });
  const token = await consoleToken(page);

  // Settings, from the keyboard.
  await page.getByRole('link', { name: 'Iestatījumi' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Iestatījumi', level: 1 }).waitFor();
  await page.getByRole('table', { name: 'Nākamie 12 logi' }).waitFor();
  expect(await page.locator('table.window-preview tbody tr').count()).toBe(12);
  const before = await fromDays(page);
  // The demo's rule is Ogre's (the last 2 days of the month and the 1st of the next).
  const serverPreview = (await (await api(server.url, 'POST', '/v1/demo/admin/settings/window-preview', { token, body: {} })).json()) as { windows: Array<{ firstDay: string }> };
  expect(before.map((d) => d.trim())).toEqual(serverPreview.windows.map((w) => w.firstDay.split('-').reverse().join('.')));
  await expectAxeClean(page, 'the settings');

  // A new rule: the 25th to the 28th. The preview (the server's) changes before it is saved.
  await page.getByLabel('Noteikums').selectOption('fixed_days');
  await page.getByRole('table', { name: /pēc šī noteikuma/ }).waitFor();
  await expect.poll(async () => (await fromDays(page)).every((d) => d.trim().startsWith('25.'))).toBe(true);
  await page.getByLabel('Līdz mēneša dienai').selectOption('27');
  await expect.poll(async () => (await page.locator('table.window-preview tbody tr td:nth-of-type(2)').allTextContents()).every((d) => d.trim().startsWith('27.'))).toBe(true);
  await page.getByRole('button', { name: 'Saglabāt noteikumu' }).click();
  await page.getByText('Rādījumu nodošanas noteikums saglabāts.').waitFor();
  await page.getByRole('table', { name: 'Nākamie 12 logi' }).waitFor();
  const settings = (await (await api(server.url, 'GET', '/v1/demo/admin/settings', { token })).json()) as { settings: { windowRule: unknown } };
  expect(settings.settings.windowRule).toEqual({ kind: 'fixed_days', fromDay: 25, toDay: 27 });

  // An API key: shown once, copied, it works on an admin route; revoked, it is refused.
  const keyName = `Grāmatvedība ${Date.now()}`;
  await page.getByLabel('Nosaukums', { exact: true }).fill(keyName);
  await page.getByLabel('mainīt').check();
  await page.getByRole('button', { name: 'Izveidot atslēgu' }).click();
  await page.getByText(`Atslēga “${keyName}” izveidota.`).waitFor();
  const keyBox = page.getByRole('region', { name: `Slepenā vērtība: ${keyName}` });
  await keyBox.getByText('Parādīts tikai šoreiz.', { exact: false }).waitFor();
  const key = (await keyBox.locator('code').textContent())!.trim();
  expect(key).toMatch(/^dsk_/);
  await keyBox.getByRole('button', { name: 'Kopēt' }).click();
  await keyBox.getByText('Nokopēts.').waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await expectAxeClean(page, 'a key shown once');
  expect((await api(server.url, 'GET', '/v1/demo/admin/settings', { token: key })).status).toBe(200);
  await keyBox.getByRole('button', { name: 'Esmu saglabājis' }).click();
  expect(await page.getByText(key).count()).toBe(0);
  await page.getByRole('row', { name: new RegExp(keyName) }).getByRole('button', { name: `Atsaukt: ${keyName}` }).click();
  await page.getByText(`Atslēga “${keyName}” atsaukta.`).waitFor();
  await page.getByRole('row', { name: new RegExp(keyName) }).getByText('atsaukta').waitFor();
  expect((await api(server.url, 'GET', '/v1/demo/admin/settings', { token: key })).status).toBe(401);

  // A webhook endpoint at this test's receiver; a resident's question is delivered to it.
  const url = `${receiver.base}/doorstep/${Date.now()}`;
  await page.getByLabel('Adrese (URL)').fill(url);
  await page.getByLabel(/jauna ziņa sarakstē/).check();
  await page.getByRole('button', { name: 'Pievienot adresi' }).click();
  await page.getByText('Adrese pievienota.').waitFor();
  const hookBox = page.getByRole('region', { name: `Slepenā vērtība: ${url}` });
  expect((await hookBox.locator('code').textContent())!.trim()).toMatch(/^whsec_/);
  await hookBox.getByRole('button', { name: 'Esmu saglabājis' }).click();

  const anna = await logIn(server.url, 'anna@example.lv');
  const me = (await (await api(server.url, 'GET', '/v1/demo/me', { token: anna.accessToken })).json()) as { premises: Array<{ id: string }> };
  const form = new FormData();
  form.append('subject', `Jautājums ${Date.now()}`);
  form.append('body', 'Labdien! Kad būs rēķins?');
  const asked = await fetch(`${server.url}/v1/demo/premises/${me.premises[0]!.id}/threads`, { method: 'POST', headers: { authorization: `Bearer ${anna.accessToken}` }, body: form });
  expect(asked.status).toBe(201);
  const path = new URL(url).pathname;
  await expect.poll(() => receiver.received.filter((r) => r.path === path).length, { timeout: 60_000 }).toBe(1);

  await page.getByRole('button', { name: `Rādīt piegādes: ${url}` }).click();
  await page.getByRole('heading', { name: `Piegādes: ${url}` }).waitFor();
  const delivered = page.locator('tr.delivery[data-status="delivered"]');
  for (let i = 0; i < 30 && (await delivered.count()) === 0; i++) {
    await page.getByRole('button', { name: 'Atjaunot' }).click();
    await page.waitForTimeout(1000);
  }
  await delivered.first().getByText('HTTP 204', { exact: false }).waitFor();
  expect(await delivered.first().textContent()).toContain('thread.message_created');
  await expectAxeClean(page, 'the deliveries');
  // Sent again by hand: the receiver gets it a second time.
  await delivered.first().getByRole('button', { name: /Sūtīt vēlreiz/ }).click();
  await page.getByText('Piegāde ielikta rindā vēlreiz.').waitFor();
  await expect.poll(() => receiver.received.filter((r) => r.path === path).length, { timeout: 60_000 }).toBe(2);

  // A tablet: nothing wider than the screen.
  await page.setViewportSize({ width: 768, height: 1024 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await expectAxeClean(page, 'the settings on a tablet');
  await context.close();
}, 300_000);

test('a staff-role account sees no Settings, and the server refuses it the settings and the keys', async () => {
  // An admin's API session opens the account; its first login enrols its own authenticator.
  const adminToken = (await demoStaffSession(server.url)).token;
  const email = `kasiere-${Date.now()}@example.lv`;
  const password = 'Kasieres-Parole-2026';
  expect((await api(server.url, 'POST', '/v1/demo/admin/staff', { token: adminToken, body: { email, name: 'Kasiere', role: 'staff', password } })).status).toBe(201);
  const step = (await (await api(server.url, 'POST', '/v1/demo/staff/login', { body: { email, password } })).json()) as { loginToken: string; enrolment: { secret: string } };
  const done = await api(server.url, 'POST', '/v1/demo/staff/login/totp', { body: { loginToken: step.loginToken, code: totpCode(step.enrolment.secret, new Date()) } });
  expect(done.status).toBe(200);
  const session = (await done.json()) as { token: string; staff: { role: string } };
  expect(session.staff.role).toBe('staff');

  const context = await contextWithSession(browser, session, { viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/demo/#settings`);
  // The address asks for Settings; a staff member gets the inbox, and no link to Settings.
  await page.getByRole('heading', { name: 'Saziņa' }).waitFor();
  expect(await page.getByRole('link', { name: 'Iestatījumi' }).count()).toBe(0);
  expect(await page.locator('console-settings').count()).toBe(0);
  for (const [method, path, body] of [
    ['PATCH', '/v1/demo/admin/settings', { windowRule: { kind: 'fixed_days', fromDay: 1, toDay: 2 } }],
    ['GET', '/v1/demo/admin/keys', undefined],
    ['POST', '/v1/demo/admin/webhooks', { url: `${receiver.base}/nope`, events: ['reading.submitted'] }],
  ] as const) {
    const response = await api(server.url, method, path, { token: session.token, ...(body ? { body } : {}) });
    expect(response.status, `${method} ${path}`).toBe(403);
  }
  await context.close();
}, 120_000);
