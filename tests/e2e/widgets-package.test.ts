/**
 * `@doorstep/widgets` as an npm user gets it: widgets/ (built by `npm run build`) packed with
 * `npm pack`, unpacked into a node_modules of its own, and every entry point imported by its
 * name, so the package's `exports` map, not the source tree, decides what resolves. Node has no
 * DOM; Lit's own server shim stands in for `HTMLElement` and `customElements`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { customElements as shimRegistry, HTMLElement as ShimHTMLElement } from '@lit-labs/ssr-dom-shim';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/** What `@doorstep/widgets` (and `/define`) exported before per-element entry points existed. */
const EXPORTED_BEFORE = [
  'AddressSwitcher', 'ApiClient', 'ApiError', 'ConsumptionHistory', 'DoorstepAddressChangeEvent', 'DoorstepConfig',
  'DoorstepElement', 'DoorstepForgotPasswordEvent', 'DoorstepInvitationAcceptEvent', 'DoorstepInvoiceDownloadEvent',
  'DoorstepLoginEvent', 'DoorstepLogoutEvent', 'DoorstepMembersChangeEvent', 'DoorstepMessageSendEvent',
  'DoorstepNoticeOpenEvent', 'DoorstepNoticeReadEvent', 'DoorstepPasswordResetEvent', 'DoorstepProfileChangeEvent',
  'DoorstepReadingSubmitEvent', 'DoorstepRegisteredEvent', 'DoorstepThreadCreateEvent', 'HouseDocuments',
  'HouseholdUsers', 'InvitationAccept', 'InvoiceList', 'ManagerContact', 'MeterReadings', 'NoticeFeed', 'OwnerLogin',
  'OwnerProfile', 'OwnerRegister', 'PASSWORD_MAX_LENGTH', 'PASSWORD_MIN_LENGTH', 'PasswordReset', 'SessionChangeEvent',
  'SessionStore', 'allSessionStores', 'containsEmail', 'defaultLanguage', 'formatDate', 'formatNumber', 'formatTime',
  'hasMessage', 'languages', 'localeFor', 'passwordLength', 'passwordRuleStates', 'passwordsMatch', 'registerMessages',
  'resolveConfig', 'resolveLanguage', 'sessionStoreFor', 'toLanguage', 'translate',
];

const repo = path.resolve(import.meta.dirname, '../..');
let scratch: string;
let packageDir: string;
let load: (specifier: string) => Promise<Record<string, unknown>>;
let exportsMap: Record<string, { types: string; default: string }>;

beforeAll(async () => {
  expect(existsSync(path.join(repo, 'widgets/dist/index.js')), 'widgets are built (npm run build)').toBe(true);
  // Inside the repo's node_modules, so `lit` resolves from the unpacked package as it would for a user.
  scratch = mkdtempSync(path.join(repo, 'node_modules', '.doorstep-widgets-pack-'));
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: path.join(repo, 'widgets'), encoding: 'utf8' });
  expect(packed.status, packed.stderr).toBe(0);
  const tarball = path.join(scratch, JSON.parse(packed.stdout)[0].filename);
  mkdirSync(path.join(scratch, 'node_modules/@doorstep'), { recursive: true });
  const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', path.join(scratch, 'node_modules/@doorstep')], { encoding: 'utf8' });
  expect(unpacked.status, unpacked.stderr).toBe(0);
  packageDir = path.join(scratch, 'node_modules/@doorstep/widgets');
  renameSync(path.join(scratch, 'node_modules/@doorstep/package'), packageDir);
  exportsMap = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).exports;

  // Bare specifiers resolve from the importing file: this one sits beside the unpacked package.
  const probe = path.join(scratch, 'probe.mjs');
  writeFileSync(probe, 'export const load = (specifier) => import(specifier);\n');
  globalThis.HTMLElement ??= ShimHTMLElement as unknown as typeof HTMLElement;
  globalThis.customElements ??= shimRegistry as unknown as CustomElementRegistry;
  ({ load } = await import(pathToFileURL(probe).href));
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The per-element entry points the package declares, e.g. `meter-readings`. */
const elementEntries = () => Object.keys(exportsMap).filter((key) => /^\.\/[a-z]+-[a-z-]+$/.test(key)).map((key) => key.slice(2));

describe('the packed @doorstep/widgets', () => {
  test('declares an entry point per element, and every entry point has its JavaScript and its types in the tarball', () => {
    expect(elementEntries()).toEqual(expect.arrayContaining(['owner-login', 'meter-readings', 'invoice-list', 'notice-feed']));
    for (const [key, target] of Object.entries(exportsMap)) {
      if (key.includes('*')) continue;
      expect(existsSync(path.join(packageDir, target.default)), `${key} → ${target.default}`).toBe(true);
      expect(existsSync(path.join(packageDir, target.types)), `${key} → ${target.types}`).toBe(true);
    }
    expect(existsSync(path.join(packageDir, 'custom-elements.json'))).toBe(true);
  });

  test('`@doorstep/widgets` and each element\'s entry export classes without registering any tag', async () => {
    const root = await load('@doorstep/widgets');
    for (const name of EXPORTED_BEFORE) expect(root, name).toHaveProperty(name);
    for (const element of elementEntries()) {
      const module = await load(`@doorstep/widgets/${element}`);
      const classes = Object.values(module).filter(
        (value): value is typeof HTMLElement => typeof value === 'function' && value.prototype instanceof globalThis.HTMLElement,
      );
      expect(classes, `@doorstep/widgets/${element} exports its element class`).toHaveLength(1);
      // The same class as the package root's: one copy of each module.
      expect(Object.values(root)).toContain(classes[0]);
    }
    for (const element of elementEntries()) expect(customElements.get(element), element).toBeUndefined();
  });

  test('`@doorstep/widgets/<element>/define` registers that tag only; `@doorstep/widgets/define` registers every tag and exports what the root does', async () => {
    const { MeterReadings } = await load('@doorstep/widgets/meter-readings');
    await load('@doorstep/widgets/meter-readings/define');
    expect(customElements.get('meter-readings')).toBe(MeterReadings);
    expect(customElements.get('owner-login')).toBeUndefined();

    const define = await load('@doorstep/widgets/define');
    for (const name of EXPORTED_BEFORE) expect(define, name).toHaveProperty(name);
    for (const element of [...elementEntries(), 'doorstep-config']) expect(customElements.get(element), element).toBeDefined();
  });
});
