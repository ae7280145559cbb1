/**
 * Reading reminders end to end (server/reminders/), with the clock moved through Ogre's May 2026
 * window, the scheduler and the outbox worker running, and a real SMTP server receiving: who gets
 * what, in which language, when, and nobody twice — also when the planner runs again, when a send
 * job is run again after its work was committed (as after a crash), and when SMTP is down for a
 * while. A building with a window of its own gets its reminders at its own time. One-click
 * unsubscribe (RFC 8058) from a reminder stops the next one.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAccountsTenant } from './support/accounts.ts';
import { createMailRig, type MailRig, type ReceivedMail } from './support/mail.ts';
import { duringJob } from './support/plan-guard.ts';
import { createPremise, createTestApp, createUser, grant, type TestContext } from './support/test-app.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { ensureReminderPlanner, reminderJobHandlers } from '../../server/reminders/reminder-jobs.ts';
import { createLogger } from '../../server/http/logger.ts';

let ctx: TestContext;
let mail: MailRig;
let jobs: ReturnType<typeof createJobRunner>;
let tenantId: string;
const people: Record<string, string> = {};
const meters: Record<string, string> = {};
let ownBuilding: string;

const FAST_RETRY = { baseDelayMs: 30, maxDelayMs: 120, maxAttempts: 25 };

async function meter(premiseId: string, name: string, kind: 'cold_water' | 'hot_water', serial: string) {
  meters[name] = (await ctx.database.db.insertInto('meters').values({ tenant_id: tenantId, premise_id: premiseId, kind, serial_number: serial, location: 'Vannas istaba' }).returning('id').executeTakeFirstOrThrow()).id;
}
const submitted = (meterName: string, period: string) =>
  ctx.database.db.insertInto('readings').values({ tenant_id: tenantId, meter_id: meters[meterName]!, period, value: '10' }).execute();
const setLanguage = (email: string, language: 'lv' | 'en' | 'ru') => ctx.database.db.updateTable('users').set({ language }).where('email', '=', email).execute();

beforeAll(async () => {
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, publicUrl: 'https://api.doorstep.test' } }, '2026-05-29T12:00:00+03:00');
  mail = await createMailRig(ctx.database, { retry: FAST_RETRY, pollIntervalMs: 20 });
  tenantId = (await createAccountsTenant(ctx.database, 'ogre')).id;
  // Another tenant whose window (APSE, 25th–28th) is closed all the time this test runs.
  const riga = await createAccountsTenant(ctx.database, 'riga', 'Rīgas Namu Pārvaldnieks');
  await ctx.database.db.updateTable('tenants').set({ reading_window: JSON.stringify({ kind: 'fixed_days', fromDay: 25, toDay: 28 }) }).where('id', '=', riga.id).execute();
  const rigaUser = await createUser(ctx.database, riga.id, 'olga@example.lv');
  const rigaFlat = await createPremise(ctx.database, riga.id, 'Brīvības iela 1-1', 'R1');
  await grant(ctx.database, riga.id, rigaUser.id, rigaFlat.id, 'owner');
  await ctx.database.db.insertInto('meters').values({ tenant_id: riga.id, premise_id: rigaFlat.id, kind: 'cold_water', serial_number: 'R-1' }).execute();

  for (const email of ['anna@example.lv', 'boris@example.lv', 'carl@example.lv', 'dina@example.lv', 'eva@example.lv', 'peteris@example.lv']) {
    people[email] = (await createUser(ctx.database, tenantId, email, { name: email.split('@')[0]! })).id;
  }
  people['pending@example.lv'] = (await createUser(ctx.database, tenantId, 'pending@example.lv', { status: 'pending' })).id;
  await setLanguage('boris@example.lv', 'ru');
  await setLanguage('carl@example.lv', 'en');
  await ctx.database.db.updateTable('users').set({ email_preferences: JSON.stringify({ readingReminders: false }) }).where('email', '=', 'eva@example.lv').execute();

  const flat1 = await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-111', 'A1');
  const flat2 = await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-112', 'A2', flat1.building_id);
  const flat3 = await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-113', 'A3', flat1.building_id);
  const flat4 = await createPremise(ctx.database, tenantId, 'Skolas iela 5-2', 'A4');
  ownBuilding = flat4.building_id;
  await meter(flat1.id, 'anna-cold', 'cold_water', 'C-111');
  await meter(flat1.id, 'anna-hot', 'hot_water', 'H-111');
  await meter(flat2.id, 'anna2-cold', 'cold_water', 'C-112');
  await meter(flat3.id, 'boris-cold', 'cold_water', 'C-113');
  await meter(flat4.id, 'peteris-cold', 'cold_water', 'C-52');
  await grant(ctx.database, tenantId, people['anna@example.lv']!, flat1.id, 'owner');
  await grant(ctx.database, tenantId, people['anna@example.lv']!, flat2.id, 'owner');
  await grant(ctx.database, tenantId, people['carl@example.lv']!, flat1.id, 'member', ['readings']);
  await grant(ctx.database, tenantId, people['dina@example.lv']!, flat1.id, 'member', ['invoices']);
  await grant(ctx.database, tenantId, people['eva@example.lv']!, flat1.id, 'proxy');
  await grant(ctx.database, tenantId, people['pending@example.lv']!, flat1.id, 'owner');
  await grant(ctx.database, tenantId, people['boris@example.lv']!, flat3.id, 'owner');
  await grant(ctx.database, tenantId, people['peteris@example.lv']!, flat4.id, 'owner');
  // Boris has submitted May already; Peteris's building has its own May window, 2–5 June.
  await submitted('boris-cold', '2026-05');
  await ctx.database.db
    .insertInto('reading_window_overrides')
    .values({ tenant_id: tenantId, building_id: ownBuilding, period: '2026-05', opens_at: new Date('2026-06-02T00:00:00+03:00'), closes_at: new Date('2026-06-05T00:00:00+03:00') })
    .execute();

  const handlers = reminderJobHandlers({
    database: ctx.database,
    keys: ctx.deps.keys,
    apiBaseUrl: 'https://api.doorstep.test',
    logger: createLogger('silent'),
    // Two people a transaction, one transaction a run: the send job goes on over several runs.
    batchSize: 2,
    batchesPerRun: 1,
  });
  jobs = createJobRunner({ database: ctx.database, clock: ctx.clock, logger: createLogger('silent'), handlers });
  await ensureReminderPlanner(ctx.database.db);
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});

/** What a minute of the scheduler does at the clock's moment: the planner runs, its send jobs run, the outbox is sent. */
async function minute(): Promise<ReceivedMail[]> {
  await sql`update jobs set run_at = now() where key = 'reminders.plan'`.execute(ctx.database.db);
  await duringJob('reminder jobs', () => jobs.drain());
  return mail.deliver();
}
/** A message's header lines, folded lines unfolded. */
const headersOf = (message: ReceivedMail) => message.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
const oneClickUrl = (message: ReceivedMail) => new URL(/^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headersOf(message))?.[1] ?? '');
const recipients = (received: ReceivedMail[]) => received.map((m) => m.envelope.to[0]).sort();

test('before the window opens, nothing is sent', async () => {
  expect(await minute()).toEqual([]);
});

test('when the window opens: one reminder per person who owes a reading, in their language, with what they owe', async () => {
  ctx.clock.set('2026-05-30T00:05:00+03:00');
  const received = await minute();
  // Not Boris (submitted), Dina (no readings right), Eva (turned reminders off), the pending
  // account, Peteris (his building's window opens later), nor anyone of the other tenant.
  expect(recipients(received)).toEqual(['anna@example.lv', 'carl@example.lv']);
  const anna = received.find((m) => m.envelope.to[0] === 'anna@example.lv')!;
  expect(anna.parsed.subject).toBe('Rādījumus var nodot no 30.05.2026 līdz 01.06.2026 – Ogres Namsaimnieks');
  expect(anna.parsed.text).toContain('Malkalnes prospekts 3-111: Aukstais ūdens (nr. C-111, Vannas istaba); Karstais ūdens (nr. H-111, Vannas istaba)');
  expect(anna.parsed.text).toContain('Malkalnes prospekts 3-112: Aukstais ūdens (nr. C-112');
  const carl = received.find((m) => m.envelope.to[0] === 'carl@example.lv')!;
  expect(carl.parsed.subject).toBe('Meter readings can be submitted from 30.05.2026 to 01.06.2026 – Ogres Namsaimnieks');
  expect(carl.parsed.text).not.toContain('3-112');
  expect(headersOf(carl)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  expect(oneClickUrl(carl).toString()).toMatch(/^https:\/\/api\.doorstep\.test\/v1\/ogre\/email\/unsubscribe\?token=/);
  // The manager sees the jobs.
  const sendJobs = await ctx.database.db.selectFrom('jobs').select(['status', 'result']).where('tenant_id', '=', tenantId).where('kind', '=', 'reminders.send').execute();
  expect(sendJobs).toEqual([{ status: 'done', result: { queued: 2 } }]);
});

test('the planner running again, and a send job run again after its work was committed, send nothing twice', async () => {
  expect(await minute()).toEqual([]);
  // As after kill -9 between the send job's commit and its closing: the job is due again.
  await sql`update jobs set status = 'pending', attempts = 0, run_at = now(), payload = payload - 'afterUserId' where tenant_id = ${tenantId}`.execute(ctx.database.db);
  await duringJob('reminder jobs', () => jobs.drain());
  expect(await mail.deliver()).toEqual([]);
  expect(await ctx.database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'window_open').execute()).toHaveLength(2);
});

test('one-click unsubscribe from a reminder stops the next one; the last day reminds only of what is still owed', async () => {
  // Carl's mail client posts the List-Unsubscribe URL (RFC 8058).
  const carl = mail.smtp.to('carl@example.lv').at(-1)!;
  const oneClick = oneClickUrl(carl);
  const response = await ctx.app.request(`${oneClick.pathname}${oneClick.search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(response.status).toBe(200);
  // Anna submits her first flat's meters.
  await submitted('anna-cold', '2026-05');
  await submitted('anna-hot', '2026-05');

  ctx.clock.set('2026-06-01T09:30:00+03:00');
  expect(await minute()).toEqual([]);
  ctx.clock.set('2026-06-01T10:01:00+03:00');
  const received = await minute();
  expect(recipients(received)).toEqual(['anna@example.lv']);
  expect(received[0]!.parsed.subject).toBe('Šodien (01.06.2026) pēdējā diena rādījumu nodošanai – Ogres Namsaimnieks');
  expect(received[0]!.parsed.text).toContain('3-112');
  expect(received[0]!.parsed.text).not.toContain('3-111');
});

test("a building's own window reminds its people at its own time; SMTP down for a while loses and doubles nothing", async () => {
  ctx.clock.set('2026-06-02T00:10:00+03:00');
  await mail.smtp.stop();
  await sql`update jobs set run_at = now() where key = 'reminders.plan'`.execute(ctx.database.db);
  await duringJob('reminder jobs', () => jobs.drain());
  await duringJob('outbox worker', () => mail.worker.runOnce());
  const pending = await ctx.database.db.selectFrom('email_outbox').select(['status', 'attempts']).where('recipient', '=', 'peteris@example.lv').execute();
  expect(pending).toEqual([{ status: 'pending', attempts: 1 }]);
  await mail.smtp.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const received = await minute();
  expect(recipients(received)).toEqual(['peteris@example.lv']);
  expect(received[0]!.parsed.subject).toBe('Rādījumus var nodot no 02.06.2026 līdz 04.06.2026 – Ogres Namsaimnieks');
  expect(await minute()).toEqual([]);
});

test('over the whole window, nobody got the same reminder twice', async () => {
  const sent = await ctx.database.db.selectFrom('email_outbox').select(['recipient', 'template', 'status']).where('template', 'like', 'reminder_%').execute();
  const keys = sent.map((m) => `${m.recipient} ${m.template}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.sort()).toEqual(['anna@example.lv reminder_last_day', 'anna@example.lv reminder_window_open', 'carl@example.lv reminder_window_open', 'peteris@example.lv reminder_window_open']);
  expect(sent.every((m) => m.status === 'sent')).toBe(true);
});
