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
 *   npm run bench                      (builds first, then runs every bench/*.bench.mjs)
 *   node bench/readings.bench.mjs      (after `npm run build`)
 *
 * Environment: BENCH_SECONDS (per run, default 5), BENCH_CONNECTIONS (default 10),
 * BENCH_DATABASE_URL or TEST_DATABASE_URL (a Postgres server where databases may be created;
 * default postgres://postgres@127.0.0.1:5432/test). Without a reachable Postgres the Postgres rows
 * are skipped. Each server runs in its own process; the load comes from autocannon in this one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'Parole-2026!';
const TENANT = 'demo';

if (process.argv[2] === '--bare-server') await bareServer();
else await main();

/** The baseline: Hono on Node, a pg pool, one query on the readings_meter_period index. */
async function bareServer() {
  const [{ Hono }, { serve }, pgModule] = await Promise.all([import('hono'), import('@hono/node-server'), import('pg')]);
  const pg = pgModule.default ?? pgModule;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
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
  console.log(`readings bench: Node ${process.version}, ${os.cpus().length} CPUs, ${CONNECTIONS} connections, ${SECONDS} s per run`);
  const rows = [];
  const children = [];
  let database;
  try {
    // Embedded PGlite: demo mode, so X-Doorstep-Now puts the server inside this month's window.
    const pglite = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://' }, children);
    const now = lastDayOfThisMonth();
    rows.push(...(await measureDoorstep(autocannon, pglite, 'PGlite', { 'x-doorstep-now': now })));

    database = await createDatabase();
    if (!database) {
      console.log(`readings bench: no Postgres at ${redact(ADMIN_URL)}; Postgres rows skipped.`);
    } else {
      const postgres = await startDoorstep({ DATABASE_URL: database.url }, children);
      // Postgres is never demo mode: open the window the way a manager would, by an override.
      await database.query(
        `insert into reading_window_overrides (tenant_id, period, opens_at, closes_at, note)
         select id, to_char(now() at time zone time_zone, 'YYYY-MM'), now() - interval '1 day', now() + interval '1 day', 'bench'
         from tenants where slug = $1`,
        [TENANT],
      );
      const measured = await measureDoorstep(autocannon, postgres, 'Postgres', {});
      const port = await freePort();
      children.push(await startProcess(process.execPath, [fileURLToPath(import.meta.url), '--bare-server'], { PORT: String(port), DATABASE_URL: database.url }, `http://127.0.0.1:${port}/`));
      const { rows: [target] } = await database.query(
        `select m.tenant_id, m.id from meters m join tenants t on t.id = m.tenant_id where t.slug = $1 order by m.serial_number limit 1`,
        [TENANT],
      );
      const bareUrl = `http://127.0.0.1:${port}/tenants/${target.tenant_id}/meters/${target.id}/readings`;
      await load(autocannon, { url: bareUrl }, 1);
      rows.unshift({ label: 'bare Hono + pg, one indexed query', ...(await load(autocannon, { url: bareUrl })) });
      rows.push(...measured);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await database?.drop();
  }
  print(rows);
}

/** Logs in Anna and Pēteris and measures GET meters and POST readings on one running server. */
async function measureDoorstep(autocannon, server, label, headers) {
  const anna = await residentOf(server, 'anna@example.lv', headers);
  const peteris = await residentOf(server, 'peteris@example.lv', headers);
  const getUrl = `${server.url}/v1/${TENANT}/premises/${anna.premises[0].id}/meters`;
  const getOptions = { url: getUrl, headers: { ...headers, authorization: `Bearer ${anna.token}` } };
  await load(autocannon, getOptions, 1);
  const get = await load(autocannon, getOptions);
  // GET /me is the foundation's own resident route: token, session, grants and one query. What
  // any resident route costs before it does its own work.
  const me = await load(autocannon, { ...getOptions, url: `${server.url}/v1/${TENANT}/me` });

  // Eight meters of two residents, in turn; each meter alternates between two believable values,
  // so every request stores a new version (a correction), the heaviest path.
  const targets = [...anna.meters, ...peteris.meters];
  const sent = new Map();
  const post = {
    url: server.url,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest(request) {
          const target = targets[(post.counter = (post.counter ?? 0) + 1) % targets.length];
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
  await load(autocannon, post, 1);
  const submit = await load(autocannon, post);
  return [
    { label: `(GET /me, ${label})`, ...me },
    { label: `GET meters, ${label}`, ...get },
    { label: `POST readings, ${label}`, ...submit },
  ];
}

async function residentOf(server, email, headers) {
  const call = async (method, path, token, body) => {
    const response = await fetch(`${server.url}/v1/${TENANT}${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { accessToken: token } = await call('POST', '/auth/login', null, { email, password: PASSWORD, remember: false });
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

/** Runs autocannon; counts answers other than 2xx as errors (they would flatter the figures). */
function load(autocannon, options, seconds = SECONDS) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      resolve({ rps: result.requests.average, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts });
    });
  });
}

async function startDoorstep(env, children) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  children.push(
    await startProcess(
      process.execPath,
      ['server/dist/main.js'],
      { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test', DOORSTEP_SEED: 'demo', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
      `${url}/healthz`,
    ),
  );
  return { url };
}

async function startProcess(command, args, env, readyUrl) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
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

/** A fresh database on the Postgres server, dropped at the end; undefined when there is none. */
async function createDatabase() {
  const pgModule = await import('pg');
  const pg = pgModule.default ?? pgModule;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `doorstep_bench_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  let connected = false;
  return {
    url: url.toString(),
    async query(text, values) {
      if (!connected) {
        await client.connect();
        connected = true;
      }
      return client.query(text, values);
    },
    async drop() {
      if (connected) await client.end();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

function print(rows) {
  const bare = rows.find((row) => row.label.startsWith('bare'));
  console.log('');
  console.log(`${'route'.padEnd(40)}${'req/s'.padStart(9)}${'p99 ms'.padStart(9)}  share of bare  failed`);
  for (const row of rows) {
    const share = bare && row !== bare ? `${Math.round((row.rps / bare.rps) * 100)} %`.padStart(13) : ''.padStart(13);
    console.log(`${row.label.padEnd(40)}${row.rps.toFixed(0).padStart(9)}${String(row.p99).padStart(9)}  ${share}  ${row.failed}`);
  }
  if (!bare) console.log('(no bare figure: it needs Postgres)');
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
