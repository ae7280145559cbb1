#!/usr/bin/env node
/**
 * Reading reminders at scale (issue #13): how long the scheduler takes to queue the window-opening
 * reminder for 100k residents (goal ≤ 60 s on Postgres), and how fast the outbox worker delivers
 * them to a local SMTP sink (goal ≥ 500 mails/s).
 *
 * On a fresh Postgres database the built server applies its migrations and seeds the demo; the
 * bench adds BENCH_REMINDERS residents (bench/reminder-residents.mjs: one flat and one meter each,
 * none submitted), opens this month's window a minute ago by an override, and makes the planner
 * due. Queuing is timed until every resident holds a `notifications` key (each is queued with its
 * outbox row in one transaction); delivery from the first to the last message the sink accepts.
 *
 *   npm run bench -- reminders          (builds first)
 *   node bench/reminders.bench.mjs      (after `npm run build`)
 *
 * Environment: BENCH_REMINDERS (default 100000), BENCH_DATABASE_URL or TEST_DATABASE_URL,
 * BENCH_QUEUE_ONLY=1 to stop once everything is queued (the queue's figures only).
 * Figures only: nothing here passes or fails.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { readFileSync } from 'node:fs';
import { cpuSeconds, createBenchDatabase, freePort } from './support.mjs';
import { reminderResidentsSql } from './reminder-residents.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RESIDENTS = Number(process.env.BENCH_REMINDERS ?? 100_000);
const DOMAIN = 'reminders.example';
const GOAL_QUEUE_SECONDS = 60;
const GOAL_MAILS_PER_SECOND = 500;
/** The machine's load beside each figure: on a busy machine every figure is inflated. */
const load = () => {
  try {
    return `load ${/load averages?: (.*)$/.exec(execFileSync('uptime', { encoding: 'utf8' }).trim())?.[1] ?? '?'}`;
  } catch {
    return 'load ?';
  }
};

if (!existsSync(`${root}server/dist/main.js`)) {
  console.log('reminders bench: build first (npm run build)');
  process.exit(0);
}
const database = await createBenchDatabase('reminders');
if (!database) {
  console.log('reminders bench: no Postgres reachable (BENCH_DATABASE_URL / TEST_DATABASE_URL); skipped');
  process.exit(0);
}

// The sink: counts messages and their arrival times, parses nothing.
let received = 0;
let firstAt = 0;
let lastAt = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received += 1;
      lastAt = performance.now();
      if (received === 1) firstAt = lastAt;
      callback();
    });
  },
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const smtpPort = sink.server.address().port;

/** CPU seconds of the Postgres backends connected to the bench's database (when on this machine). */
async function backendCpu() {
  const { rows } = await database.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
  const byPid = new Map();
  for (const { pid } of rows) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) byPid.set(pid, cpuSeconds(pid));
    } catch {}
  }
  return byPid;
}
/** CPU spent by the server and its backends since `before` (backends alive at both readings). */
async function cpuSince(before) {
  const after = await backendCpu();
  let postgres = 0;
  for (const [pid, seconds] of after) postgres += seconds - (before.postgres.get(pid) ?? 0);
  return { server: cpuSeconds(server.pid) - before.server, postgres, sink: process.cpuUsage(before.sink).user / 1e6 + process.cpuUsage(before.sink).system / 1e6 };
}
/** The server's resident memory high-water mark (VmHWM), from /proc. */
const serverMemory = () => {
  try {
    return `${Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024)} MiB`;
  } catch {
    return '?';
  }
};
const cpuNow = async () => ({ server: cpuSeconds(server.pid), postgres: await backendCpu(), sink: process.cpuUsage() });
const perMessage = (cpu, n) =>
  `CPU per message: server ${((cpu.server * 1e6) / n).toFixed(0)} µs + Postgres ${((cpu.postgres * 1e6) / n).toFixed(0)} µs` + (cpu.sinkToo ? ` (sink ${((cpu.sink * 1e6) / n).toFixed(0)} µs)` : '');

const port = await freePort();
// BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'server/dist/main.js'], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    DOORSTEP_SEED: 'demo',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    JWT_SECRET: 'reminders-bench-secret-that-is-long-enough',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = async () => {
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : (server.once('exit', resolve), server.kill('SIGINT'))));
  await new Promise((resolve) => sink.close(resolve));
  await database.drop();
};

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {}
    if (i > 1200) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  const seeding = performance.now();
  await database.query(reminderResidentsSql('demo', RESIDENTS, DOMAIN));
  await database.query('analyze');
  console.log(`seeded ${RESIDENTS} residents in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  await database.query(
    `insert into reading_window_overrides (tenant_id, period, opens_at, closes_at, note)
     select id, $1, now() - interval '1 minute', now() + interval '1 day', 'reminders bench' from tenants where slug = 'demo'`,
    [period],
  );
  const before = received;
  const queueCpu = await cpuNow();
  const started = performance.now();
  await database.query(`update jobs set run_at = now() where key = 'reminders.plan'`);
  const count = async () =>
    Number((await database.query(`select count(*)::int as n from notifications n join users u on u.id = n.user_id where u.email like '%@${DOMAIN}'`)).rows[0].n);
  let queued = 0;
  while ((queued = await count()) < RESIDENTS) {
    if (performance.now() - started > 30 * 60_000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const queueSeconds = (performance.now() - started) / 1000;
  console.log(`queued      ${String(queued).padStart(7)} reminders in ${queueSeconds.toFixed(1).padStart(6)} s   ${(queued / queueSeconds).toFixed(0).padStart(6)} /s   (goal ≤ ${GOAL_QUEUE_SECONDS} s for 100k, i.e. ≥ ${Math.round(100_000 / GOAL_QUEUE_SECONDS)} /s)   ${load()}`);
  const queueCpuSpent = await cpuSince(queueCpu);
  console.log(`            ${perMessage(queueCpuSpent, queued)}; server memory peak ${serverMemory()}`);
  if (process.env.BENCH_QUEUE_ONLY !== '1') await deliveryFigures(before, queued, queueCpuSpent);
} finally {
  await stop();
}

/** Waits until the sink has every message queued; prints the delivery's figures. */
async function deliveryFigures(before, queued, queueCpuSpent) {
  const target = before + queued;
  // Delivery overlaps queueing (the worker starts on the first committed batch): its CPU is
  // counted from the end of queueing on, per message delivered after it.
  const deliveryCpu = await cpuNow();
  const receivedAtQueued = received;
  const waitStarted = performance.now();
  while (received < target && performance.now() - waitStarted < 30 * 60_000) await new Promise((r) => setTimeout(r, 500));
  const deliverySeconds = (lastAt - firstAt) / 1000;
  const delivered = received - before;
  const afterQueued = received - receivedAtQueued;
  const delivery = afterQueued > 0 ? await cpuSince(deliveryCpu) : undefined;
  const deliveryLine = delivery ? `            ${perMessage({ ...delivery, sinkToo: true }, afterQueued)} (over the ${afterQueued} delivered after queueing ended)` : '';
  console.log(`delivered   ${String(delivered).padStart(7)} mails     in ${deliverySeconds.toFixed(1).padStart(6)} s   ${(delivered / deliverySeconds).toFixed(0).padStart(6)} /s   (goal ≥ ${GOAL_MAILS_PER_SECOND} mails/s; first to last message at the sink)   ${load()}`);
  if (deliveryLine) console.log(deliveryLine);
  // The worker delivers while the reminders are queued: the queue's own CPU is what is left after
  // the messages delivered during queueing, at the CPU per message measured after it.
  const deliveredWhileQueuing = receivedAtQueued - before;
  if (delivery && deliveredWhileQueuing > 0) {
    const share = deliveredWhileQueuing / afterQueued;
    const queueAlone = { server: queueCpuSpent.server - delivery.server * share, postgres: queueCpuSpent.postgres - delivery.postgres * share };
    console.log(`queue alone ${perMessage(queueAlone, queued)} (estimate: minus the ${deliveredWhileQueuing} delivered while queueing, at the delivery's CPU per message)`);
  }
}
