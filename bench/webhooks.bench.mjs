#!/usr/bin/env node
/**
 * Webhook deliveries per second (issue #13): the built server sends BENCH_WEBHOOKS queued
 * deliveries (default 2000) to a local node:http receiver that answers 200 at once, signed as
 * Standard Webhooks says, through the job runner (server/webhooks/webhook-delivery.ts). Timed from
 * the first to the last delivery the receiver gets.
 *
 * The deliveries and their jobs are inserted in one statement, as `queueWebhookEvent` inserts
 * them in a reading's transaction: on embedded PGlite while the server is stopped (the database
 * belongs to one process), on Postgres (BENCH_DATABASE_URL / TEST_DATABASE_URL) while it runs.
 *
 * Also printed: CPU per delivery of the server process and (on Postgres) of the local Postgres
 * processes, read from /proc — the honest figure on a shared machine — and how many TCP
 * connections the receiver accepted (deliveries reuse kept-alive connections).
 *
 * Runs itself under `nice -n -15` when it may (root), so other work on the machine disturbs it
 * less; the load (`uptime`) is printed before and after, since the figure follows it.
 *
 *   npm run bench -- webhooks          (builds first)
 *   node bench/webhooks.bench.mjs      (after `npm run build`)
 *
 * Figures only: nothing here passes or fails.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, freePort } from './support.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const COUNT = Number(process.env.BENCH_WEBHOOKS ?? 2000);
const OPERATOR = 'webhooks-bench-operator-token-0123456789abcdef';

if (!existsSync(`${root}server/dist/main.js`)) {
  console.log('webhooks bench: build first (npm run build)');
  process.exit(0);
}
if (process.env.BENCH_NICED !== '1' && process.getuid?.() === 0) {
  const run = spawnSync('nice', ['-n', '-15', process.execPath, fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, BENCH_NICED: '1' } });
  process.exit(run.status ?? 0);
}
/** CPU seconds (user + system) of the processes whose pids are given, from /proc (Linux). */
const TICK = 100;
const cpuOf = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / TICK;
    } catch {
      return sum;
    }
  }, 0);
/** The local Postgres server's processes (its backends come and go; the pool's stay for the run). */
const postgresPids = () =>
  readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  });
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

let received = 0;
let firstAt = 0;
let lastAt = 0;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    received += 1;
    lastAt = performance.now();
    if (received === 1) firstAt = lastAt;
    response.writeHead(200).end();
  });
});
let connections = 0;
receiver.on('connection', () => {
  connections += 1;
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hooksUrl = `http://127.0.0.1:${receiver.address().port}/doorstep`;

const insertSql = (count) => `
  insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload)
  select e.tenant_id, e.id, 'reading.submitted', jsonb_build_object('type', 'reading.submitted', 'timestamp', now(), 'data', jsonb_build_object('n', g, 'premiseId', gen_random_uuid()))
  from webhook_endpoints e, generate_series(1, ${count}) g;
  insert into jobs (tenant_id, kind, key, payload)
  select tenant_id, 'webhooks.deliver', 'webhooks.deliver:' || id, jsonb_build_object('deliveryId', id) from webhook_deliveries where status = 'pending'`;

async function startServer(env) {
  const port = await freePort();
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'webhooks-bench-secret-that-is-long-enough',
      DOORSTEP_OPERATOR_TOKEN: OPERATOR,
      DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (i > 2400 || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGINT')))) };
}

async function registerEndpoint(url) {
  const post = async (path, body, token) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const key = await post('/v1/operator/tenants/demo/keys', { name: 'webhooks bench', scopes: ['read', 'write'] }, OPERATOR);
  await post('/v1/demo/admin/webhooks', { url: hooksUrl, events: ['reading.submitted'] }, key.secret);
}

/** Waits for COUNT deliveries counted from the last reset of `received` (the runner starts sending before the server answers /healthz). */
async function timeDeliveries(label, serverPid) {
  const pgPids = label === 'Postgres' ? postgresPids() : [];
  const serverCpu = cpuOf([serverPid]);
  const connectionsBefore = connections;
  const pgCpu = cpuOf(pgPids);
  const started = performance.now();
  while (received < COUNT && performance.now() - started < 30 * 60_000) await new Promise((r) => setTimeout(r, 100));
  const delivered = received;
  const seconds = (lastAt - firstAt) / 1000;
  console.log(`${label.padEnd(9)} delivered ${String(delivered).padStart(6)} webhooks in ${seconds.toFixed(1).padStart(6)} s   ${(delivered / seconds).toFixed(0).padStart(5)} /s   (first to last at the receiver; one instance)`);
  const perDelivery = (seconds) => ((seconds * 1e6) / Math.max(1, delivered)).toFixed(0).padStart(6);
  console.log(`${''.padEnd(9)} CPU per delivery: server ${perDelivery(cpuOf([serverPid]) - serverCpu)} µs${pgPids.length ? `, Postgres ${perDelivery(cpuOf(pgPids) - pgCpu)} µs (its processes on this machine)` : ''}; ${connections - connectionsBefore} TCP connections at the receiver`);
}

console.log(`webhooks bench: Node ${process.version}, ${COUNT} deliveries, nice ${process.env.BENCH_NICED === '1' ? '-15' : '0'}; ${uptime()}`);
// Embedded PGlite: queued offline, then the server started to send them.
{
  const dir = await mkdtemp(join(tmpdir(), 'doorstep-webhooks-bench-'));
  try {
    const env = { DOORSTEP_DATA_DIR: dir, DOORSTEP_SEED: 'demo' };
    const seeding = await startServer(env);
    await registerEndpoint(seeding.url);
    await seeding.stop();
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = new PGlite(join(dir, 'pglite'));
    await pg.exec(insertSql(COUNT));
    await pg.close();
    received = 0;
    const server = await startServer(env);
    try {
      await timeDeliveries('PGlite', server.pid);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
// Postgres, when one is reachable.
const database = await createBenchDatabase('webhooks');
if (!database) console.log('Postgres: none reachable (BENCH_DATABASE_URL / TEST_DATABASE_URL); skipped');
else {
  const server = await startServer({ DATABASE_URL: database.url, DOORSTEP_SEED: 'demo' });
  try {
    await registerEndpoint(server.url);
    received = 0;
    await database.query(insertSql(COUNT));
    await timeDeliveries('Postgres', server.pid);
  } finally {
    await server.stop();
    await database.drop();
  }
}
console.log(`load after: ${uptime()}`);
await new Promise((resolve) => receiver.close(resolve));
