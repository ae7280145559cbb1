/**
 * @module
 * The staff console in Chromium, for the e2e tests: the demo server and the browser, the axe check, the demo admin's
 * login with password and a TOTP code the test computes (on the page or over the API), and a
 * browser context that opens already logged in.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_STAFF } from '../../../server/demo/staff.ts';
import { totpCode } from '../../../server/staff/totp.ts';
import { api, DEMO_PASSWORD } from './residents.ts';
import { startServer, type RunningServer } from './server.ts';

/** Where the console keeps its staff session (per tenant, in sessionStorage). */
export const CONSOLE_SESSION_KEY = 'doorstep-console:demo';

export interface StaffSession {
  token: string;
  staff: { id: string; role?: string };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

let axeSource: Promise<string> | undefined;

/** axe-core on the whole page; evaluated through the debugger protocol, which the page's policy does not govern. */
export async function expectAxeClean(page: Page, state: string) {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe in ${state}`).toEqual([]);
}

/**
 * The demo admin logs in on the console's login page (already open in `page`) with the password
 * and the current TOTP code. `keyboard`: typed, Tab and Enter only (the focus moves to the code
 * field by itself); otherwise the fields are filled and the buttons clicked. Waits for the
 * `landing` heading (the inbox, 'Saziņa', unless told; null: does not wait).
 */
export async function logInOnPage(page: Page, options: { keyboard?: boolean; landing?: string | null } = {}) {
  const landing = options.landing === undefined ? 'Saziņa' : options.landing;
  await page.getByRole('heading', { name: 'Pieslēgties birojam' }).waitFor();
  if (options.keyboard) {
    await page.getByLabel('E-pasts').focus();
    await page.keyboard.type(DEMO_STAFF.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Apstiprinājuma kods' }).waitFor();
    // Focus moved to the code field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-code');
    await page.keyboard.type(totpCode(DEMO_STAFF.totpSecret, new Date()));
    await page.keyboard.press('Enter');
  } else {
    await page.getByLabel('E-pasts').fill(DEMO_STAFF.email);
    await page.getByLabel('Parole').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Pieslēgties' }).click();
    await page.getByRole('heading', { name: 'Apstiprinājuma kods' }).waitFor();
    await page.getByLabel('Kods', { exact: true }).fill(totpCode(DEMO_STAFF.totpSecret, new Date()));
    await page.getByRole('button', { name: 'Apstiprināt' }).click();
  }
  if (landing !== null) await page.getByRole('heading', { name: landing }).waitFor({ timeout: 20_000 });
}

/** The staff token the console holds in the page. */
export function consoleToken(page: Page): Promise<string> {
  return page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{}').token as string, CONSOLE_SESSION_KEY);
}

/**
 * A staff session of the demo admin, logged in over the API. Each TOTP step is good once and a
 * test before may have used the current and the next one: a refused code waits for the next step.
 */
export async function demoStaffSession(base: string): Promise<StaffSession> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const step = (await (await api(base, 'POST', '/v1/demo/staff/login', { body: { email: DEMO_STAFF.email, password: DEMO_PASSWORD } })).json()) as { loginToken: string };
    const answer = await api(base, 'POST', '/v1/demo/staff/login/totp', { body: { loginToken: step.loginToken, code: totpCode(DEMO_STAFF.totpSecret, new Date(Date.now() + 30_000)) } });
    if (answer.status === 200) return (await answer.json()) as StaffSession;
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 500));
  }
  throw new Error('the demo staff account would not log in');
}

/** A browser context whose console pages open with this staff session already stored. */
export async function contextWithSession(browser: Browser, session: { token: string }, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript(([key, stored]) => sessionStorage.setItem(key!, stored!), [CONSOLE_SESSION_KEY, JSON.stringify(session)]);
  return context;
}

export interface ConsoleDemo {
  server: RunningServer;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The built server with the demo on a data directory of its own, and a Chromium. The demo seed
 * (Argon2, two years of readings) is slow on a busy two-core machine, hence its 300 s to start.
 */
export async function startConsoleDemo(label: string, env: Record<string, string> = {}): Promise<ConsoleDemo> {
  const dataDir = await mkdtemp(join(tmpdir(), `doorstep-console-${label}-e2e-`));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  let server: RunningServer | undefined;
  try {
    server = await startServer('node', { DOORSTEP_DATA_DIR: dataDir, ...env }, { startSeconds: 300 });
    const browser = await launchChromium();
    const running = server;
    return {
      server: running,
      browser,
      async stop() {
        await browser.close();
        await running.stop();
        await removeDir();
      },
    };
  } catch (error) {
    await server?.stop();
    await removeDir();
    throw error;
  }
}
