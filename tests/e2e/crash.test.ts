/**
 * Crash consistency: residents submit readings in loops against the built server, which is killed
 * with SIGKILL mid-stream (no shutdown hook runs) and started again on the same data. Then:
 * every reading answered 201 is in the database with its value; each (meter, period) has its
 * versions 1..n without a gap and exactly one current reading, the newest; the sessions opened
 * before the crash still work (access token and refresh token).
 *
 * On embedded PGlite (a data directory) always, and on Postgres when TEST_DATABASE_URL is set.
 * What "acknowledged" promises on each is in docs/security.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, test } from 'vitest';
import { freshPostgresDatabase, postgresUrl, query } from './support/postgres.ts';
import { api, logIn, metersOf, submitLoop, type Acknowledged } from './support/residents.ts';
import { startServer, type RunningServer } from './support/server.ts';

interface StoredReading {
  id: string;
  meter_id: string;
  period: string;
  version: number;
  is_current: boolean;
  value: string;
}

/** Enough acknowledged readings that the kill lands mid-stream, whatever the machine's speed. */
const ACKNOWLEDGED_BEFORE_KILL = 100;

interface Target {
  env: Record<string, string>;
  /** Before the first start (Postgres: nothing; the demo data is seeded at start). */
  afterFirstStart(server: RunningServer): Promise<void>;
  readings(): Promise<StoredReading[]>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'doorstep-crash-'));
  return {
    // Demo mode: the demo data is seeded on first start, and the clock stands inside Ogre's window.
    // JWT_SECRET: without one, each process signs with a key of its own and access tokens end with it.
    env: { DOORSTEP_DATA_DIR: dir, DOORSTEP_NOW: '2026-05-30T10:00:00+03:00', JWT_SECRET: 'crash-test-secret-that-is-long-enough-0123' },
    afterFirstStart: async () => {},
    async readings() {
      const pg = new PGlite(join(dir, 'pglite'));
      try {
        return (await pg.query<StoredReading>('select id, meter_id, period, version, is_current, value::text as value from readings')).rows;
      } finally {
        await pg.close();
      }
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(): Promise<Target> {
  const database = await freshPostgresDatabase();
  return {
    env: { DATABASE_URL: database.url, DOORSTEP_SEED: 'demo', JWT_SECRET: 'crash-test-secret-that-is-long-enough-0123' },
    // The real clock runs here: hold this month's window open, as a manager's override would.
    async afterFirstStart() {
      const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
      await query(
        database.url,
        `insert into reading_window_overrides (tenant_id, period, opens_at, closes_at, note)
         select id, $1, now() - interval '1 day', now() + interval '1 day', 'crash test' from tenants where slug = 'demo'`,
        [period],
      );
    },
    readings: () => query<StoredReading>(database.url, 'select id, meter_id, period, version, is_current, value::text as value from readings'),
    cleanup: () => database.drop(),
  };
}

/** Each (meter, period): versions 1..n, one current, the newest. */
function halfWritten(rows: StoredReading[]): string[] {
  const groups = new Map<string, StoredReading[]>();
  for (const row of rows) groups.set(`${row.meter_id} ${row.period}`, [...(groups.get(`${row.meter_id} ${row.period}`) ?? []), row]);
  const problems: string[] = [];
  for (const [key, group] of groups) {
    const versions = group.map((r) => r.version).sort((a, b) => a - b);
    if (versions.some((v, i) => v !== i + 1)) problems.push(`${key}: versions ${versions.join(',')}`);
    const current = group.filter((r) => r.is_current);
    if (current.length !== 1) problems.push(`${key}: ${current.length} current readings`);
    else if (current[0]!.version !== versions.at(-1)) problems.push(`${key}: the current reading is version ${current[0]!.version}, not the newest`);
  }
  return problems;
}

const targets: Array<[string, () => Promise<Target>]> = [['PGlite', pgliteTarget]];
if (postgresUrl) targets.push(['Postgres', postgresTarget]);

describe.each(targets)('kill -9 mid-stream on %s', (name, makeTarget) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('every acknowledged reading survives, nothing is half-written, sessions stay valid', async () => {
    const target = await makeTarget();
    cleanups.push(() => target.cleanup());
    const first = await startServer('node', target.env, { startSeconds: 240 });
    cleanups.push(() => first.stop());
    await target.afterFirstStart(first);

    const anna = await logIn(first.url, 'anna@example.lv');
    const peteris = await logIn(first.url, 'peteris@example.lv');
    const meters = [...(await metersOf(first.url, anna)), ...(await metersOf(first.url, peteris))];
    expect(meters.length, 'meters open for readings').toBeGreaterThanOrEqual(4);

    let killed = false;
    const acknowledged: Acknowledged[] = [];
    const loops = meters.map((meter, i) => submitLoop(first.url, meter, 100_000 * (i + 1), () => killed, acknowledged));
    // SIGKILL once enough are acknowledged, with every loop still sending.
    while (acknowledged.length < ACKNOWLEDGED_BEFORE_KILL) await new Promise((resolve) => setTimeout(resolve, 10));
    await first.crash();
    killed = true;
    const failures = (await Promise.all(loops)).flatMap((r) => r.failures);
    expect(failures, 'refusals before the kill').toEqual([]);

    const second = await startServer('node', target.env, { startSeconds: 240 });
    try {
      // The sessions opened before the crash: the access token still opens /me, the refresh token still rotates.
      expect((await api(second.url, 'GET', '/v1/demo/me', { token: anna.accessToken })).status).toBe(200);
      const refreshed = await api(second.url, 'POST', '/v1/demo/auth/refresh', { body: { refreshToken: peteris.refreshToken } });
      expect(refreshed.status, await refreshed.clone().text()).toBe(200);
    } finally {
      await second.stop();
    }

    const rows = await target.readings();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lost = acknowledged.filter((a) => byId.get(a.id)?.value.replace(/0+$/, '').replace(/\.$/, '') !== a.value.replace(/0+$/, '').replace(/\.$/, ''));
    console.log(`${name}: ${acknowledged.length} readings acknowledged before kill -9, ${lost.length} lost, ${rows.length} rows after restart`);
    expect(lost, 'acknowledged readings missing or changed after the crash').toEqual([]);
    expect(halfWritten(rows)).toEqual([]);
    // Generous: a first start seeds the demo data (Argon2 hashes) on a shared 2-core CI machine.
  }, 600_000);
});
