// Account flows and mail: do known and unknown emails take the same time (reset, registration),
// and how fast does the outbox worker empty a queue into a real (in-process) SMTP server?
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { SMTPServer } from 'smtp-server';
import { fmt, freePort, measure, startBuiltServer } from './support.mjs';

const DEMO_EMAILS = ['anna@example.lv', 'peteris@example.lv', 'liga@example.lv', 'janis@example.lv'];

// 1. Through the built server: answers for known and unknown emails.
const server = await startBuiltServer({ TRUST_PROXY: 'true' });
let i = 0;
const post = (path, body) =>
  fetch(`${server.url}/v1/demo${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.1.${i % 250}.${(i++ >> 8) % 250}` },
    body: JSON.stringify(body),
  }).then(async (r) => {
    await r.arrayBuffer();
    if (r.status >= 400) throw new Error(`${path}: ${r.status}`);
  });

/**
 * Known and unknown alternate, after a warm-up, so neither side gets the cold start or the other's
 * background work (the outbox worker writing the known side's mail) more than the other.
 */
async function paired(label, known, unknown, pairs) {
  await known(-1).catch(() => undefined);
  await unknown(-1).catch(() => undefined);
  const times = { known: [], unknown: [] };
  for (let n = 0; n < pairs; n++) {
    for (const [side, fn] of n % 2 ? [['unknown', unknown], ['known', known]] : [['known', known], ['unknown', unknown]]) {
      const t = performance.now();
      await fn(n);
      times[side].push(performance.now() - t);
    }
  }
  const p50 = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  console.log(`${label}: known p50 ${p50(times.known).toFixed(1)} ms, unknown p50 ${p50(times.unknown).toFixed(1)} ms, difference ${(p50(times.known) - p50(times.unknown)).toFixed(1)} ms (${pairs} pairs)`);
}

// The per-email limits allow 5 reset mails and 3 registration mails an hour per address.
await paired(
  'password/forgot',
  (n) => post('/auth/password/forgot', { email: DEMO_EMAILS[(n + 4) % 4] }),
  (n) => post('/auth/password/forgot', { email: `nobody-${n}@example.lv` }),
  16,
);
const proof = await (await fetch(`${server.url}/demo/registration-proof.json`)).json();
const registration = (email) => ({ ...proof, email, password: 'Ozolu-Lapas-Rudenī-7', acceptTerms: true });
await paired(
  'register (email with an account vs new)',
  (n) => post('/auth/register', registration(DEMO_EMAILS[(n + 4) % 4])),
  (n) => post('/auth/register', registration(`new-${n}@example.lv`)),
  8,
);
const throughput = await measure(() => post('/auth/password/forgot', { email: `load-${i}@example.lv` }), { count: 200, concurrency: 8 });
console.log(`password/forgot under load (unknown emails): ${fmt(throughput)}`);
await server.stop();

// 2. The worker alone: queue N messages in PGlite, send them through SMTP, count per second.
const dir = await mkdtemp(join(tmpdir(), 'doorstep-bench-'));
const entry = join(dir, 'outbox-bench.mjs');
await build({
  stdin: {
    contents: `
      export { openDatabase } from './server/db/database.ts';
      export { migrate } from './server/db/migrator.ts';
      export { enqueueEmail } from './server/mail/outbox.ts';
      export { smtpTransport } from './server/mail/transport.ts';
      export { createOutboxWorker } from './server/mail/worker.ts';
      export { createLogger } from './server/http/logger.ts';`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  outfile: entry,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
// The bundle imports packages by name: resolve them from the repository, not from the temp folder.
const local = join(process.cwd(), 'bench', '.outbox-bench.tmp.mjs');
await (await import('node:fs/promises')).copyFile(entry, local);
const { openDatabase, migrate, enqueueEmail, smtpTransport, createOutboxWorker, createLogger } = await import(local);

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  closeTimeout: 50,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
const port = await freePort();
await new Promise((resolve) => smtp.listen(port, '127.0.0.1', resolve));

const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const tenant = await database.db
  .insertInto('tenants')
  .values({ slug: 'bench', name: 'Bench', allowed_origins: [], reading_window: '{}', settings: '{}' })
  .returning('id')
  .executeTakeFirstOrThrow();

const N = 500;
const queued = performance.now();
await database.withTenant(tenant.id, async (trx) => {
  for (let n = 0; n < N; n++) {
    await enqueueEmail(trx, tenant.id, { to: `r${n}@example.lv`, subject: `Ziņa ${n}`, text: 'Teksts '.repeat(100), html: `<p>${'Teksts '.repeat(100)}</p>`, template: 'bench' });
  }
});
const queueMs = performance.now() - queued;
const transport = await smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'Bench <bench@doorstep.test>' });
const worker = createOutboxWorker({ database, transport, logger: createLogger('silent'), batchSize: 25, sendConcurrency: 4 });
const started = performance.now();
const result = await worker.drain(1000);
const seconds = (performance.now() - started) / 1000;
console.log(`outbox: queued ${N} messages in ${queueMs.toFixed(0)} ms (${((queueMs / N) * 1000).toFixed(0)} µs each, one transaction)`);
console.log(`outbox worker (PGlite, SMTP on loopback, batches of 25, 4 in flight): sent ${result.sent}/${N} in ${seconds.toFixed(2)} s = ${(result.sent / seconds).toFixed(0)} messages/s; the SMTP server received ${received}`);

await transport.close();
await database.close();
await new Promise((resolve) => smtp.close(resolve));
await rm(dir, { recursive: true, force: true });
await rm(local, { force: true });
