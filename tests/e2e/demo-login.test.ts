import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'doorstep-e2e-'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function logInOnDemoPage(server: RunningServer) {
  const page = await browser.newPage();
  // The page runs under its strict Content-Security-Policy: collect anything it refuses.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(`${server.url}/`);
  const login = page.locator('owner-login').first();
  await login.locator('input[autocomplete="username"]').fill('anna@example.lv');
  await login.locator('input[autocomplete="current-password"]').fill('Parole-2026!');
  await login.locator('button[type="submit"]').click();
  // The greeting is in the widget's shadow root; Playwright's text locators pierce it.
  await login.getByText('Anna Bērziņa').first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: '.test-results/demo-logged-in.png', fullPage: false });
  // The readings and invoices have loaded too, all under the policy.
  await page.locator('meter-readings').first().getByText('Malkalnes').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect((await fetch(`${server.url}/`)).headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
  return page;
}

test('a resident logs in on the demo site, and the embedded database keeps its data across restarts', async () => {
  const first = await startServer('node', { DOORSTEP_DATA_DIR: dataDir });
  try {
    const page = await logInOnDemoPage(first);
    await page.close();
  } finally {
    await first.stop();
  }
  expect(first.output()).not.toContain('"level":"error"');

  // Second start on the same directory: no new seed, the same residents log in.
  const second = await startServer('node', { DOORSTEP_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  try {
    const page = await logInOnDemoPage(second);
    await page.close();
    expect(second.output()).not.toContain('demo data seeded');
  } finally {
    await second.stop();
  }
});
