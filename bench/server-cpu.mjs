#!/usr/bin/env node
/**
 * The server's own CPU per request (issue #16), on a database seeded by peak.bench.mjs:
 *
 *   BENCH_DATABASE_URL=postgres://…/postgres node bench/server-cpu.mjs [size]
 *
 * Starts server/dist/main.js on `doorstep_peak_v2_<size>` (seed it first with
 * `BENCH_PEAK_SIZES=<size> BENCH_PEAK_SEED_ONLY=1 node bench/peak.bench.mjs`), logs in residents,
 * then drives each hot route alone in a closed loop and prints the CPU µs per request of the
 * server process and of its Postgres backends (from /proc). With CPU_PROF=<dir> the server runs
 * under `node --cpu-prof` and a mixed closed loop follows, so the profile shows the mix.
 * CPU_SECONDS (per route, default 4), CPU_CONCURRENCY (default 8), CPU_ROUTES (comma-separated; also
 * `login`), CPU_MAIN (another build's main.js, to compare two builds turn by turn on a busy machine),
 * CPU_NODE_ARGS (e.g. `--import` a counting hook); DOORSTEP_WORKERS passes through, and the
 * workers' CPU is counted with the primary's.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { BENCH_ADMIN_URL, cpuSeconds, databaseUrl, ipOf, keepAliveClient, startProductionServer, treeCpuSeconds } from './support.mjs';

const SIZE = Number(process.argv[2] ?? 10000);
const SECONDS = Number(process.env.CPU_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.CPU_CONCURRENCY ?? 8);
const PROF = process.env.CPU_PROF;
const ROUTES = (process.env.CPU_ROUTES ?? 'GET /me,GET meters,GET history,GET invoices,GET notices,POST readings,refresh').split(',');
const TENANT = 'peak';
const APPLICATION = 'doorstep-cpu';
const PASSWORD = 'Parole-2026!';
const pgModule = await import('pg');
const pg = pgModule.default ?? pgModule;
const name = `doorstep_peak_v2_${SIZE}`;
const uuid = (prefix, i) => `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

const monitor = new pg.Client({ connectionString: databaseUrl(name) });
await monitor.connect();
{
  const opensAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000);
  const closesAt = new Date(opensAt.getTime() + 2 * 86_400_000);
  const { rows: [t] } = await monitor.query(`select id, to_char(now() at time zone 'Europe/Riga', 'YYYY-MM') as period from tenants where slug = $1`, [TENANT]);
  await monitor.query(`delete from reading_window_overrides`);
  await monitor.query(`insert into reading_window_overrides (tenant_id, period, opens_at, closes_at) values ($1, $2, $3, $4)`, [t.id, t.period, opensAt, closesAt]);
  await monitor.query(`insert into jobs (tenant_id, kind, key, status, finished_at) values ($1, 'reminders.send', $2, 'done', now()) on conflict (key) do nothing`, [t.id, `reminders.send:${t.id}:${t.period}:window_open:tenant:${opensAt.toISOString()}`]);
  await monitor.query(`update jobs set status = 'done', finished_at = now() where kind = 'reminders.send' and status = 'pending'`);
  await monitor.query(`delete from email_outbox where status = 'pending'`);
}

const server = await startProductionServer(databaseUrl(name, APPLICATION), {
  nodeArgs: [...(process.env.CPU_NODE_ARGS ?? '').split(' ').filter(Boolean), ...(PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`] : [])],
  main: process.env.CPU_MAIN ?? 'server/dist/main.js',
  env: { DB_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '4' },
});
const base = server.url;

const processMs = (pid) => cpuSeconds(pid) * 1000 || 0;
async function cpuNow() {
  const { rows } = await monitor.query('select pid from pg_stat_activity where application_name = $1', [APPLICATION]);
  const pids = new Map(rows.map(({ pid }) => [pid, processMs(pid)]));
  return { server: treeCpuSeconds(server.pid) * 1000, pids };
}
function spent(before, after) {
  let postgres = 0;
  for (const [pid, ms] of after.pids) postgres += ms - (before.pids.get(pid) ?? ms);
  return { server: after.server - before.server, postgres };
}

const client = keepAliveClient(64);
const request = (method, path, options) => client.request(base, method, path, options);
const residents = [];
const N = 40;
for (let k = 0; k < N; k++) {
  const i = (k * Math.floor(SIZE / N)) % SIZE;
  const r = await request('POST', `/v1/${TENANT}/auth/login`, { body: { email: `r${i}@peak.lv`, password: PASSWORD }, ip: ipOf(i) });
  if (r.status !== 200) throw new Error(`login r${i}: ${r.status} ${r.text}`);
  const { accessToken, refreshToken } = JSON.parse(r.text);
  residents.push({ i, premise: uuid('a0000000', i), meters: [uuid('d0000000', 2 * i), uuid('d0000000', 2 * i + 1)], accessToken, refreshToken, busy: false });
}
let submitted = 0;
async function send(route) {
  const r = residents[Math.floor(Math.random() * residents.length)];
  const p = `/v1/${TENANT}`;
  const token = r.accessToken;
  switch (route) {
    case 'login': {
      const i = Math.floor(Math.random() * SIZE);
      return request('POST', `${p}/auth/login`, { body: { email: `r${i}@peak.lv`, password: PASSWORD }, ip: ipOf(i) });
    }
    case 'GET /me': return request('GET', `${p}/me`, { token });
    case 'GET meters': return request('GET', `${p}/premises/${r.premise}/meters`, { token });
    case 'GET history': return request('GET', `${p}/premises/${r.premise}/meters/${r.meters[submitted & 1]}/readings`, { token });
    case 'GET invoices': return request('GET', `${p}/premises/${r.premise}/invoices`, { token });
    case 'GET notices': return request('GET', `${p}/notices?premise=${r.premise}`, { token });
    case 'POST readings': {
      const value = (200 + ++submitted / 1000).toFixed(3);
      return request('POST', `${p}/premises/${r.premise}/meters/${r.meters[submitted & 1]}/readings`, { token, body: { value, confirm: true } });
    }
    case 'refresh': {
      if (r.busy) return send('GET /me');
      r.busy = true;
      const a = await request('POST', `${p}/auth/refresh`, { body: { refreshToken: r.refreshToken }, ip: ipOf(r.i) });
      if (a.status === 200) Object.assign(r, JSON.parse(a.text));
      r.busy = false;
      return a;
    }
  }
}
const MIX = { refresh: 2, 'GET /me': 18, 'GET meters': 32, 'GET history': 10, 'GET invoices': 15, 'GET notices': 15, 'POST readings': 9 };
const pick = () => { let x = Math.random() * 99; for (const [k, w] of Object.entries(MIX)) if ((x -= w) < 0) return k; return 'GET meters'; };

async function loop(chooser, seconds) {
  let n = 0, errors = 0, sample;
  const before = await cpuNow();
  const end = performance.now() + seconds * 1000;
  const lat = [];
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const a = await send(chooser());
      lat.push(performance.now() - t);
      n++;
      if (!(a.status >= 200 && a.status < 300)) (errors++, (sample ??= `${a.status} ${a.text.slice(0, 100)}`));
    }
  }));
  const s = spent(before, await cpuNow());
  lat.sort((a, b) => a - b);
  return { n, errors, sample, rps: n / seconds, p50: lat[Math.floor(lat.length / 2)], serverUs: (s.server * 1000) / n, postgresUs: (s.postgres * 1000) / n };
}
const f = (x, d = 0) => x.toFixed(d);
console.log(`server-cpu: ${name}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, concurrency ${CONCURRENCY}, ${SECONDS} s per route${process.env.DOORSTEP_WORKERS ? `, DOORSTEP_WORKERS=${process.env.DOORSTEP_WORKERS}` : ''}`);
for (const route of ROUTES) await loop(() => route, 0.5);
console.log(`${'route'.padEnd(15)}${'n'.padStart(7)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'server µs'.padStart(11)}${'Postgres µs'.padStart(13)}${'errors'.padStart(8)}`);
const rows = [];
for (const route of [...ROUTES, 'mix']) {
  const r = await loop(route === 'mix' ? pick : () => route, route === 'mix' ? SECONDS * 2 : SECONDS);
  rows.push(r);
  console.log(`${route.padEnd(15)}${String(r.n).padStart(7)}${f(r.rps).padStart(8)}${f(r.p50, 1).padStart(8)}${f(r.serverUs).padStart(11)}${f(r.postgresUs).padStart(13)}${String(r.errors).padStart(8)}${r.sample ? `  e.g. ${r.sample}` : ''}`);
}
if (PROF) await loop(pick, Number(process.env.CPU_PROF_SECONDS ?? 15));
await monitor.end();
client.destroy();
await server.stop();
