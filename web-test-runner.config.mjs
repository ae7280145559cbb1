/**
 * Widget tests: real Chromium (the system one), real server. scripts/test.mjs starts the server
 * with the demo seed on DOORSTEP_TEST_API; the tests read it from `globalThis.DOORSTEP_TEST`.
 *
 *   DOORSTEP_TEST_API=http://127.0.0.1:8799 npx wtr
 */
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { countReporter } from './tests/widgets/count-reporter.mjs';
import { mailHarnessPlugin } from './tests/widgets/support/mail-harness.plugin.mjs';
import { oidcHarnessPlugin } from './tests/widgets/support/oidc-harness.plugin.mjs';

const api = process.env.DOORSTEP_TEST_API ?? 'http://127.0.0.1:8799';
const testConfig = JSON.stringify({ api, tenant: 'demo' });
const wtrPort = Number(process.env.WTR_PORT ?? 8790);

export default {
  files: ['tests/widgets/**/*.test.ts'],
  nodeResolve: true,
  port: wtrPort,
  hostname: 'localhost',
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
    // Tests that read mail (invitations) start their own server and SMTP server through it.
    mailHarnessPlugin({ wtrPort }),
    // The strong-login test starts a server with a real OpenID Connect provider through it.
    oidcHarnessPlugin({ wtrPort }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      },
    }),
  ],
  // Files share one server; run them one by one so login attempts do not trip its rate limits.
  concurrency: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 180000,
  // Generous: Argon2 logins on a busy 2-core CI machine; nothing here asserts on speed.
  testFramework: { config: { timeout: 60000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="lv">
  <head><meta charset="utf-8"><script>globalThis.DOORSTEP_TEST = ${testConfig};</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
  reporters: [defaultReporter(), countReporter({ outFile: '.test-results/widgets.json' })],
};
