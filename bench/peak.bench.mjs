#!/usr/bin/env node
/**
 * The last evening of a reading window for a whole country (issue #16): about 1M apartments, 15 %
 * of the month's submissions in one hour, so some 100 POST readings/s and 1,000 resident GET/s.
 *
 *   npm run bench -- peak          (builds first, then runs this file)
 *   node bench/peak.bench.mjs      (after `npm run build`)
 *
 * For each size (10k, 100k apartments by default; 1M with BENCH_PEAK_SIZES=10000,100000,1000000):
 *
 * 1. Seed, once: one tenant with that many apartments (two meters each, 36 months of readings, a
 *    resident with an owner grant on each, 12 invoices each, 20 notices), written by SQL
 *    (generate_series) into a Postgres database named by the seed version and the size, kept
 *    between runs (`doorstep_peak_v<version>_<size>`; drop them with BENCH_PEAK_DROP=1).
 * 2. Cost per route, alone: each route in a closed loop for a few seconds, the CPU the server
 *    process and its Postgres backends spent per request (from /proc), p50 and p99.
 * 3. Open-loop mixed load at fixed arrival rates (500, 1,000, 2,000 req/s by default): arrivals
 *    are scheduled at the rate whatever the answers do, and latency is counted from the scheduled
 *    time (no coordinated omission), from a small node:http generator in this process whose own
 *    CPU is printed. The mix: login, refresh, GET /me, GET meters, GET history, GET invoices,
 *    GET notices, POST readings (new ones and corrections), across the residents.
 * 4. Plans: every statement the server sent (captured by bench/peak-capture.mjs), run again with
 *    EXPLAIN (ANALYZE, BUFFERS) as the request ran it — role doorstep_app under row-level security,
 *    the tenant set — in a transaction rolled back; the largest size's plans are printed whole.
 *
 * On a shared machine, run it (and the Postgres it measures) ahead of the rest: `nice -n -15` is not
 * enough on Linux with autogroups (`/proc/sys/kernel/sched_autogroup_enabled`), where a nice value
 * counts only inside its session's group and every Postgres backend is a session of its own; as
 * root, `echo -15 > /proc/self/autogroup` in the shell that starts the bench, and the same for each
 * backend's `/proc/<pid>/autogroup`. The header prints the bench's nice and autogroup.
 *
 * Goals (issue #16, #20), printed next to the figures, never asserted: at 1,000 req/s, p99 ≤ 50 ms
 * for every route and no errors; latency at the largest size ≤ 1.2× the smallest; login's Postgres
 * time at the largest size ≤ 1.2× the smallest. The machine's load average is printed with every
 * table: on a shared machine the latencies follow it, the CPU per request much less.
 *
 * Environment: BENCH_PEAK_SEED_ONLY=1 (seed the sizes and stop), BENCH_PEAK_SEED_JOBS (connections
 * seeding at once, default 3), BENCH_PEAK_SEED_MEMORY (their maintenance_work_mem, default 1GB), BENCH_PEAK_SIZES, BENCH_PEAK_RATES (default 550,1100,2200; 1,100 is the evening: 1,000 GET + ~100 POST readings), BENCH_PEAK_SECONDS (per
 * rate, default 15), BENCH_PEAK_RESIDENTS (logged-in residents the load spreads over, default 100),
 * BENCH_PEAK_MAX_IN_FLIGHT (arrivals beyond this many unanswered requests are dropped and counted
 * as errors, default 500), BENCH_POOL_SIZE (the server's DB_POOL_SIZE, default 4), BENCH_PEAK_WORKERS (the server's
 * DOORSTEP_WORKERS, default 1; the server's CPU counts its workers), BENCH_PEAK_PROFILE (a folder: the
 * server runs with --cpu-prof into it),
 * BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { BENCH_ADMIN_URL, cpuSeconds, databaseUrl, ipOf, keepAliveClient, startProductionServer, treeCpuSeconds, withClient } from './support.mjs';

const SEED_VERSION = 2;
const SIZES = (process.env.BENCH_PEAK_SIZES ?? '10000,100000').split(',').map(Number);
const RATES = (process.env.BENCH_PEAK_RATES ?? '550,1100,2200').split(',').map(Number);
/** The evening's rate: 1,000 resident GET/s and about 100 POST readings/s (9 % of the mix). */
const GOAL_RATE = 1100;
const SECONDS = Number(process.env.BENCH_PEAK_SECONDS ?? 15);
const RESIDENTS = Number(process.env.BENCH_PEAK_RESIDENTS ?? 100);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 4);
/** The server's DOORSTEP_WORKERS (node:cluster workers, each with its own pool of POOL_SIZE). */
const WORKERS = Number(process.env.BENCH_PEAK_WORKERS ?? 1);
const MAX_IN_FLIGHT = Number(process.env.BENCH_PEAK_MAX_IN_FLIGHT ?? 500);
const SEED_JOBS = Number(process.env.BENCH_PEAK_SEED_JOBS ?? 3);
const SEED_MAINTENANCE_MEMORY = process.env.BENCH_PEAK_SEED_MEMORY ?? '1GB';
const SEED_ONLY = process.env.BENCH_PEAK_SEED_ONLY === '1';
const PASSWORD = 'Parole-2026!';
const TENANT = 'peak';
const APPLICATION = 'doorstep-peak';
const ROUTES = ['login', 'refresh', 'GET /me', 'GET meters', 'GET history', 'GET invoices', 'GET notices', 'POST readings'];
/** Of every 100 requests: a window's last evening, about ten reads to each submission. */
const MIX = { login: 1, refresh: 2, 'GET /me': 17, 'GET meters': 31, 'GET history': 10, 'GET invoices': 15, 'GET notices': 15, 'POST readings': 9 };

const pgModule = await import('pg');
const pg = pgModule.default ?? pgModule;

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const uuid = (prefix, i) => `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

// ---------------------------------------------------------------------------------------------
// Seeding

/** The database of this size, seeded (reused when a complete seed of this version is there). */
async function seededDatabase(size) {
  const name = `doorstep_peak_v${SEED_VERSION}_${size}`;
  const exists = await withClient(BENCH_ADMIN_URL, async (admin) => (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount > 0);
  if (exists) {
    const complete = await withClient(databaseUrl(name), async (c) => {
      try {
        return (await c.query('select 1 from bench_seed where version = $1 and apartments = $2', [SEED_VERSION, size])).rowCount > 0;
      } catch {
        return false;
      }
    });
    if (complete) return { name, seeded: false };
    await withClient(BENCH_ADMIN_URL, (admin) => admin.query(`drop database ${name} with (force)`));
  }
  await withClient(BENCH_ADMIN_URL, (admin) => admin.query(`create database ${name}`));
  const started = performance.now();
  console.log(`  seeding ${name} with ${SEED_JOBS} connections (load average ${load()})`);
  // The schema: the server applies the migrations on start.
  const server = await startServer(databaseUrl(name, APPLICATION), {});
  await server.stop();
  const { hash } = await import('@node-rs/argon2');
  const passwordHash = await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 });
  const t = await withClient(databaseUrl(name), async (c) => {
    const { rows: [tenant] } = await c.query(`insert into tenants (slug, name, allowed_origins) values ($1, 'Peak Namsaimnieks', '{}') returning id`, [TENANT]);
    return tenant.id;
  });
  const id = (prefix, expr) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  const TABLES = ['buildings', 'premises', 'users', 'grants', 'meters', 'readings', 'invoices'];
  // Written consistent by construction, so each table is filled without its indexes (built once
  // after the rows, in parallel) and without per-row foreign-key triggers (session_replication_role);
  // the foreign keys themselves stay declared, and every index and constraint is back before the
  // bench measures anything. Constraints another table's foreign key depends on stay in place.
  const rebuild = await withClient(databaseUrl(name), async (c) => {
    const { rows: constraints } = await c.query(
      `select k.conrelid::regclass::text as tab, k.conname as name, pg_get_constraintdef(k.oid) as def
         from pg_constraint k
        where k.contype in ('p', 'u') and k.conrelid::regclass::text = any($1)
          and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = k.conindid)`,
      [TABLES],
    );
    const { rows: indexes } = await c.query(
      `select i.tablename as tab, i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = 'public' and i.tablename = any($1) and not exists (select 1 from pg_constraint k where k.conname = i.indexname)
          and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
      [TABLES],
    );
    for (const k of constraints) await c.query(`alter table ${k.tab} drop constraint ${k.name}`);
    for (const i of indexes) await c.query(`drop index ${i.name}`);
    return [
      ...constraints.map((k) => ({ table: k.tab, label: `${k.tab} ${k.name}`, text: `alter table ${k.tab} add constraint ${k.name} ${k.def}` })),
      ...indexes.map((i) => ({ table: i.tab, label: `${i.tab} ${i.name}`, text: i.def })),
    ];
  });
  const slices = (count, per) => Array.from({ length: Math.ceil(count / per) }, (_, k) => [k * per, Math.min(count, (k + 1) * per) - 1]);
  const months = (n) => `select k, to_char(month, 'YYYY-MM') as period, month from generate_series(0, ${n - 1}) k, lateral (select date_trunc('month', now()) - (${n} - k) * interval '1 month' as month) p`;
  const rows = [
    { label: 'buildings', text: `insert into buildings (id, tenant_id, address, city) select ${id('b0000000', 'b')}, $1, 'Peak iela ' || b, 'Ogre' from generate_series(0, $2) b`, values: [t, Math.floor((size - 1) / 50)] },
    { label: 'premises', text: `insert into premises (id, tenant_id, building_id, label, account_number, area_m2) select ${id('a0000000', 'i')}, $1, ${id('b0000000', 'i / 50')}, 'Peak iela ' || (i / 50) || '-' || (i % 50 + 1), 'A' || i, 40 + i % 30 from generate_series(0, $2 - 1) i`, values: [t, size] },
    { label: 'users', text: `insert into users (id, tenant_id, email, password_hash, name) select ${id('c0000000', 'i')}, $1, 'r' || i || '@peak.lv', $3, 'Resident ' || i from generate_series(0, $2 - 1) i`, values: [t, size, passwordHash] },
    { label: 'grants', text: `insert into grants (tenant_id, user_id, premise_id, role) select $1, ${id('c0000000', 'i')}, ${id('a0000000', 'i')}, 'owner' from generate_series(0, $2 - 1) i`, values: [t, size] },
    { label: 'meters', text: `insert into meters (id, tenant_id, premise_id, kind, location, serial_number, verification_due) select ${id('d0000000', 'm')}, $1, ${id('a0000000', 'm / 2')}, case when m % 2 = 0 then 'cold_water' else 'hot_water' end, 'Vannas istaba', 'S' || m, '2031-01-01' from generate_series(0, 2 * $2 - 1) m`, values: [t, size] },
    { label: 'notices', text: `insert into notices (tenant_id, title, body, publish_at) select $1, 'Paziņojums ' || n, 'Teksts ' || n, now() - n * interval '3 days' from generate_series(1, 20) n`, values: [t] },
    // 36 months per meter, in slices of meters; a meter's id is made once, not once per reading.
    ...slices(2 * size, 50_000).map(([a, b]) => ({
      label: `readings, meters ${a}–${b}`,
      text: `with ms as materialized (select m, ${id('d0000000', 'm')} as meter_id from generate_series($2::int, $3::int) m),
        mo as materialized (${months(36)})
        insert into readings (tenant_id, meter_id, period, value, version, is_current, source, submitted_at)
        select $1, ms.meter_id, mo.period, mo.k * 3 + ms.m % 7, 1, true, 'import', mo.month + interval '25 days' from ms cross join mo`,
      values: [t, a, b],
    })),
    ...slices(size, 50_000).map(([a, b]) => ({
      label: `invoices, apartments ${a}–${b}`,
      text: `with ps as materialized (select i, ${id('a0000000', 'i')} as premise_id from generate_series($2::int, $3::int) i),
        mo as materialized (${months(12)})
        insert into invoices (tenant_id, premise_id, number, issue_date, period, due_date, amount, total_due)
        select $1, ps.premise_id, 'INV-' || ps.i || '-' || mo.k, (mo.month + interval '5 days')::date, mo.period, (mo.month + interval '25 days')::date, 40 + ps.i % 50, 40 + ps.i % 50 from ps cross join mo`,
      values: [t, a, b],
    })),
  ];
  await inParallel(name, 'rows', rows);
  // The largest indexes first, so that the small ones fill the gaps at the end.
  const weight = { readings: 3, invoices: 2 };
  rebuild.sort((a, b) => (weight[b.table] ?? 1) - (weight[a.table] ?? 1));
  await inParallel(name, 'indexes and constraints', rebuild);
  await inParallel(name, 'vacuum analyze', [...TABLES.map((table) => ({ label: table, text: `vacuum (analyze) ${table}` })), { label: 'the rest', text: 'analyze' }]);
  await withClient(databaseUrl(name), async (c) => {
    await c.query('create table bench_seed (version int not null, apartments int not null, seeded_at timestamptz not null default now())');
    await c.query('insert into bench_seed (version, apartments) values ($1, $2)', [SEED_VERSION, size]);
  });
  const bytes = await withClient(databaseUrl(name), async (c) => (await c.query('select pg_database_size(current_database()) as b')).rows[0].b);
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s, ${(Number(bytes) / 2 ** 30).toFixed(1)} GiB (load average ${load()})`);
  return { name, seeded: true };
}

/** Runs the statements on SEED_JOBS connections at once, each taking the next when done. */
async function inParallel(name, phase, tasks) {
  const at = performance.now();
  console.log(`   ${phase}: ${tasks.length} statements (load average ${load()})`);
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: Math.min(SEED_JOBS, tasks.length) }, () =>
      withClient(databaseUrl(name), async (c) => {
        await c.query('set session_replication_role = replica');
        await c.query(`set maintenance_work_mem = '${SEED_MAINTENANCE_MEMORY}'`);
        for (let task = queue.shift(); task; task = queue.shift()) {
          const t0 = performance.now();
          const result = await c.query(task.text, task.values ?? []);
          console.log(`    ${task.label.padEnd(60)} ${String(result.rowCount ?? '').padStart(10)} rows ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s`);
        }
      }),
    ),
  );
  console.log(`   ${phase}: ${((performance.now() - at) / 1000).toFixed(0)} s (load average ${load()})`);
}

/**
 * The evening's sessions: one remembered session per resident, its refresh token rotated twice
 * (two superseded, one live), as after a month of use. Without them the bench's few hundred
 * sessions make `sessions` and `refresh_tokens` a few pages, and Postgres rightly reads such a
 * table whole, which is not the plan of a country's login. Added once to a seeded database.
 */
async function seedSessions(name, size) {
  const done = await withClient(databaseUrl(name), async (c) => (await c.query(`select 1 from refresh_tokens where token_hash = 'seed-0-0'`)).rowCount > 0);
  if (done) return;
  const t = await withClient(databaseUrl(name), async (c) => (await c.query('select id from tenants where slug = $1', [TENANT])).rows[0].id);
  const id = (prefix, expr) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  const per = 100_000;
  const slices = Array.from({ length: Math.ceil(size / per) }, (_, k) => [k * per, Math.min(size, (k + 1) * per) - 1]);
  await inParallel(name, 'sessions', slices.map(([a, b]) => ({
    label: `sessions and refresh tokens, residents ${a}–${b}`,
    text: `with s as (
        insert into sessions (id, tenant_id, user_id, remember, created_at, last_used_at, expires_at, absolute_expires_at)
        select ${id('e0000000', 'i')}, $1, ${id('c0000000', 'i')}, true, now() - interval '20 days', now() - interval '2 days', now() + interval '28 days', now() + interval '70 days'
        from generate_series($2::int, $3::int) i returning id, user_id)
      insert into refresh_tokens (token_hash, tenant_id, session_id, created_at, superseded_at)
      select 'seed-' || i || '-' || k, $1, ${id('e0000000', 'i')}, now() - (20 - k) * interval '1 day', case when k < 2 then now() - (19 - k) * interval '1 day' end
      from generate_series($2::int, $3::int) i, generate_series(0, 2) k`,
    values: [t, a, b],
  })));
  await inParallel(name, 'analyze', [{ label: 'sessions', text: 'vacuum (analyze) sessions' }, { label: 'refresh_tokens', text: 'vacuum (analyze) refresh_tokens' }]);
}

/**
 * The current period's window held open for the run (the seed is kept; its clock is not), on its
 * last evening: the window-opening reminder went out long ago (its send job is recorded as done,
 * under the key the planner would give it) and the last-day one is tomorrow's, so the server's
 * job runner sends nobody an email during the measurement. Left to itself it would build one per
 * resident (a million at 1M) while the bench measures.
 */
async function openWindow(name) {
  const opensAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000);
  const closesAt = new Date(opensAt.getTime() + 2 * 86_400_000);
  await withClient(databaseUrl(name), async (c) => {
    const { rows: [t] } = await c.query(`select id, to_char(now() at time zone 'Europe/Riga', 'YYYY-MM') as period from tenants where slug = $1`, [TENANT]);
    await c.query(`delete from reading_window_overrides`);
    await c.query(`insert into reading_window_overrides (tenant_id, period, opens_at, closes_at) values ($1, $2, $3, $4)`, [t.id, t.period, opensAt, closesAt]);
    await c.query(`insert into jobs (tenant_id, kind, key, status, finished_at) values ($1, 'reminders.send', $2, 'done', now()) on conflict (key) do nothing`, [
      t.id,
      `reminders.send:${t.id}:${t.period}:window_open:tenant:${opensAt.toISOString()}`,
    ]);
    await c.query(`update jobs set status = 'done', finished_at = now() where kind = 'reminders.send' and status = 'pending'`);
    await c.query(`delete from email_outbox where status = 'pending'`);
  });
}

// ---------------------------------------------------------------------------------------------
// The server and its costs

function startServer(databaseUrl, extraEnv) {
  const profile = process.env.BENCH_PEAK_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PEAK_PROFILE}`] : [];
  return startProductionServer(databaseUrl, {
    nodeArgs: [...profile, '--import', './bench/peak-capture.mjs'],
    env: { DB_POOL_SIZE: String(POOL_SIZE), DOORSTEP_WORKERS: String(WORKERS), ...extraEnv },
  });
}

/** CPU ms of one process so far; undefined once it has exited (or off Linux). */
function processMs(pid) {
  const seconds = cpuSeconds(pid);
  return Number.isNaN(seconds) ? undefined : seconds * 1000;
}

/** CPU ms so far of the server process and its workers. */
function serverMs(server) {
  return treeCpuSeconds(server.pid) * 1000;
}

/** CPU ms so far of the server (with its workers) and of its Postgres backends (when Postgres runs on this machine). */
async function cpuNow(server, monitor) {
  const { rows } = await monitor.query('select pid from pg_stat_activity where application_name = $1', [APPLICATION]);
  let postgres = 0;
  const pids = new Map();
  for (const { pid } of rows) {
    const ms = processMs(pid);
    if (ms === undefined) return { server: serverMs(server), postgres: undefined, pids };
    pids.set(pid, ms);
    postgres += ms;
  }
  return { server: serverMs(server), postgres, pids, generator: process.cpuUsage() };
}

/** CPU spent between two cpuNow readings, counting only backends alive at both. */
function cpuSpent(before, after) {
  let postgres = 0;
  for (const [pid, ms] of after.pids) postgres += ms - (before.pids.get(pid) ?? ms);
  const g = after.generator && before.generator ? (after.generator.user - before.generator.user + after.generator.system - before.generator.system) / 1000 : undefined;
  return { server: after.server - before.server, postgres: before.postgres === undefined ? undefined : postgres, generator: g };
}

// ---------------------------------------------------------------------------------------------
// The residents and their requests

const { request, destroy: closeClient } = keepAliveClient(256);

async function loginResident(base, i) {
  const r = await request(base, 'POST', `/v1/${TENANT}/auth/login`, { body: { email: `r${i}@peak.lv`, password: PASSWORD }, ip: ipOf(i) });
  if (r.status !== 200) throw new Error(`login r${i}: ${r.status} ${r.text.slice(0, 200)}`);
  const { accessToken, refreshToken } = JSON.parse(r.text);
  return { i, premise: uuid('a0000000', i), meters: [uuid('d0000000', 2 * i), uuid('d0000000', 2 * i + 1)], accessToken, refreshToken, at: Date.now(), refreshing: false };
}

let submitted = 0;

/** Sends one request of the route for a resident; answers whether it succeeded. */
async function send(base, route, residents, size) {
  const r = residents[Math.floor(Math.random() * residents.length)];
  const prefix = `/v1/${TENANT}`;
  const token = r.accessToken;
  let answer;
  switch (route) {
    case 'login': {
      // Anyone of the country may log in, not only the residents already in the pool.
      const i = Math.floor(Math.random() * size);
      answer = await request(base, 'POST', `${prefix}/auth/login`, { body: { email: `r${i}@peak.lv`, password: PASSWORD }, ip: ipOf(i) });
      break;
    }
    case 'refresh': {
      if (r.refreshing) return send(base, 'GET /me', residents, size);
      r.refreshing = true;
      answer = await request(base, 'POST', `${prefix}/auth/refresh`, { body: { refreshToken: r.refreshToken }, ip: ipOf(r.i) });
      if (answer.status === 200) Object.assign(r, JSON.parse(answer.text), { at: Date.now() });
      r.refreshing = false;
      break;
    }
    case 'GET /me':
      answer = await request(base, 'GET', `${prefix}/me`, { token });
      break;
    case 'GET meters':
      answer = await request(base, 'GET', `${prefix}/premises/${r.premise}/meters`, { token });
      break;
    case 'GET history':
      answer = await request(base, 'GET', `${prefix}/premises/${r.premise}/meters/${r.meters[submitted & 1]}/readings`, { token });
      break;
    case 'GET invoices':
      answer = await request(base, 'GET', `${prefix}/premises/${r.premise}/invoices`, { token });
      break;
    case 'GET notices':
      answer = await request(base, 'GET', `${prefix}/notices?premise=${r.premise}`, { token });
      break;
    case 'POST readings': {
      // Above every seeded reading and rising: the first is new, later ones are corrections.
      const value = (200 + ++submitted / 1000).toFixed(3);
      answer = await request(base, 'POST', `${prefix}/premises/${r.premise}/meters/${r.meters[submitted & 1]}/readings`, { token, body: { value, confirm: true } });
      break;
    }
  }
  return answer.status >= 200 && answer.status < 300 ? true : answer;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function pickRoute() {
  let x = Math.random() * 100;
  for (const route of ROUTES) if ((x -= MIX[route]) < 0) return route;
  return 'GET meters';
}

/** Keeps the pool's access tokens young (they live five minutes). */
async function refreshOld(base, residents) {
  for (const r of residents) {
    if (Date.now() - r.at < 120_000 || r.refreshing) continue;
    const answer = await request(base, 'POST', `/v1/${TENANT}/auth/refresh`, { body: { refreshToken: r.refreshToken }, ip: ipOf(r.i) });
    if (answer.status === 200) Object.assign(r, JSON.parse(answer.text), { at: Date.now() });
  }
}

/** One route alone, closed loop: its latency and CPU per request. */
async function alone(server, monitor, route, residents, size, seconds = 3, concurrency = 4) {
  await refreshOld(server.url, residents);
  const latencies = [];
  let errors = 0;
  const before = await cpuNow(server, monitor);
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await send(server.url, route, residents, size);
        latencies.push(performance.now() - t);
        if (ok !== true) errors++;
      }
    }),
  );
  const spent = cpuSpent(before, await cpuNow(server, monitor));
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  return { route, n, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99), serverUs: (spent.server * 1000) / n, postgresUs: spent.postgres === undefined ? undefined : (spent.postgres * 1000) / n };
}

/** Open loop at `rate` req/s for `seconds`: per route latency from the scheduled time, errors. */
async function openLoop(server, monitor, rate, residents, size) {
  await refreshOld(server.url, residents);
  const byRoute = new Map(ROUTES.map((r) => [r, { latencies: [], errors: 0, sample: undefined }]));
  const before = await cpuNow(server, monitor);
  const started = performance.now();
  const total = Math.round(rate * SECONDS);
  let scheduled = 0;
  let inFlight = 0;
  let dropped = 0;
  const pending = [];
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; scheduled < due; scheduled++) {
        const at = started + (scheduled * 1000) / rate;
        const route = pickRoute();
        const stats = byRoute.get(route);
        // Beyond this many waiting, the generator would only measure its own queue (and the run
        // would last as long as the server needs to drain it): those arrivals count as errors.
        if (inFlight >= MAX_IN_FLIGHT) {
          dropped++;
          stats.errors++;
          continue;
        }
        inFlight++;
        pending.push(
          send(server.url, route, residents, size).then((ok) => {
            inFlight--;
            stats.latencies.push(performance.now() - at);
            if (ok !== true) (stats.errors++, (stats.sample ??= `${ok.status} ${ok.text.slice(0, 120)}`));
          }),
        );
      }
      if (scheduled >= total) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const spent = cpuSpent(before, await cpuNow(server, monitor));
  const routes = ROUTES.map((route) => {
    const s = byRoute.get(route);
    s.latencies.sort((a, b) => a - b);
    return { route, n: s.latencies.length, errors: s.errors, p50: percentile(s.latencies, 50), p95: percentile(s.latencies, 95), p99: percentile(s.latencies, 99), sample: s.sample };
  });
  const answered = routes.reduce((sum, r) => sum + r.n, 0);
  return { rate, achieved: answered / elapsed, total, answered, dropped, routes, spent, load: load() };
}

// ---------------------------------------------------------------------------------------------
// Plans

async function explainCaptured(name, captureFile, print) {
  if (!existsSync(captureFile)) return [];
  const statements = readFileSync(captureFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const out = [];
  await withClient(databaseUrl(name), async (c) => {
    for (const s of statements) {
      await c.query('begin');
      try {
        if (s.tenantId) await c.query(`select set_config('role', 'doorstep_app', true), set_config('app.tenant_id', $1, true)`, [s.tenantId]);
        const { rows } = await c.query({ text: `explain (analyze, buffers) ${s.text}`, values: s.values });
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]);
        out.push({ text: s.text, scoped: Boolean(s.tenantId), ms, plan, seq: /Seq Scan on (users|premises|meters|readings|grants|invoices|sessions|refresh_tokens|buildings)\b/.exec(plan)?.[1] });
      } catch (error) {
        out.push({ text: s.text, scoped: Boolean(s.tenantId), ms: NaN, plan: `could not be explained: ${error.message}` });
      } finally {
        await c.query('rollback');
      }
    }
  });
  if (print) {
    console.log(`\n  EXPLAIN (ANALYZE, BUFFERS) of every statement the server sent, as the request ran it (${name}):`);
    for (const s of out) {
      console.log(`\n  -- ${s.scoped ? 'doorstep_app, tenant set' : 'owner, no tenant'}: ${s.text.replace(/\s+/g, ' ').slice(0, 300)}`);
      console.log(s.plan.replace(/^/gm, '     '));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const f = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

async function runSize(size) {
  console.log(`\n== ${size.toLocaleString('en')} apartments (load average ${load()})`);
  const { name, seeded } = await seededDatabase(size);
  if (!seeded) console.log(`  seed: reusing ${name} (seed version ${SEED_VERSION})`);
  await seedSessions(name, size);
  await openWindow(name);
  const captureFile = `/tmp/${name}.statements.jsonl`;
  rmSync(captureFile, { force: true });
  const server = await startServer(databaseUrl(name, APPLICATION), { PEAK_CAPTURE_FILE: captureFile });
  const monitor = new pg.Client({ connectionString: databaseUrl(name) });
  await monitor.connect();
  try {
    const residents = [];
    const stride = Math.max(1, Math.floor(size / RESIDENTS));
    for (let k = 0; k < RESIDENTS; k += 2) {
      residents.push(...(await Promise.all([k, k + 1].filter((j) => j < RESIDENTS).map((j) => loginResident(server.url, (j * stride) % size)))));
    }
    // Warm the server's code paths and Postgres's caches a little before measuring.
    for (const route of ROUTES) await alone(server, monitor, route, residents, size, 1, 2);
    console.log(`\n  each route alone (closed loop, 4 in flight, 3 s; load average ${load()}):`);
    console.log(`  ${'route'.padEnd(15)}${'n'.padStart(7)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'server µs'.padStart(11)}${'Postgres µs'.padStart(13)}${'errors'.padStart(8)}`);
    const aloneResults = [];
    for (const route of ROUTES) {
      const r = await alone(server, monitor, route, residents, size);
      aloneResults.push(r);
      console.log(`  ${route.padEnd(15)}${String(r.n).padStart(7)}${f(r.p50).padStart(9)}${f(r.p99).padStart(9)}${f(r.serverUs, 0).padStart(11)}${f(r.postgresUs, 0).padStart(13)}${String(r.errors).padStart(8)}`);
    }
    const loads = [];
    for (const rate of RATES) {
      const result = await openLoop(server, monitor, rate, residents, size);
      loads.push(result);
      const per = (ms) => (ms === undefined ? '–' : f((ms * 1000) / result.answered, 0));
      console.log(
        `\n  open loop ${rate} req/s for ${SECONDS} s: scheduled ${result.total}, answered ${result.answered} (${f(result.achieved, 0)}/s), dropped ${result.dropped}; ` +
          `CPU µs per answered request: server ${per(result.spent.server)}, Postgres ${per(result.spent.postgres)}, generator ${per(result.spent.generator)}; load average ${result.load}`,
      );
      const goal = rate === GOAL_RATE;
      console.log(`  ${'route'.padEnd(15)}${'answered'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}${goal ? '  goal: p99 ≤ 50 ms, 0 errors (errors include dropped arrivals)' : '  (errors include dropped arrivals)'}`);
      for (const r of result.routes) {
        const verdict = goal ? (r.p99 <= 50 && r.errors === 0 ? '  met' : '  NOT MET') : '';
        console.log(`  ${r.route.padEnd(15)}${String(r.n).padStart(9)}${f(r.p50).padStart(9)}${f(r.p95).padStart(9)}${f(r.p99).padStart(10)}${String(r.errors).padStart(8)}${verdict}${r.sample ? `  e.g. ${r.sample}` : ''}`);
      }
      if (goal) {
        console.log(`  the evening's mix at ${rate} req/s: ${result.dropped} arrivals dropped (goal 0), achieved ${f(result.achieved, 0)} req/s; every route p99 ≤ 50 ms: ${result.routes.every((r) => r.p99 <= 50 && r.errors === 0) ? 'met' : 'NOT MET'}`);
      }
    }
    return { size, name, alone: aloneResults, loads, captureFile };
  } finally {
    await monitor.end();
    await server.stop();
  }
}

const autogroup = (() => { try { return readFileSync('/proc/self/autogroup', 'utf8').trim(); } catch { return 'no autogroup'; } })();
console.log(`peak bench: Node ${process.version}, ${os.cpus().length} CPUs, load average ${load()}, generator and server at nice ${os.getPriority()} (${autogroup}: on Linux with autogroups, nice counts only within the group), sizes ${SIZES.join(', ')}, rates ${RATES.join(', ')} req/s, ${SECONDS} s each, ${WORKERS} worker(s) with a pool of ${POOL_SIZE} each, ${RESIDENTS} residents logged in`);
try {
  await withClient(BENCH_ADMIN_URL, () => undefined);
} catch {
  console.log(`Postgres not reachable at ${BENCH_ADMIN_URL}: skipped`);
  process.exit(0);
}
if (SEED_ONLY) {
  // BENCH_PEAK_SEED_ONLY=1: seed the sizes (long at 1M; run it in the background) and stop.
  for (const size of SIZES) {
    console.log(`\n== seed ${size.toLocaleString('en')} apartments (load average ${load()})`);
    const { name, seeded } = await seededDatabase(size);
    if (!seeded) console.log(`  ${name} is already seeded (seed version ${SEED_VERSION})`);
    await seedSessions(name, size);
  }
  process.exit(0);
}
const results = [];
for (const size of SIZES) results.push(await runSize(size));

const small = results[0];
const large = results.at(-1);
const plansSmall = await explainCaptured(small.name, small.captureFile, false);
const plansLarge = await explainCaptured(large.name, large.captureFile, true);

if (results.length > 1) {
  console.log(`\n== ${large.size.toLocaleString('en')} : ${small.size.toLocaleString('en')} apartments (goal: latency ≤ 1.2×; load average now ${load()})`);
  // Latency under load compares at the evening's rate when both sizes kept up with it; otherwise
  // at the highest rate both answered in full (a saturated server measures its queue, not its size).
  const kept = (result, rate) => {
    const l = result.loads.find((x) => x.rate === rate);
    return l && l.dropped === 0 && l.achieved >= 0.95 * rate;
  };
  const cmpRate = kept(large, GOAL_RATE) && kept(small, GOAL_RATE) ? GOAL_RATE : (RATES.filter((r) => kept(large, r) && kept(small, r)).at(-1) ?? GOAL_RATE);
  if (cmpRate !== GOAL_RATE) console.log(`  (under load compared at ${cmpRate} req/s, the highest rate both sizes answered in full; at ${GOAL_RATE} req/s the server was saturated)`);
  console.log(`  ${'route'.padEnd(15)}${'p50 alone'.padStart(11)}${'p99 alone'.padStart(11)}${'Postgres µs'.padStart(13)}${`p50 @${cmpRate}/s`.padStart(13)}${`p99 @${cmpRate}/s`.padStart(13)}   (each goal ≤ 1.2×)`);
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  for (const route of ROUTES) {
    const a = large.alone.find((r) => r.route === route);
    const b = small.alone.find((r) => r.route === route);
    const la = large.loads.find((l) => l.rate === cmpRate)?.routes.find((r) => r.route === route);
    const lb = small.loads.find((l) => l.rate === cmpRate)?.routes.find((r) => r.route === route);
    const within = [a.p50 / b.p50, a.p99 / b.p99, la?.p50 / lb?.p50, la?.p99 / lb?.p99].every((x) => !(x > 1.2));
    console.log(`  ${route.padEnd(15)}${ratio(a.p50, b.p50).padStart(11)}${ratio(a.p99, b.p99).padStart(11)}${ratio(a.postgresUs, b.postgresUs).padStart(13)}${ratio(la?.p50, lb?.p50).padStart(13)}${ratio(la?.p99, lb?.p99).padStart(13)}   latency ${within ? 'met' : 'NOT MET'}`);
  }
  const login = (plans) => plans.find((p) => /from "users"/.test(p.text) && /"email" = \$/.test(p.text));
  const ls = login(plansSmall);
  const ll = login(plansLarge);
  // One execution each: a few buffers and hundredths of a millisecond, where one more B-tree level
  // and a cold page show as a large ratio. The goal (#20) is read on the CPU per login below.
  console.log(`\n  login's user lookup (#20), one EXPLAIN ANALYZE as doorstep_app: ${f(ll?.ms, 3)} ms at ${large.size.toLocaleString('en')}, ${f(ls?.ms, 3)} ms at ${small.size.toLocaleString('en')}: ${ratio(ll?.ms, ls?.ms)} (an index scan at both; timing of one execution)`);
  const la = large.alone.find((r) => r.route === 'login');
  const lb = small.alone.find((r) => r.route === 'login');
  console.log(`  login's Postgres time, CPU per login of the server's backends: ${f(la.postgresUs, 0)} µs at ${large.size.toLocaleString('en')}, ${f(lb.postgresUs, 0)} µs at ${small.size.toLocaleString('en')}: ${ratio(la.postgresUs, lb.postgresUs)} (goal ≤ 1.2×)`);
  console.log(`\n  statement execution time, ${large.size.toLocaleString('en')} vs ${small.size.toLocaleString('en')} (EXPLAIN ANALYZE, ms):`);
  for (const p of plansLarge) {
    const s = plansSmall.find((q) => q.text === p.text);
    console.log(`  ${f(p.ms, 3).padStart(9)} ${f(s?.ms, 3).padStart(9)} ${p.seq ? `SEQ SCAN ON ${p.seq} ` : ''}${p.text.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
}

if (process.env.BENCH_PEAK_DROP === '1') {
  for (const r of results) await withClient(BENCH_ADMIN_URL, (admin) => admin.query(`drop database if exists ${r.name} with (force)`));
  console.log('\nthe seeded databases were dropped (BENCH_PEAK_DROP=1)');
}
closeClient();
