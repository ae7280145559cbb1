// Shared bench plumbing: start the built server on a free port, and measure a request loop.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Waits until the server at `url` answers /healthz (up to `tries` × 250 ms); throws if it exits first. */
async function healthy(url, child, tries) {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    if (child.exitCode !== null) throw new Error('the server exited');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts server/dist/main.js with the demo data; resolves to { url, stop }. */
export async function startBuiltServer(env = {}) {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'server/dist/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'demo', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await healthy(url, child, 400);
  return { url, pid: child.pid, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGINT'))) };
}

/**
 * The built server as a deployment runs it (production mode, no demo seed) on a bench's own
 * Postgres database: resolves to { url, pid, stop }. `nodeArgs` go before the entry (a profiler, an
 * `--import` hook), `main` replaces the entry (another build's main.js), `env` adds to the server's.
 */
export async function startProductionServer(databaseUrl, { nodeArgs = [], main = 'server/dist/main.js', env = {} } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DOORSTEP_SEED: 'none',
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuv',
      DOORSTEP_PERSONAL_CODE_KEY: 'bench-personal-code-key-0123456789abcdefghij',
      DOORSTEP_ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdefghijklm',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to five minutes: a first start on a large database applies its migrations.
  await healthy(url, child, 1200);
  return { url, pid: child.pid, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGINT')))) };
}

/** Runs `count` calls of `fn` with `concurrency` in flight; returns throughput and latency percentiles. */
export async function measure(fn, { count = 500, concurrency = 10 } = {}) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t = performance.now();
        await fn();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: count / seconds, p50: pct(50), p99: pct(99) };
}

export const fmt = (m) => `${m.rps.toFixed(0).padStart(6)} req/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms`;

/** The Postgres server the benches make their databases on. */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL of database `name` on the bench's Postgres server, named `application` in pg_stat_activity when given. */
export function databaseUrl(name, application) {
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  if (application) url.searchParams.set('application_name', application);
  return url.toString();
}

/** Runs `fn` with a pg client connected to `url`, closed afterwards. */
export async function withClient(url, fn) {
  const pgModule = await import('pg');
  const pg = pgModule.default ?? pgModule;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database on the Postgres server (`doorstep_bench_<label>_…`), with a lazily connected
 * client for the bench's own queries, dropped by `drop()`; undefined when there is no server.
 */
export async function createBenchDatabase(label = '') {
  const pgModule = await import('pg');
  const pg = pgModule.default ?? pgModule;
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `doorstep_bench_${label ? `${label}_` : ''}${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(BENCH_ADMIN_URL);
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
      const cleanup = new pg.Client({ connectionString: BENCH_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux only; NaN elsewhere). */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * A process and its descendants (the workers of DOORSTEP_WORKERS), from each process's parent in
 * /proc (`/proc/<pid>/task/<tid>/children` is not on every kernel: not on this machine's).
 */
export function processTree(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const tree = [pid];
  for (let k = 0; k < tree.length; k++) for (const [child, parent] of parents) if (parent === tree[k]) tree.push(child);
  return tree;
}

/** CPU seconds of a process and its descendants (a server with its workers); exited ones count 0. */
export function treeCpuSeconds(pid) {
  return processTree(pid).reduce((sum, p) => sum + (cpuSeconds(p) || 0), 0);
}

/**
 * A cheap load generator's client (node:http with keep-alive; `fetch` costs ~0.7 ms CPU a request
 * here): `request(base, method, path, { token, body, ip })` resolves `{ status, text }`, status 0
 * when the connection failed. `destroy()` closes the kept sockets at the end.
 */
export function keepAliveClient(maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  function request(base, method, path, { token, body, ip } = {}) {
    return new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload) (headers['content-type'] = 'application/json'), (headers['content-length'] = Buffer.byteLength(payload));
      if (ip) headers['x-forwarded-for'] = ip;
      const req = http.request(`${base}${path}`, { method, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', (error) => resolve({ status: 0, text: String(error) }));
      if (payload) req.write(payload);
      req.end();
    });
  }
  return { request, destroy: () => agent.destroy() };
}

/** A distinct client address per simulated resident (the login rate limit counts per address). */
export const ipOf = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
