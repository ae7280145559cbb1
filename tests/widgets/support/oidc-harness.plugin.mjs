/**
 * A @web/test-runner plugin for the strong-login widget test: a Doorstep with the demo data and a
 * real OpenID Connect provider configured for the demo tenant (oidc-harness.server.ts), in the
 * runner's Node process, on free loopback ports, once per run. The browser asks for it with the
 * command `doorstep-oidc-harness` → `{ pending: true }` while it starts, then `{ api, tenant }`.
 */
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function startHarness(wtrPort) {
  const outfile = path.join(root, '.test-results', 'oidc-harness', 'server.mjs');
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'tests/widgets/support/oidc-harness.server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const { startStrongLoginHarness } = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
  const server = await startStrongLoginHarness({
    NODE_ENV: 'test',
    DOORSTEP_DATA_DIR: 'memory://',
    DOORSTEP_SEED: 'demo',
    DEMO_EXTRA_ORIGINS: `http://localhost:${wtrPort}`,
    // This harness brings its own provider (the test's), not the demo's Demo Banka.
    DOORSTEP_DEMO_BANK: 'false',
    LOG_LEVEL: 'warn',
  });
  return { info: { api: server.api, tenant: 'demo' }, close: () => server.close() };
}

export function oidcHarnessPlugin({ wtrPort }) {
  let starting;
  let started;
  let failed;
  return {
    name: 'doorstep-oidc-harness',
    async executeCommand({ command }) {
      if (command !== 'doorstep-oidc-harness') return undefined;
      starting ??= startHarness(wtrPort).then(
        (harness) => (started = harness),
        (error) => (failed = error),
      );
      if (failed) throw failed;
      return started ? started.info : { pending: true };
    },
    async serverStop() {
      await starting;
      if (started) await started.close();
    },
  };
}
