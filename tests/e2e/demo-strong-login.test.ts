/**
 * Strong login on the demo page with the demo's own identity provider, "Demo Banka"
 * (server/demo/demo-bank.ts: oidc-provider behind /demo-banka, demo mode only), in Chromium against
 * the built server: the popup flow from `<owner-login>` to an opened strong-only document in
 * `<house-documents>`; the step-up of a password session with the popup blocked (the same window
 * goes to the bank and comes back, and the document opens); a person the manager does not know.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

let browser: Browser;
let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'doorstep-e2e-bank-'));
  server = await startServer('node', { DOORSTEP_DATA_DIR: dataDir }, { startSeconds: 900 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 1_000_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const PROTOCOL = 'house-documents [data-category="meeting_protocol"] [part="document"]';

async function demoPage(options: { blockPopups?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage();
  // What a browser's popup blocker does: window.open answers null.
  if (options.blockPopups) await page.addInitScript(() => (window.open = () => null));
  await page.goto(`${server.url}/`);
  return page;
}

test('Anna logs in with Demo Banka in a popup, and the strong-only protocol opens', async () => {
  const page = await demoPage();
  const login = page.locator('owner-login').first();
  const button = login.getByRole('button', { name: 'Pieslēgties ar Demo Banka' });
  const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()]);
  await popup.getByRole('button', { name: /Anna Bērziņa/ }).click();
  await login.getByText('Sveiki, Anna Bērziņa!').waitFor({ timeout: 60_000 });
  // The house file sees the strong session: the protocol has a download button, no lock.
  const download = page.locator(`${PROTOCOL} [part="download-button"]`).first();
  await download.waitFor({ timeout: 30_000 });
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toMatch(/protokol/i);
  await page.close();
}, 180_000);

test('with the popup blocked, a password session steps up in <house-documents> through the same window, and the document opens', async () => {
  const page = await demoPage({ blockPopups: true });
  const login = page.locator('owner-login').first();
  await login.locator('input[autocomplete="username"]').fill('anna@example.lv');
  await login.locator('input[autocomplete="current-password"]').fill('Parole-2026!');
  await login.locator('button[type="submit"]').click();
  await login.getByText('Anna Bērziņa').first().waitFor({ timeout: 30_000 });
  const locked = page.locator(PROTOCOL).first();
  await locked.locator('[part="open-locked-button"]').click();
  await locked.getByRole('button', { name: 'Pieslēgties ar Demo Banka' }).click();
  // The page itself went to the bank.
  await page.waitForURL(/\/demo-banka\/interaction\//, { timeout: 60_000 });
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByRole('button', { name: /Anna Bērziņa/ }).click()]);
  expect(file.suggestedFilename()).toMatch(/protokol/i);
  // Back on the demo page, the one-time code taken out of the address.
  expect(page.url()).toBe(`${server.url}/`);
  await page.locator(`${PROTOCOL} [part="download-button"]`).first().waitFor({ timeout: 30_000 });
  await page.close();
}, 180_000);

test('a person the manager does not know gets a clear message and no account', async () => {
  const page = await demoPage();
  const login = page.locator('owner-login').first();
  const [popup] = await Promise.all([page.waitForEvent('popup'), login.getByRole('button', { name: 'Pieslēgties ar Demo Banka' }).click()]);
  await popup.getByRole('button', { name: /Svešinieks/ }).click();
  await login.getByText('Jūsu personas kods nav atrasts mūsu klientu sarakstā', { exact: false }).waitFor({ timeout: 60_000 });
  await page.close();
}, 180_000);

test('Demo Banka is not there outside demo mode', async () => {
  const production = await startServer('node', {
    NODE_ENV: 'production',
    DOORSTEP_DATA_DIR: join(dataDir, 'production'),
    DOORSTEP_SEED: 'demo',
    JWT_SECRET: 'j'.repeat(40),
    DOORSTEP_PERSONAL_CODE_KEY: 'k'.repeat(40),
    DOORSTEP_ENCRYPTION_KEY: 'e'.repeat(40),
  }, { startSeconds: 900 });
  try {
    expect((await fetch(`${production.url}/demo-banka/.well-known/openid-configuration`)).status).toBe(404);
    const providers = await fetch(`${production.url}/v1/demo/auth/oidc/providers`);
    expect(((await providers.json()) as { providers: unknown[] }).providers).toEqual([]);
  } finally {
    await production.stop();
  }
}, 1_000_000);
