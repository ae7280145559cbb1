#!/usr/bin/env node
/**
 * What one login and one refresh write to Postgres, and whether that grows with the number of
 * users and sessions (issue #20: login at 1M users must cost what it costs at 10k, within 1.2×).
 *
 *   npm run bench -- login-wal          (builds first, then runs this file)
 *   node bench/login-wal.bench.mjs      (after `npm run build`)
 *
 * Counts, not timings, so the figures hold on a busy machine. For each size (10k and 100k users by
 * default; BENCH_LOGIN_SIZES=10000,100000,1000000 for a country):
 *
 * 1. Seed, once: one tenant with that many residents, one remembered session each with three
 *    refresh tokens (two superseded, one live), as after a month of use, written by SQL
 *    (generate_series) into `<prefix>_<size>` (BENCH_LOGIN_DB_PREFIX, default doorstep_login_wal;
 *    kept between runs, dropped with BENCH_LOGIN_DROP=1). The schema comes from starting the server
 *    (migrations). Passwords are hashed with small Argon2 parameters (1 MiB, one pass): the bench
 *    counts Postgres work, and verifying OWASP's 19 MiB hash a few thousand times would only make it
 *    slow.
 * 2. After a CHECKPOINT, BENCH_LOGIN_COUNT (default 500) logins of distinct residents, then as many
 *    refreshes of the sessions just made, then as many refreshes of month-old seeded sessions. For
 *    each phase: the WAL the phase wrote to this database (pg_waldump over the phase's LSN range,
 *    records of this database's relations and the commits of their transactions): bytes and
 *    full-page images (FPI) per request and FPIs by relation; the statements the server sent per
 *    request (counted in the server by a preloaded wrapper of pg's Client.query, BEGIN and COMMIT
 *    included); and the CPU of the server's Postgres backends per request (from /proc).
 *
 * The first change to a page after a checkpoint writes the whole 8 KB page to WAL. A login that
 * inserts into an index at a random place (a random uuid, a hash) touches a page no other login
 * of the phase touched once the index has more pages than the phase has logins: FPIs per login
 * then grow with the table. Inserts at the right edge of an index (time-ordered keys) share pages.
 *
 * Needs Postgres on this machine (pg_waldump reads its pg_wal; BENCH_PG_WAL, default
 * /var/lib/postgresql/15/main/pg_wal; BENCH_PG_WALDUMP, default
 * /usr/lib/postgresql/15/bin/pg_waldump). Another session's CHECKPOINT during a phase is noticed
 * and printed (its FPIs would be counted too). The WAL is held for pg_waldump by a temporary physical
 * replication slot of the bench's own connection.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_ADMIN_URL, databaseUrl, ipOf, keepAliveClient, startProductionServer, withClient } from './support.mjs';

const SEED_VERSION = 1;
const root = fileURLToPath(new URL('..', import.meta.url));
const SIZES = (process.env.BENCH_LOGIN_SIZES ?? '10000,100000').split(',').map(Number);
const COUNT = Number(process.env.BENCH_LOGIN_COUNT ?? 500);
const PREFIX = process.env.BENCH_LOGIN_DB_PREFIX ?? 'doorstep_login_wal';
const DROP = process.env.BENCH_LOGIN_DROP === '1';
const PG_WAL = process.env.BENCH_PG_WAL ?? '/var/lib/postgresql/15/main/pg_wal';
const WALDUMP = process.env.BENCH_PG_WALDUMP ?? '/usr/lib/postgresql/15/bin/pg_waldump';
const ENTRY = process.env.BENCH_LOGIN_SERVER ?? 'server/dist/main.js';
const PASSWORD = 'Parole-2026!';
const TENANT = 'wal';
const APPLICATION = 'doorstep-login-wal';
const CONCURRENCY = 4;

const pgModule = await import('pg');
const pg = pgModule.default ?? pgModule;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

// ---------------------------------------------------------------------------------------------
// The server, with a counter of the statements it sends

/** Preloaded into the server: one line per statement sent (its first word), to a file. */
const COUNTER = `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const pg = createRequire(${JSON.stringify(`${root}package.json`)})('pg');
const file = process.env.LOGIN_WAL_STATEMENTS;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (first, ...rest) {
  const text = typeof first === 'string' ? first : first && first.text;
  if (file && typeof text === 'string') appendFileSync(file, text.trim().split(/\\s+/, 1)[0].toLowerCase() + '\\n');
  return original.call(this, first, ...rest);
};`)}`;

function startServer(databaseUrl, statementsFile) {
  return startProductionServer(databaseUrl, {
    nodeArgs: ['--import', COUNTER],
    main: ENTRY,
    env: { DB_POOL_SIZE: String(CONCURRENCY), LOGIN_WAL_STATEMENTS: statementsFile ?? '' },
  });
}

// ---------------------------------------------------------------------------------------------
// Seeding

async function seededDatabase(size) {
  const name = `${PREFIX}_${size}`;
  const exists = await withClient(BENCH_ADMIN_URL, async (admin) => (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount > 0);
  if (exists) {
    const complete = await withClient(databaseUrl(name), async (c) => {
      try {
        return (await c.query('select 1 from bench_seed where version = $1 and users = $2', [SEED_VERSION, size])).rowCount > 0;
      } catch {
        return false;
      }
    });
    if (complete) return name;
    await withClient(BENCH_ADMIN_URL, (admin) => admin.query(`drop database ${name} with (force)`));
  }
  await withClient(BENCH_ADMIN_URL, (admin) => admin.query(`create database ${name}`));
  const started = performance.now();
  const server = await startServer(databaseUrl(name, APPLICATION));
  await server.stop();
  const { hash } = await import('@node-rs/argon2');
  const passwordHash = await hash(PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1, outputLen: 32 });
  await withClient(databaseUrl(name), async (c) => {
    const { rows: [tenant] } = await c.query(`insert into tenants (slug, name, allowed_origins) values ($1, 'Login WAL', '{}') returning id`, [TENANT]);
    const t = tenant.id;
    // Ids and token hashes as the server of before made them: random (gen_random_uuid, SHA-256).
    await c.query(`insert into users (tenant_id, email, password_hash, name) select $1, 'r' || i || '@wal.lv', $3, 'Resident ' || i from generate_series(0, $2 - 1) i`, [t, size, passwordHash]);
    await c.query(
      `insert into sessions (tenant_id, user_id, remember, created_at, last_used_at, expires_at, absolute_expires_at)
       select $1, id, true, now() - interval '20 days', now() - interval '2 days', now() + interval '28 days', now() + interval '70 days' from users`,
      [t],
    );
    // The live token of resident i is `seed-<email>-2` (the old format: random text, stored hashed).
    await c.query(
      `insert into refresh_tokens (token_hash, tenant_id, session_id, created_at, superseded_at)
       select encode(sha256(convert_to('seed-' || u.email || '-' || k, 'UTF8')), 'hex'), $1, s.id, now() - (20 - k) * interval '1 day',
              case when k < 2 then now() - (19 - k) * interval '1 day' end
         from sessions s join users u on u.id = s.user_id, generate_series(0, 2) k`,
      [t],
    );
    await c.query('vacuum (analyze) users, sessions, refresh_tokens');
    await c.query('create table bench_seed (version int, users int)');
    await c.query('insert into bench_seed values ($1, $2)', [SEED_VERSION, size]);
  });
  console.log(`  seeded ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s (load average ${load()})`);
  return name;
}

// ---------------------------------------------------------------------------------------------
// Measuring a phase

function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

async function backendTicks(monitor) {
  const { rows } = await monitor.query('select pid from pg_stat_activity where application_name = $1', [APPLICATION]);
  return new Map(rows.map(({ pid }) => [pid, processTicks(pid)]));
}

/** The WAL of this database between two LSNs: bytes, records, FPIs, FPIs by relation. */
function walOf(dbOid, from, to, relnames) {
  const out = spawnSync(WALDUMP, ['-p', PG_WAL, '-s', from, '-e', to], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const lines = out.stdout.split('\n');
  const ours = new Set();
  let bytes = 0;
  let records = 0;
  let fpi = 0;
  const byRelation = new Map();
  const xidOf = (line) => /tx:\s+(\d+)/.exec(line)?.[1];
  for (const line of lines) {
    if (!line.includes(`/${dbOid}/`)) continue;
    const xid = xidOf(line);
    if (xid && xid !== '0') ours.add(xid);
  }
  for (const line of lines) {
    const len = /len \(rec\/tot\):\s+\d+\/\s*(\d+)/.exec(line);
    if (!len) continue;
    const isOurs = line.includes(`/${dbOid}/`) || (/rmgr: Transaction/.test(line) && ours.has(xidOf(line)));
    if (!isOurs) continue;
    bytes += Number(len[1]);
    records++;
    for (const m of line.matchAll(/rel \d+\/(\d+)\/(\d+)(?: fork \w+)? blk \d+ FPW/g)) {
      if (m[1] !== String(dbOid)) continue;
      fpi++;
      const rel = relnames.get(m[2]) ?? m[2];
      byRelation.set(rel, (byRelation.get(rel) ?? 0) + 1);
    }
  }
  return { bytes, records, fpi, byRelation, error: out.status === 0 ? undefined : out.stderr.trim().split('\n').at(-1) };
}

async function phase(label, ctx, requests) {
  const { monitor, statementsFile } = ctx;
  await monitor.query('checkpoint');
  const { rows: [start] } = await monitor.query('select pg_current_wal_insert_lsn() as lsn, (pg_control_checkpoint()).redo_lsn as redo');
  const ticks0 = await backendTicks(monitor);
  writeFileSync(statementsFile, '');
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const ok = await requests[next++]();
        if (!ok) failures++;
      }
    }),
  );
  const statements = readFileSync(statementsFile, 'utf8').split('\n').filter(Boolean);
  const ticks1 = await backendTicks(monitor);
  const { rows: [end] } = await monitor.query('select pg_current_wal_flush_lsn() as lsn, (pg_control_checkpoint()).redo_lsn as redo');
  let ticks = 0;
  for (const [pid, t] of ticks1) if (ticks0.has(pid) && t !== undefined && ticks0.get(pid) !== undefined) ticks += t - ticks0.get(pid);
  const wal = walOf(ctx.dbOid, start.lsn, end.lsn, ctx.relnames);
  const n = requests.length;
  const kinds = new Map();
  for (const s of statements) kinds.set(s, (kinds.get(s) ?? 0) + 1);
  const top = [...wal.byRelation].sort((a, b) => b[1] - a[1]).map(([rel, k]) => `${rel} ${(k / n).toFixed(2)}`).join(', ');
  console.log(
    `  ${label.padEnd(26)} ${String(n).padStart(5)} req ${failures ? `(${failures} FAILED) ` : ''}` +
      `${(wal.bytes / n).toFixed(0).padStart(7)} B WAL/req ${(wal.fpi / n).toFixed(2).padStart(6)} FPI/req ${(wal.records / n).toFixed(1).padStart(5)} rec/req ` +
      `${(statements.length / n).toFixed(2).padStart(5)} msgs/req ${((ticks * 10_000) / n).toFixed(0).padStart(6)} µs PG CPU/req` +
      `${start.redo !== end.redo ? '  (another checkpoint ran during the phase)' : ''}${wal.error ? `  (pg_waldump: ${wal.error})` : ''}`,
  );
  console.log(`  ${''.padEnd(26)} FPI/req by relation: ${top || 'none'}`);
  console.log(`  ${''.padEnd(26)} messages: ${[...kinds].map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------

const { request, destroy: closeClient } = keepAliveClient(64);

function shuffled(from, count, size) {
  // Distinct residents spread over the whole table (a fixed stride, so runs are comparable).
  const stride = Math.floor(size / count) || 1;
  return Array.from({ length: count }, (_, k) => (from + k * stride) % size);
}

async function runSize(size) {
  const name = await seededDatabase(size);
  const statementsFile = `${os.tmpdir()}/login-wal-${process.pid}.statements`;
  const server = await startServer(databaseUrl(name, APPLICATION), statementsFile);
  const monitor = new pg.Client({ connectionString: databaseUrl(name) });
  await monitor.connect();
  try {
    // A temporary replication slot (dropped when this connection ends) keeps the WAL of each phase
    // until pg_waldump has read it, whatever checkpoints other sessions run meanwhile.
    await monitor.query('select pg_create_physical_replication_slot($1, true, true)', [`login_wal_bench_${process.pid}`]);
    const { rows: [db] } = await monitor.query('select oid from pg_database where datname = current_database()');
    const { rows: rels } = await monitor.query(`select pg_relation_filenode(c.oid)::text as node, c.relname from pg_class c where c.relnamespace = 'public'::regnamespace and pg_relation_filenode(c.oid) is not null`);
    const ctx = { monitor, statementsFile, dbOid: db.oid, relnames: new Map(rels.map((r) => [r.node, r.relname])) };
    const { rows: [counts] } = await monitor.query('select (select count(*) from users) as users, (select count(*) from sessions) as sessions, (select count(*) from refresh_tokens) as tokens');
    console.log(`\n${size} users: ${counts.users} users, ${counts.sessions} sessions, ${counts.tokens} refresh tokens (load average ${load()})`);

    const base = server.url;
    const login = (i, keep) => async () => {
      const r = await request(base, 'POST', `/v1/${TENANT}/auth/login`, { body: { email: `r${i}@wal.lv`, password: PASSWORD, remember: true }, ip: ipOf(i) });
      if (r.status === 200) keep?.push(JSON.parse(r.text).refreshToken);
      return r.status === 200;
    };
    const refresh = (token) => async () => (await request(base, 'POST', `/v1/${TENANT}/auth/refresh`, { body: { refreshToken: token } })).status === 200;
    // Warm-up: every pooled connection has prepared its statements before anything is counted.
    for (const i of shuffled(1, 2 * CONCURRENCY, size)) await login(i)();
    const tokens = [];
    await phase('login', ctx, shuffled(3, COUNT, size).map((i) => login(i, tokens)));
    await phase('refresh, new session', ctx, tokens.map((t) => refresh(t)));
    // Seeded sessions whose live token (`seed-<email>-2`) no earlier run has traded yet.
    const { rows: unused } = await monitor.query(
      `select u.email from users u join sessions s on s.user_id = u.id join refresh_tokens r on r.session_id = s.id
        where r.token_hash = encode(sha256(convert_to('seed-' || u.email || '-2', 'UTF8')), 'hex') and r.superseded_at is null and s.revoked_at is null
        order by random() limit $1`,
      [COUNT],
    );
    await phase('refresh, month-old session', ctx, unused.map((u) => refresh(`seed-${u.email}-2`)));
  } finally {
    await monitor.end();
    await server.stop();
    rmSync(statementsFile, { force: true });
    if (DROP) await withClient(BENCH_ADMIN_URL, (admin) => admin.query(`drop database if exists ${name} with (force)`));
  }
}

console.log(`login WAL bench: ${COUNT} requests per phase, ${CONCURRENCY} in flight, server ${ENTRY}, Postgres ${BENCH_ADMIN_URL.replace(/\/\/[^@]*@/, '//')} (load average ${load()})`);
for (const size of SIZES) await runSize(size);
closeClient();
