/**
 * A @web/test-runner plugin for widget tests that need to read mail: it starts a real SMTP server
 * (smtp-server, parsed with mailparser) and a Doorstep with the demo data whose SMTP_URL points
 * at it, both in the runner's Node process, on free loopback ports, once per run.
 *
 * Browser tests reach it through `executeServerCommand` (see mail-harness.ts):
 * - `doorstep-mail-harness` → `{ pending: true }` while it starts (seeding takes longer than the
 *   runner waits for one command, so the browser asks again), then `{ api, tenant, delivery }`,
 *   where `delivery` is `smtp` when the server's outbox worker sends mail, or `outbox-table` when
 *   this codebase has no worker yet and mail is read from the email_outbox table instead;
 * - `doorstep-mail-to` `{ to }` → the messages for that address, newest first.
 */
import { build } from 'esbuild';
import { simpleParser } from 'mailparser';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function startSmtp() {
  const received = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            for (const rcpt of session.envelope.rcptTo) {
              received.push({ to: rcpt.address, subject: parsed.subject ?? '', text: parsed.text ?? '', html: parsed.html || null });
            }
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { received, port: server.server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function startHarness(wtrPort) {
  // Under the repository, so the bundle finds node_modules and schema.sql (two levels up).
  const outfile = path.join(root, '.test-results', 'mail-harness', 'server.mjs');
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'tests/widgets/support/mail-harness.server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const smtp = await startSmtp();
  const { startHarnessServer } = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
  const server = await startHarnessServer({
    NODE_ENV: 'test',
    DOORSTEP_DATA_DIR: 'memory://',
    DOORSTEP_SEED: 'demo',
    DEMO_EXTRA_ORIGINS: `http://localhost:${wtrPort}`,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    LOG_LEVEL: 'warn',
  });
  return {
    info: { api: server.api, tenant: 'demo', delivery: server.sendsMail ? 'smtp' : 'outbox-table' },
    async mailTo(to) {
      if (!server.sendsMail) return (await server.outbox(to)).map((m) => ({ ...m, source: 'outbox-table' }));
      return smtp.received.filter((m) => m.to.toLowerCase() === to.toLowerCase()).reverse().map((m) => ({ ...m, source: 'smtp' }));
    },
    async close() {
      await server.close();
      await smtp.close();
    },
  };
}

export function mailHarnessPlugin({ wtrPort }) {
  let starting;
  let started;
  let failed;
  return {
    name: 'doorstep-mail-harness',
    async executeCommand({ command, payload }) {
      if (command === 'doorstep-mail-harness') {
        starting ??= startHarness(wtrPort).then(
          (harness) => (started = harness),
          (error) => (failed = error),
        );
        if (failed) throw failed;
        return started ? started.info : { pending: true };
      }
      if (command === 'doorstep-mail-to') {
        if (!started) throw new Error('the mail harness has not started (doorstep-mail-harness)');
        return started.mailTo(String(payload?.to ?? ''));
      }
      return undefined;
    },
    async serverStop() {
      await starting;
      if (started) await started.close();
    },
  };
}
