/**
 * The console's readings page at the demo's moment (`?now=2026-05-30T10:00`, May 2026): per
 * building, the premises that owe readings, submitted and missing are the admin API's
 * `GET /readings/summary`, and so are the totals.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { contextWithSession, demoStaffSession, startConsoleDemo, type ConsoleDemo } from './support/console.ts';
import { api } from './support/residents.ts';
import type { RunningServer } from './support/server.ts';

let browser: Browser;
let demo: ConsoleDemo;
let server: RunningServer;

beforeAll(async () => {
  demo = await startConsoleDemo('readings');
  ({ server, browser } = demo);
}, 330_000);
afterAll(async () => {
  await demo?.stop();
});

interface Counts {
  owing: number;
  submitted: number;
  missing: number;
}

test('the readings page shows per building the owing, submitted and missing counts of GET /readings/summary', async () => {
  const admin = await demoStaffSession(server.url);
  const context = await contextWithSession(browser, admin, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console/demo/?now=2026-05-30T10:00#readings`);
  await page.getByRole('heading', { name: 'Kas nav nodevis rādījumus' }).waitFor();
  expect(await page.getByLabel('Periods').inputValue()).toBe('2026-05');
  await page.locator('table.per-building tfoot tr.totals').waitFor();

  const answer = await api(server.url, 'GET', '/v1/demo/admin/readings/summary?period=2026-05', { token: admin.token, headers: { 'x-doorstep-now': '2026-05-30T10:00:00+03:00' } });
  expect(answer.status).toBe(200);
  const summary = (await answer.json()) as { buildings: Array<Counts & { buildingRef: string | null }>; totals: Counts };
  // The demo's premises owe May and have submitted it: the numbers say something.
  expect(summary.totals.owing).toBeGreaterThan(0);
  expect(summary.totals.submitted).toBeGreaterThan(0);
  expect(summary.totals.submitted + summary.totals.missing).toBe(summary.totals.owing);

  const cells = (row: string) =>
    page.locator(row).evaluate((tr) => ['owing', 'submitted', 'missing-count'].map((c) => Number(tr.querySelector(`td.${c}`)?.textContent?.trim())));
  const shown = await page.locator('table.per-building tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.building));
  expect(shown).toEqual(summary.buildings.map((b) => b.buildingRef ?? ''));
  for (const b of summary.buildings) {
    expect([b.buildingRef, ...(await cells(`table.per-building tbody tr[data-building="${b.buildingRef}"]`))]).toEqual([b.buildingRef, b.owing, b.submitted, b.missing]);
  }
  expect(await cells('table.per-building tfoot tr.totals')).toEqual([summary.totals.owing, summary.totals.submitted, summary.totals.missing]);
  await context.close();
}, 300_000);
