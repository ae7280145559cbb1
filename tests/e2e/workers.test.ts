/**
 * DOORSTEP_WORKERS=2 (server/workers.ts): the built server as one primary and two node:cluster
 * workers on one Postgres database.
 * - both workers answer on the one port, and a token one of them issued works on the other (one
 *   key for all, made by the primary when JWT_SECRET is unset);
 * - a message queued once is sent once, though both workers run the outbox;
 * - a worker that dies is replaced;
 * - without DATABASE_URL (the embedded database belongs to one process) the setting is refused.
 * Postgres only; skipped without TEST_DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshPostgresDatabase, postgresUrl, query } from './support/postgres.ts';
import { startServer, type RunningServer } from './support/server.ts';

async function workersOf(pid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    pids.push(...children.trim().split(/\s+/).filter(Boolean).map(Number));
  }
  return pids;
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** One request on a connection of its own, so the cluster hands each to the next worker. */
function fresh(url: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { connection: 'close' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload) headers['content-type'] = 'application/json';
    const req = http.request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!postgresUrl)('DOORSTEP_WORKERS=2 on one Postgres', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'doorstep-workers-'));
    // No JWT_SECRET: the primary makes the one key both workers sign and verify with.
    server = await startServer('node', { DATABASE_URL: database.url, DOORSTEP_WORKERS: '2', DOORSTEP_SEED: 'demo', DOORSTEP_DATA_DIR: dataDir, JWT_SECRET: '' }, { startSeconds: 240 });
    await until('two workers', async () => (await workersOf(server.pid)).length === 2, 120);
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  test('both workers answer, and a token issued by one works on the other', async () => {
    const workers = await workersOf(server.pid);
    expect(workers).toHaveLength(2);
    const before = await Promise.all(workers.map(cpuTicks));
    const login = await fresh(server.url, 'POST', '/v1/demo/auth/login', { body: { email: 'anna@example.lv', password: 'Parole-2026!' } });
    expect(login.status).toBe(200);
    for (let i = 0; i < 60; i++) {
      const me = await fresh(server.url, 'GET', '/v1/demo/me', { token: login.json.accessToken });
      expect(me.status, `request ${i}`).toBe(200);
      expect(me.json.user.email).toBe('anna@example.lv');
    }
    const after = await Promise.all(workers.map(cpuTicks));
    // Each of the 60 connections went to the next worker: both did work.
    for (const [i, ticks] of after.entries()) expect(ticks, `worker ${workers[i]}`).toBeGreaterThan(before[i]!);
  });

  test('a message queued once is sent once, though both workers run the outbox', async () => {
    const emails = ['anna@example.lv', 'peteris@example.lv', 'liga@example.lv'];
    for (const email of emails) expect((await fresh(server.url, 'POST', '/v1/demo/auth/password/forgot', { body: { email } })).status).toBe(202);
    const outbox = join(dataDir, 'outbox');
    const recipients = async () => {
      const files = (await readdir(outbox).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
      return Promise.all(files.map(async (f) => /^To: (.*)$/im.exec(await readFile(join(outbox, f), 'utf8'))?.[1]?.trim() ?? f));
    };
    await until('the three messages', async () => (await recipients()).filter((to) => emails.some((e) => to.includes(e))).length >= 3, 60);
    // Both outbox loops have had time to claim again.
    await new Promise((r) => setTimeout(r, 4000));
    const written = await recipients();
    // Each message queued (the reset links, and any the seed queued) was written exactly once.
    const queued = await query<{ recipient: string; status: string; n: number }>(
      database.url,
      `select recipient, status, count(*)::int as n from email_outbox group by recipient, status order by recipient`,
    );
    for (const row of queued) {
      expect(row.status, row.recipient).toBe('sent');
      expect(written.filter((to) => to.includes(row.recipient)), `${row.recipient} in ${written.join(', ')}`).toHaveLength(row.n);
    }
    expect(written).toHaveLength(queued.reduce((sum, row) => sum + row.n, 0));
    for (const email of emails) expect(queued.some((row) => row.recipient === email)).toBe(true);
  });

  test('a worker that dies is replaced, and the port keeps answering', async () => {
    const [victim, other] = await workersOf(server.pid);
    process.kill(victim!, 'SIGKILL');
    const replaced = await until('a new worker', async () => {
      const now = await workersOf(server.pid);
      return now.length === 2 && !now.includes(victim!) && now.includes(other!) ? now : undefined;
    }, 120);
    expect(replaced).toHaveLength(2);
    for (let i = 0; i < 6; i++) expect((await fresh(server.url, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('DOORSTEP_WORKERS without DATABASE_URL', () => {
  test('is refused: the embedded database belongs to one process', async () => {
    const child = spawn(process.execPath, ['server/dist/main.js'], {
      env: { ...process.env, DATABASE_URL: '', DOORSTEP_WORKERS: '2', PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('DOORSTEP_WORKERS above 1 needs DATABASE_URL');
  });
});
