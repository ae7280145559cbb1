/**
 * The scheduler under kill -9 (the built server as a child process, a real SMTP server in this
 * process): with many residents owed a window-opening reminder, the server is killed with SIGKILL
 * while the reminders are being queued and sent, then started again. Every resident gets the
 * reminder, and nobody gets two different reminder messages (the idempotency key per person,
 * period and kind). On Postgres two instances run at once and one of them is killed, so the
 * other takes over its claimed work after the lease (DOORSTEP_JOB_LEASE_SECONDS).
 *
 * What may still repeat is one message itself: a message SMTP accepted a moment before the kill
 * but not yet marked sent goes again, with the same Message-ID (the outbox's at-least-once window,
 * server/mail/worker.ts). The test counts those apart and prints them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, test } from 'vitest';
import { reminderResidentsSql } from '../../bench/reminder-residents.mjs';
import { startSmtpServer, type TestSmtpServer } from '../server/support/mail.ts';
import { freshPostgresDatabase, postgresUrl, query } from './support/postgres.ts';
import { startServer, type RunningServer } from './support/server.ts';

const RESIDENTS = 1500;
const RECEIVED_BEFORE_KILL = 150;
const DOMAIN = 'reminders.example';
const SECRET = 'jobs-crash-secret-that-is-long-enough-0123';

async function waitFor(what: string, done: () => boolean | Promise<boolean>, seconds: number, server?: RunningServer) {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${server ? `\n${server.output().slice(-3000)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reminders received per resident of the fixture, and how many were the same message again. */
function tally(smtp: TestSmtpServer) {
  const byRecipient = new Map<string, Set<string>>();
  let resent = 0;
  for (const mail of smtp.received) {
    if (!mail.parsed.headers.get('subject')) continue;
    const to = mail.envelope.to[0]!.toLowerCase();
    if (!to.endsWith(`@${DOMAIN}`)) continue;
    const ids = byRecipient.get(to) ?? new Set<string>();
    if (ids.has(mail.parsed.messageId ?? '')) resent += 1;
    ids.add(mail.parsed.messageId ?? '');
    byRecipient.set(to, ids);
  }
  const doubled = [...byRecipient].filter(([, ids]) => ids.size > 1).map(([to]) => to);
  return { people: byRecipient.size, doubled, resent };
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe('kill -9 while reminders are queued and sent', () => {
  test('on PGlite: restarted, every resident gets one reminder', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.stop());
    const dir = await mkdtemp(join(tmpdir(), 'doorstep-jobs-crash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // Just after Ogre's May window opened, in the demo's frozen clock.
    const env = { DOORSTEP_DATA_DIR: dir, DOORSTEP_NOW: '2026-05-30T00:05:00+03:00', JWT_SECRET: SECRET, DOORSTEP_JOB_LEASE_SECONDS: '3' };
    // First start seeds the demo (its reminders go to the outbox folder); then the residents are added offline.
    const seeding = await startServer('node', env, { startSeconds: 240 });
    await seeding.stop();
    const pg = new PGlite(join(dir, 'pglite'));
    await pg.exec(reminderResidentsSql('demo', RESIDENTS, DOMAIN));
    await pg.exec(`update jobs set run_at = now() where key = 'reminders.plan'`);
    // The seeding start may already have sent the demo's own window-opening reminders, and a send
    // job that is done is not planned again (residents who arrive later get the next reminder, not
    // this one). Drop it, as if these residents had been there when the window opened: the demo's
    // own residents are already in `notifications`, so they are not reminded twice.
    await pg.exec(`delete from jobs where kind = 'reminders.send'`);
    await pg.close();

    const withSmtp = { ...env, SMTP_URL: smtp.url };
    const first = await startServer('node', withSmtp, { startSeconds: 240 });
    cleanups.push(() => first.stop());
    await waitFor('the first reminders', () => tally(smtp).people >= RECEIVED_BEFORE_KILL, 120, first);
    await first.crash();
    const atKill = tally(smtp).people;

    const second = await startServer('node', withSmtp, { startSeconds: 240 });
    cleanups.push(() => second.stop());
    await waitFor('every reminder', () => tally(smtp).people >= RESIDENTS, 300, second);
    // A little longer: anything that would arrive twice has had time to.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await second.stop();
    const result = tally(smtp);
    console.log(`PGlite: ${RESIDENTS} residents, ${atKill} reminded before kill -9, ${result.people} after restart, ${result.doubled.length} with two different reminders, ${result.resent} same message resent`);
    expect(result.people).toBe(RESIDENTS);
    expect(result.doubled).toEqual([]);
  }, 900_000);

  test.skipIf(!postgresUrl)('on Postgres with two instances, one killed: the other and the restart finish, nobody twice', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.stop());
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const env = { DATABASE_URL: database.url, JWT_SECRET: SECRET, DOORSTEP_JOB_LEASE_SECONDS: '3', SMTP_URL: smtp.url };
    const a = await startServer('node', { ...env, DOORSTEP_SEED: 'demo' }, { startSeconds: 240 });
    cleanups.push(() => a.stop());
    const b = await startServer('node', { ...env, DOORSTEP_SEED: 'none' }, { startSeconds: 240 });
    cleanups.push(() => b.stop());
    // The real clock runs here: open this month's window a minute ago, as a manager's override would.
    const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await query(database.url, reminderResidentsSql('demo', RESIDENTS, DOMAIN));
    await query(
      database.url,
      `insert into reading_window_overrides (tenant_id, period, opens_at, closes_at, note)
       select id, $1, now() - interval '1 minute', now() + interval '1 day', 'jobs crash test' from tenants where slug = 'demo'`,
      [period],
    );
    await query(database.url, `update jobs set run_at = now() where key = 'reminders.plan'`);

    await waitFor('the first reminders', () => tally(smtp).people >= RECEIVED_BEFORE_KILL, 120, a);
    await a.crash();
    const atKill = tally(smtp).people;
    const again = await startServer('node', { ...env, DOORSTEP_SEED: 'none' }, { startSeconds: 240 });
    cleanups.push(() => again.stop());
    await waitFor('every reminder', () => tally(smtp).people >= RESIDENTS, 300, b);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const result = tally(smtp);
    const jobs = await query<{ status: string; n: number }>(database.url, `select status, count(*)::int as n from jobs where kind = 'reminders.send' group by status`);
    const keys = await query<{ n: number }>(database.url, `select count(*)::int as n from notifications n join users u on u.id = n.user_id where u.email like '%@${DOMAIN}'`);
    console.log(`Postgres: ${RESIDENTS} residents, ${atKill} reminded before kill -9 of one of two instances, ${result.people} after, ${result.doubled.length} with two different reminders, ${result.resent} same message resent; send jobs ${JSON.stringify(jobs)}`);
    expect(result.people).toBe(RESIDENTS);
    expect(result.doubled).toEqual([]);
    expect(keys[0]!.n).toBe(RESIDENTS);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
  }, 900_000);
});
