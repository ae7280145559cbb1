/**
 * The console's documents and invoices pages in Chromium against the real built server with the
 * demo seed (issue #14):
 * - staff log in with password and a TOTP code the test computes, upload a document for one
 *   building marked "requires strong login"; it is listed, and a resident of that building (not of
 *   another) gets it from the resident API and in `<house-documents>` on the demo site — locked
 *   until a strong login; a copy for every building reaches the others; it is then replaced and
 *   deleted;
 * - an invoice CSV with one bad row is refused as a whole (the import is all or nothing): the
 *   error table names the row and the code with the message in the staff's language (Latvian,
 *   then English after switching); the corrected file is imported with a PDF attached by its
 *   invoice number, and the premise's invoices show the new ones with their status;
 * - both pages are axe-clean, at 1280 px and on a tablet (768 px) with nothing wider than the screen.
 */
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importMessage } from '../../server/admin/imports/import-texts.ts';
import { api, logIn } from './support/residents.ts';
import { consoleToken, contextWithSession, demoStaffSession, expectAxeClean, logInOnPage, startConsoleDemo, type ConsoleDemo } from './support/console.ts';
import type { RunningServer } from './support/server.ts';

let browser: Browser;
let demo: ConsoleDemo;
let server: RunningServer;

beforeAll(async () => {
  demo = await startConsoleDemo('docs');
  ({ server, browser } = demo);
}, 330_000);
afterAll(async () => {
  await demo?.stop();
});

/** Elements reaching past the right edge of the screen, outside a scrolling table (a failure names them). */
function widest(): string[] {
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll'))
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`)
    .slice(0, 10);
}

async function pdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage().drawText(text);
  return Buffer.from(await document.save());
}

async function residentDocuments(email: string, label?: string) {
  const session = await logIn(server.url, email);
  const me = (await (await api(server.url, 'GET', '/v1/demo/me', { token: session.accessToken })).json()) as { premises: Array<{ id: string; label: string }> };
  const premise = label ? me.premises.find((p) => p.label === label)! : me.premises[0]!;
  const answer = await api(server.url, 'GET', `/v1/demo/premises/${premise.id}/documents`, { token: session.accessToken });
  expect(answer.status).toBe(200);
  const documents = ((await answer.json()) as { documents: Array<{ id: string; title: string; locked: boolean; requiresStrongAuth: boolean; category: string }> }).documents;
  return { session, premiseId: premise.id, documents };
}

test('staff log in with a TOTP code and upload a document for one building that needs a strong login; its residents see it locked, others not; replaced, then deleted', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${server.url}/console/demo/`);
  await logInOnPage(page);

  // Keyboard: the section's link in the navigation.
  await page.getByRole('link', { name: 'Dokumenti' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Mājas dokumenti' }).waitFor();
  await page.locator('table.documents, console-documents p:text("Dokumentu vēl nav.")').first().waitFor();
  await expectAxeClean(page, 'the documents');

  const title = `Kopsapulces protokols ${Date.now()}`;
  await page.getByLabel('Māja', { exact: true }).selectOption({ label: 'Malkalnes prospekts 3, Ogre' });
  await page.getByLabel('Kategorija').selectOption({ label: 'Sapulces protokols' });
  await page.getByLabel('Nosaukums').fill(title);
  await page.getByLabel('Dokumenta datums').fill('2026-11-20');
  await page.getByLabel('Gads (nav obligāts)').fill('2026');
  await page.getByLabel(/Atvērt tikai pēc drošas pieslēgšanās/).check();
  await page.getByLabel(/^Datne/).setInputFiles({ name: 'protokols.pdf', mimeType: 'application/pdf', buffer: await pdf('Kopsapulces protokols') });
  await page.getByRole('button', { name: 'Augšupielādēt' }).click();
  await page.getByText(`Dokuments "${title}" publicēts.`).waitFor();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.getByText('Droša pieslēgšanās').waitFor();
  expect(await row.textContent()).toContain('Malkalnes prospekts 3, Ogre');
  expect(await row.textContent()).toContain('Sapulces protokols');
  await expectAxeClean(page, 'the documents after an upload');
  // The staff member opens the file (fetched with the staff token, saved under its name).
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `Atvērt: ${title}` }).click()]);
  expect(download.suggestedFilename()).toBe('protokols.pdf');

  // The admin API holds what the form said.
  const token = await consoleToken(page);
  const listed = (await (await api(server.url, 'GET', '/v1/demo/admin/documents?limit=1000', { token })).json()) as {
    items: Array<{ id: string; title: string; buildingRef: string; category: string; date: string; period: string; requiresStrongAuth: boolean; file: { fileName: string } }>;
  };
  const stored = listed.items.find((d) => d.title === title)!;
  expect(stored).toMatchObject({ buildingRef: 'B-malkalnes3', category: 'meeting_protocol', date: '2026-11-20', period: '2026', requiresStrongAuth: true, file: { fileName: 'protokols.pdf' } });

  // Anna lives in that building: listed, locked in her password session, and the file refused.
  const anna = await residentDocuments('anna@example.lv', 'Malkalnes prospekts 3-111');
  const annas = anna.documents.find((d) => d.title === title);
  expect(annas).toMatchObject({ requiresStrongAuth: true, locked: true, category: 'meeting_protocol' });
  const refused = await api(server.url, 'GET', `/v1/demo/premises/${anna.premiseId}/documents/${annas!.id}/file`, { token: anna.session.accessToken });
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('strong_auth_required');
  // And on the demo site, Anna's <house-documents> lists it with the way to open it by a strong login.
  const demo = await browser.newPage();
  await demo.goto(`${server.url}/`);
  const login = demo.locator('owner-login').first();
  await login.locator('input[autocomplete="username"]').fill('anna@example.lv');
  await login.locator('input[autocomplete="current-password"]').fill('Parole-2026!');
  await login.locator('button[type="submit"]').click();
  const listedForAnna = demo.locator('house-documents [data-category="meeting_protocol"] [part="document"]', { hasText: title });
  await listedForAnna.waitFor({ timeout: 30_000 });
  await listedForAnna.locator('[part="open-locked-button"]').waitFor();
  await demo.close();
  // Pēteris lives in another building: nothing.
  expect((await residentDocuments('peteris@example.lv')).documents.map((d) => d.title)).not.toContain(title);

  // Replace: the same form, the file kept; the title changes, the strong-login mark goes.
  await row.getByRole('button', { name: `Aizstāt: ${title}` }).click();
  await page.getByRole('heading', { name: `Aizstāt dokumentu: ${title}` }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('document-form-heading');
  const renamed = `${title} (precizēts)`;
  await page.getByLabel('Nosaukums').fill(renamed);
  await page.getByLabel(/Atvērt tikai pēc drošas pieslēgšanās/).uncheck();
  await page.getByRole('button', { name: 'Saglabāt izmaiņas' }).click();
  await page.getByText(`Dokuments "${renamed}" saglabāts.`).waitFor();
  const renamedRow = page.getByRole('row', { name: new RegExp(renamed.replace(/[()]/g, '\\$&')) });
  await renamedRow.getByText('Visiem mājas īpašniekiem').waitFor();
  expect((await residentDocuments('anna@example.lv', 'Malkalnes prospekts 3-111')).documents.find((d) => d.id === annas!.id)).toMatchObject({ title: renamed, locked: false });

  // Delete: gone for the resident too.
  await renamedRow.getByRole('button', { name: `Dzēst: ${renamed}` }).click();
  await page.getByText(`Dokuments "${renamed}" dzēsts.`).waitFor();
  await expect.poll(() => page.getByRole('row', { name: new RegExp(title) }).count()).toBe(0);
  expect((await residentDocuments('anna@example.lv', 'Malkalnes prospekts 3-111')).documents.map((d) => d.id)).not.toContain(annas!.id);

  // For every building: one copy each, so the residents of another building get it too.
  const everyone = `Apkures sezonas atskaite ${Date.now()}`;
  await page.getByLabel('Māja', { exact: true }).selectOption({ label: 'Visas mājas (katrai sava kopija)' });
  await page.getByLabel('Kategorija').selectOption({ label: 'Atskaite' });
  await page.getByLabel('Nosaukums').fill(everyone);
  await page.getByLabel(/^Datne/).setInputFiles({ name: 'atskaite.pdf', mimeType: 'application/pdf', buffer: await pdf('Atskaite') });
  await page.getByRole('button', { name: 'Augšupielādēt' }).click();
  await page.getByText(`Dokuments "${everyone}" publicēts 4 mājām.`).waitFor();
  await expect.poll(() => page.getByRole('row', { name: new RegExp(everyone) }).count()).toBe(4);
  expect((await residentDocuments('peteris@example.lv')).documents.find((d) => d.title === everyone)).toMatchObject({ category: 'report', locked: false });

  // Nothing wrong in a form: the alert says what, and the field has the focus.
  await page.getByRole('button', { name: 'Augšupielādēt' }).click();
  await page.getByRole('alert').filter({ hasText: 'Aizpildiet nosaukumu' }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('document-title');

  // A tablet: nothing wider than the screen, and axe-clean.
  await page.setViewportSize({ width: 768, height: 1024 });
  expect(await page.evaluate(widest)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await expectAxeClean(page, 'the documents on a tablet');
  await page.close();
}, 300_000);

test("an invoice CSV with one bad row is refused with the row's error in a table; the corrected file is imported with its PDF, and the premise's invoices show it", async () => {
  const admin = await demoStaffSession(server.url);
  const context = await contextWithSession(browser, admin, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/demo/#invoices`);
  await page.getByRole('heading', { name: 'Rēķinu imports' }).waitFor();
  await expectAxeClean(page, 'the invoices');

  const stamp = Date.now();
  const first = `E2E-${stamp}-1`;
  const second = `E2E-${stamp}-2`;
  const header = 'invoice_number;premise_ref;period;issue_date;due_date;balance_carried;paid_amount;paid_at;line_service;line_quantity;line_unit;line_unit_price;line_sum';
  const good = [
    `${first};P-13218;2026-10;2026-11-01;2099-11-30;0;;;Apsaimniekošana;54,3;m2;0,45;24,44`,
    `${first};P-13218;2026-10;2026-11-01;2099-11-30;0;;;Aukstais ūdens;3,2;m3;1,80;5,76`,
    `${second};P-13218;2026-09;2026-10-01;2026-10-31;0;24,44;2026-10-15 10:00;Apsaimniekošana;54,3;m2;0,45;24,44`,
  ];
  const bad = `${second};P-13218;2026-09;2026-10-01;2026-10-31;0;24,44;2026-10-15 10:00;Remontdarbi;1;gab.;10;desmit`;
  // Line 1 is the header: the bad line is line 5.
  const withError = [header, ...good, bad].join('\n');
  const corrected = [header, ...good].join('\n');

  await page.getByLabel('Rēķinu CSV datne').setInputFiles({ name: 'rekini.csv', mimeType: 'text/csv', buffer: Buffer.from(withError) });
  await page.getByRole('button', { name: 'Importēt' }).click();
  await page.getByRole('alert').filter({ hasText: 'Datnē ir 1 kļūda; nekas netika saglabāts.' }).waitFor();
  const errors = page.getByRole('table', { name: 'Importa kļūdas pa rindām' });
  await errors.waitFor();
  const errorRows = errors.locator('tbody tr');
  expect(await errorRows.count()).toBe(1);
  expect(await errorRows.first().locator('th').textContent()).toBe('5');
  expect((await errorRows.first().locator('td').allTextContents()).map((s) => s.trim())).toEqual(['line_sum', 'invalid_decimal', importMessage('invalid_decimal', 'lv')]);
  await expectAxeClean(page, 'the import errors');

  // All or nothing: the good rows of the refused file were not imported.
  const invoicesOf = async () =>
    ((await (await api(server.url, 'GET', '/v1/demo/admin/invoices?premiseRef=P-13218&limit=1000', { token: admin.token })).json()) as {
      items: Array<{ number: string; status: string; pdf: { fileName: string } | null }>;
    }).items;
  expect((await invoicesOf()).map((i) => i.number)).not.toContain(first);

  // The staff member's language: the same check in English says it in English.
  await page.getByLabel('Valoda').selectOption('en');
  await page.getByRole('heading', { name: 'Import invoices' }).waitFor();
  await page.getByRole('button', { name: 'Check only' }).click();
  await page.getByRole('alert').filter({ hasText: 'The file has 1 error; nothing was saved.' }).waitFor();
  await page.getByRole('table', { name: 'Import errors by row' }).getByText(importMessage('invalid_decimal', 'en')).waitFor();
  await page.getByLabel('Language').selectOption('lv');
  await page.getByRole('heading', { name: 'Rēķinu imports' }).waitFor();

  // The corrected file, with the first invoice's PDF named by its number.
  await page.getByLabel('Rēķinu CSV datne').setInputFiles({ name: 'rekini.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected) });
  await page.getByLabel(/^Rēķinu PDF/).setInputFiles([{ name: `${first}.pdf`, mimeType: 'application/pdf', buffer: await pdf(first) }]);
  await page.getByRole('button', { name: 'Importēt' }).click();
  await page.getByText('Pievienots 1 PDF.', { exact: false }).waitFor({ timeout: 30_000 });
  expect(await page.getByRole('table', { name: 'Importa kļūdas pa rindām' }).count()).toBe(0);
  expect(await page.getByRole('alert').first().textContent()).toBe('');

  const imported = await invoicesOf();
  expect(imported.find((i) => i.number === first)).toMatchObject({ status: 'unpaid', pdf: { fileName: `${first}.pdf` } });
  expect(imported.find((i) => i.number === second)).toMatchObject({ status: 'paid', pdf: null });

  // The premise by its account number: its invoices with their status.
  await page.getByLabel('Konta numurs, adrese vai telpas kods').fill('13218');
  await page.keyboard.press('Enter');
  const table = page.locator('table.premise-invoices');
  await table.waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('premise-invoices-heading');
  const firstRow = table.getByRole('row', { name: new RegExp(`^${first}`) });
  expect(await firstRow.textContent()).toContain('Neapmaksāts');
  expect(await firstRow.textContent()).toContain(`${first}.pdf`);
  expect(await firstRow.textContent()).toMatch(/30,20\s€/);
  expect(await table.getByRole('row', { name: new RegExp(`^${second}`) }).textContent()).toContain('Apmaksāts');
  expect(await table.locator('tbody tr').count()).toBe(imported.length);
  await expectAxeClean(page, "a premise's invoices");

  // An address finds it too (more than one premise may match: each has its button).
  await page.getByLabel('Konta numurs, adrese vai telpas kods').fill('brīvības');
  await page.getByRole('button', { name: 'Meklēt' }).click();
  await page.getByRole('table', { name: 'Atrastās telpas' }).waitFor();
  await page.getByRole('button', { name: /^Rādīt rēķinus: .*/ }).first().waitFor();

  // A tablet: nothing wider than the screen, and axe-clean.
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.getByLabel('Konta numurs, adrese vai telpas kods').fill('13218');
  await page.keyboard.press('Enter');
  await table.waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await expectAxeClean(page, 'the invoices on a tablet');
  await context.close();
}, 300_000);
