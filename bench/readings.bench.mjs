#!/usr/bin/env node
/**
 * How fast the two busiest resident routes are, next to the floor any API on this stack has:
 *
 *   GET  /v1/demo/premises/{id}/meters                      (the widget's first call)
 *   POST /v1/demo/premises/{id}/meters/{meterId}/readings   (every request stores a new version)
 *
 * each on embedded PGlite and on Postgres, against a bare Hono + pg endpoint that runs one indexed
 * query on the same Postgres database (no auth, no transaction, no row-level security). Prints
 * requests per second, p99 latency and the share of the bare figure (goal: ≥ 60 %), with GET /me
 * (the foundation's resident route: token, session, grants, one query) as the floor of any route.
 *
 *   npm run bench -- readings          (builds first, then runs this file)
 *   node bench/readings.bench.mjs      (after `npm run build`)
 *
 * Fairness. Everything shares this machine's cores: the load generator (autocannon, in this
 * process), the server under test (its own process: the bare server, the Postgres-backed and the
 * PGlite-backed Doorstep never share an event loop), Postgres, and whatever else is running. So:
 * - the runs are interleaved in rounds (bare, then each Doorstep route, again and again) and each
 *   share is taken against the bare run of the same round, then the median over the rounds;
 * - besides requests per second, the CPU time each party spends per request is measured (server
 *   process, Postgres backends, load generator, from /proc on Linux): a cost that does not depend
 *   on how busy the machine is, and that shows how much of the machine the load generator takes.
 *
 * Environment: BENCH_SECONDS (per run, default 3), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS
 * (default 10), BENCH_POOL_SIZE (the Doorstep server's DB_POOL_SIZE and the bare pool, default
 * the number of CPUs), BENCH_DATABASE_URL or TEST_DATABASE_URL (a Postgres server where databases may be created;
 * default postgres://postgres@127.0.0.1:5432/test). Without a reachable Postgres the Postgres rows
 * are skipped.
 */
import { spawn } from 'node:child_process';
import { createBenchDatabase, BENCH_ADMIN_URL } from './support.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// As many connections as cores for both servers: more only makes the backends fight over them.
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? os.cpus().length);
const ADMIN_URL = BENCH_ADMIN_URL;
const PASSWORD = 'Parole-2026!';
const TENANT = 'demo';

if (process.argv[2] === '--bare-server') await bareServer();
else await main();

/** The baseline: Hono on Node, a pg pool, one query on the readings_meter_period index. */
async function bareServer() {
  const [{ Hono }, { serve }, pgModule] = await Promise.all([import('hono'), import('@hono/node-server'), import('pg')]);
  const pg = pgModule.default ?? pgModule;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE });
  pool.on('error', () => {}); // the bench drops the database at the end
  const app = new Hono();
  app.get('/tenants/:tenantId/meters/:meterId/readings', async (c) => {
    const { rows } = await pool.query(
      'select period, value, submitted_at from readings where tenant_id = $1 and meter_id = $2 and is_current order by period desc limit 2',
      [c.req.param('tenantId'), c.req.param('meterId')],
    );
    return c.json(rows);
  });
  serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
}

async function main() {
  const { default: autocannon } = await import('autocannon');
  if (!existsSync(`${root}server/dist/main.js`)) {
    console.log('readings bench: building first (npm run build)…');
    await run(process.execPath, ['scripts/build.mjs']);
  }
  const load = os.loadavg()[0];
  console.log(
    `readings bench: Node ${process.version}, ${os.cpus().length} CPUs (load average ${load.toFixed(1)} at the start), ` +
      `${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per route, pool ${POOL_SIZE}`,
  );
  const runs = [];
  const children = [];
  let database;
  try {
    // Embedded PGlite: demo mode, so X-Doorstep-Now puts the server inside this month's window.
    const pglite = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://' }, children);
    const now = lastDayOfThisMonth();
    runs.push(...(await doorstepRuns(pglite, 'PGlite', { 'x-doorstep-now': now })));

    database = await createBenchDatabase();
    if (!database) {
      console.log(`readings bench: no Postgres at ${redact(ADMIN_URL)}; Postgres rows skipped.`);
    } else {
      const postgres = await startDoorstep({ DATABASE_URL: withApplicationName(database.url, 'doorstep-bench') }, children);
      // Postgres is never demo mode: open the window the way a manager would, by an override.
      await database.query(
        `insert into reading_window_overrides (tenant_id, period, opens_at, closes_at, note)
         select id, to_char(now() at time zone time_zone, 'YYYY-MM'), now() - interval '1 day', now() + interval '1 day', 'bench'
         from tenants where slug = $1`,
        [TENANT],
      );
      const pgRuns = await doorstepRuns(postgres, 'Postgres', {});
      const port = await freePort();
      const bare = await startProcess(
        process.execPath,
        [fileURLToPath(import.meta.url), '--bare-server'],
        { PORT: String(port), DATABASE_URL: withApplicationName(database.url, 'bare-bench') },
        `http://127.0.0.1:${port}/`,
      );
      children.push(bare);
      const {
        rows: [target],
      } = await database.query(`select m.tenant_id, m.id from meters m join tenants t on t.id = m.tenant_id where t.slug = $1 order by m.serial_number limit 1`, [
        TENANT,
      ]);
      const url = `http://127.0.0.1:${port}/tenants/${target.tenant_id}/meters/${target.id}/readings`;
      runs.unshift({ label: 'bare Hono + pg, one indexed query', bare: true, pid: bare.pid, backends: 'bare-bench', options: { url } });
      for (const r of pgRuns) r.backends = 'doorstep-bench';
      runs.push(...pgRuns);
    }

    for (const r of runs) {
      await autocannonRun(autocannon, r.options, 1); // warm-up: JIT, pools, caches
      r.results = [];
    }
    for (let round = 0; round < ROUNDS; round++) {
      process.stdout.write(`round ${round + 1}/${ROUNDS}…\n`);
      // Access tokens live five minutes: fresh ones for every round.
      for (const login of new Set(runs.map((r) => r.login))) await login?.();
      let bare;
      for (const r of runs) {
        const result = await measured(autocannon, r, database);
        if (r.bare) bare = result;
        result.share = bare ? result.rps / bare.rps : undefined;
        // The same comparison by cost: the CPU time server and database spend per request (for
        // PGlite both are the server process), which the machine's load moves much less.
        const cost = (x) => (x.serverUs === undefined ? undefined : x.serverUs + (x.postgresUs ?? 0));
        result.cpuShare = bare && cost(bare) && cost(result) ? cost(bare) / cost(result) : undefined;
        r.results.push(result);
      }
    }
  } finally {
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM'))))));
    await database?.drop();
  }
  print(runs, load);
}

/** Logs in Anna and Pēteris and describes the GET /me, GET meters and POST readings runs. */
async function doorstepRuns(server, label, headers) {
  const anna = await residentOf(server, 'anna@example.lv', headers);
  const peteris = await residentOf(server, 'peteris@example.lv', headers);
  const get = { url: `${server.url}/v1/${TENANT}/premises/${anna.premises[0].id}/meters`, headers: { ...headers, authorization: `Bearer ${anna.token}` } };
  // GET /me is the foundation's own resident route: token, session, grants and one query. What
  // any resident route costs before it does its own work.
  const me = { ...get, url: `${server.url}/v1/${TENANT}/me`, headers: { ...get.headers } };
  const login = async () => {
    const annaToken = await loginAs(server, 'anna@example.lv', headers);
    const peterisToken = await loginAs(server, 'peteris@example.lv', headers);
    get.headers.authorization = me.headers.authorization = `Bearer ${annaToken}`;
    for (const meter of anna.meters) meter.token = annaToken;
    for (const meter of peteris.meters) meter.token = peterisToken;
  };

  // Eight meters of two residents, in turn; each meter alternates between two believable values,
  // so every request stores a new version (a correction), the heaviest path.
  const targets = [...anna.meters, ...peteris.meters];
  const sent = new Map();
  let counter = 0;
  const post = {
    url: server.url,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest(request) {
          const target = targets[++counter % targets.length];
          const count = (sent.get(target.meterId) ?? 0) + 1;
          sent.set(target.meterId, count);
          return {
            ...request,
            path: `/v1/${TENANT}/premises/${target.premiseId}/meters/${target.meterId}/readings`,
            headers: { ...request.headers, authorization: `Bearer ${target.token}` },
            body: JSON.stringify({ value: (target.base + 1 + (count % 2) / 1000).toFixed(3) }),
          };
        },
      },
    ],
  };
  const pid = server.child.pid;
  return [
    { label: `(GET /me, ${label})`, pid, login, options: me },
    { label: `GET meters, ${label}`, pid, login, options: get },
    { label: `POST readings, ${label}`, pid, login, options: post },
  ];
}

async function callApi(server, headers, method, path, token, body) {
  const response = await fetch(`${server.url}/v1/${TENANT}${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function loginAs(server, email, headers) {
  return (await callApi(server, headers, 'POST', '/auth/login', null, { email, password: PASSWORD, remember: false })).accessToken;
}

async function residentOf(server, email, headers) {
  const call = (method, path, token, body) => callApi(server, headers, method, path, token, body);
  const token = await loginAs(server, email, headers);
  const { premises } = await call('GET', '/me', token);
  const meters = [];
  for (const premise of premises) {
    const list = await call('GET', `/premises/${premise.id}/meters`, token);
    if (!list.window.open) throw new Error(`the reading window is not open for ${email}`);
    for (const meter of list.meters) {
      const base = Number((meter.periodReading ? meter.previousReading : meter.lastReading)?.value ?? 0);
      meters.push({ premiseId: premise.id, meterId: meter.id, token, base });
    }
  }
  return { token, premises, meters };
}

/** One measured run, with the CPU time the server, its Postgres backends and this process spent. */
async function measured(autocannon, r, database) {
  const backendsBefore = r.backends ? await backendTicks(database, r.backends) : undefined;
  const serverBefore = processTicks(r.pid);
  const selfBefore = process.cpuUsage();
  const result = await autocannonRun(autocannon, r.options, SECONDS);
  const self = process.cpuUsage(selfBefore);
  const serverAfter = processTicks(r.pid);
  const backendsAfter = r.backends ? await backendTicks(database, r.backends) : undefined;
  const perRequest = (ms) => (ms === undefined || !result.count ? undefined : (ms * 1000) / result.count);
  let postgresMs;
  if (backendsBefore && backendsAfter) {
    postgresMs = 0;
    for (const [pid, after] of backendsAfter) postgresMs += after - (backendsBefore.get(pid) ?? 0);
  }
  return {
    ...result,
    serverUs: perRequest(serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore),
    postgresUs: perRequest(postgresMs),
    loadUs: perRequest((self.user + self.system) / 1000),
  };
}

/** Runs autocannon; counts answers other than 2xx as errors (they would flatter the figures). */
function autocannonRun(autocannon, options, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      resolve({
        rps: result.requests.average,
        p99: result.latency.p99,
        count: result.requests.total,
        failed: result.non2xx + result.errors + result.timeouts,
      });
    });
  });
}

/** CPU time (user + system, ms) a process has used so far; undefined where /proc is missing. */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** CPU time (ms) of each Postgres backend serving `application`, when Postgres runs on this machine. */
async function backendTicks(database, application) {
  const { rows } = await database.query('select pid from pg_stat_activity where application_name = $1', [application]);
  const ticks = new Map();
  for (const { pid } of rows) {
    // A Postgres on another machine has pids that mean nothing here.
    if (!isPostgresProcess(pid)) return undefined;
    const ms = processTicks(pid);
    if (ms === undefined) return undefined;
    ticks.set(pid, ms);
  }
  return ticks;
}

function isPostgresProcess(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
  } catch {
    return false;
  }
}

async function startDoorstep(env, children) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startProcess(
    process.execPath,
    ['server/dist/main.js'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      DOORSTEP_SEED: 'demo',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(POOL_SIZE),
      DATABASE_URL: '',
      ...env,
    },
    `${url}/healthz`,
  );
  children.push(child);
  return { url, child };
}

async function startProcess(command, args, env, readyUrl) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, BENCH_POOL_SIZE: String(POOL_SIZE), ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(readyUrl)).status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`${args.join(' ')} did not start`);
}

function withApplicationName(url, name) {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}


function print(runs, loadAtStart) {
  const median = (values) => {
    const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
    if (sorted.length === 0) return undefined;
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const cell = (value, width, digits = 0) => (value === undefined ? '–' : value.toFixed(digits)).padStart(width);
  console.log('');
  console.log(`${''.padEnd(51)}${'share of bare'.padStart(18)}${'CPU µs per request'.padStart(26)}`);
  console.log(
    `${'route'.padEnd(36)}${'req/s'.padStart(7)}${'p99 ms'.padStart(8)}${'req/s'.padStart(10)}${'CPU'.padStart(8)}` +
      `${'server'.padStart(10)}${'Postgres'.padStart(10)}${'load gen'.padStart(10)}${'failed'.padStart(8)}`,
  );
  const percent = (value) => (value === undefined ? '' : `${Math.round(value * 100)} %`);
  for (const r of runs) {
    const m = (key) => median(r.results.map((x) => x[key]));
    const failed = r.results.reduce((sum, x) => sum + x.failed, 0);
    console.log(
      `${r.label.padEnd(36)}${cell(m('rps'), 7)}${cell(m('p99'), 8)}${(r.bare ? '' : percent(m('share'))).padStart(10)}` +
        `${(r.bare ? '' : percent(m('cpuShare'))).padStart(8)}${cell(m('serverUs'), 10)}${cell(m('postgresUs'), 10)}${cell(m('loadUs'), 10)}` +
        `${String(failed).padStart(8)}`,
    );
  }
  if (!runs.some((r) => r.bare)) console.log('(no bare figure: it needs Postgres)');
  console.log('');
  const lines = [
    `Medians over ${ROUNDS} rounds; each share is against the bare run of the same round. The load generator (autocannon,`,
    `this process), each server (its own process, pool ${POOL_SIZE}) and Postgres share ${os.cpus().length} CPUs with whatever else runs (load`,
    `average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end). Requests per second follow that load; the CPU share`,
    `(server + Postgres µs per request of the bare run over this route's; PGlite runs inside the server) much less so.`,
    `The load generator's own CPU per request is shown: the faster the server, the more of the machine it takes.`,
  ];
  for (const line of lines) console.log(line);
}

/** 08:00 UTC on the last day of this month: inside the demo tenant's window (Ogre's rule). */
function lastDayOfThisMonth() {
  const today = new Date();
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0, 8));
  return last.toISOString();
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

function redact(url) {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}
