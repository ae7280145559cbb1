/**
 * Every kind of reminder, in the resident's language, as it arrives at a real SMTP server
 * (smtp-server in-process, parsed with mailparser): window opens, last day, the reading receipt
 * (after a submission through the API, only for those who chose it) and the meter verification
 * reminder (60 and 30 days before the date, once each). The Latvian and Russian texts are asserted
 * word for word, subject and body; English where a person chose it. An account made by strong
 * login without an email (`strong-…@doorstep.invalid`) is never mailed, and a placeholder row
 * queued before that rule is refused without reaching SMTP.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAccountsTenant } from './support/accounts.ts';
import { createMailRig, type MailRig, type ReceivedMail } from './support/mail.ts';
import { duringJob } from './support/plan-guard.ts';
import { call, createPremise, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { ensureReminderPlanner, reminderJobHandlers } from '../../server/reminders/reminder-jobs.ts';
import { queueReadingReceipt } from '../../server/reminders/reading-receipt.ts';
import { verificationThresholdFor, verificationThresholds } from '../../server/reminders/verification-reminders.ts';
import { enqueueEmail, enqueueEmails } from '../../server/mail/outbox.ts';
import { createLogger } from '../../server/http/logger.ts';

let ctx: TestContext;
let mail: MailRig;
let jobs: ReturnType<typeof createJobRunner>;
let tenantId: string;
const people: Record<string, string> = {};
const meters: Record<string, string> = {};
const flats: Record<string, string> = {};
const PLACEHOLDER = 'strong-2b9f0c4e-0d1a-4a57-9c59-1f6f3c1e8a00@doorstep.invalid';
const TENANT = 'Ogres Namsaimnieks';

async function meter(premise: string, name: string, kind: 'cold_water' | 'hot_water', serial: string, verificationDue: string | null = null) {
  meters[name] = (
    await ctx.database.db
      .insertInto('meters')
      .values({ tenant_id: tenantId, premise_id: flats[premise]!, kind, serial_number: serial, location: 'Vannas istaba', verification_due: verificationDue })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

beforeAll(async () => {
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, publicUrl: 'https://api.doorstep.test' } }, '2026-05-29T12:00:00+03:00');
  mail = await createMailRig(ctx.database, { retry: { baseDelayMs: 30, maxDelayMs: 120, maxAttempts: 25 }, pollIntervalMs: 20 });
  tenantId = (await createAccountsTenant(ctx.database, 'ogre')).id;
  const languages: Record<string, 'lv' | 'en' | 'ru'> = { anna: 'lv', boris: 'ru', carl: 'en', strong: 'lv' };
  for (const [name, language] of Object.entries(languages)) {
    const email = name === 'strong' ? PLACEHOLDER : `${name}@example.lv`;
    people[name] = (await createUser(ctx.database, tenantId, email, { name: name[0]!.toUpperCase() + name.slice(1) })).id;
    await ctx.database.db.updateTable('users').set({ language }).where('id', '=', people[name]!).execute();
  }
  // The placeholder account chose everything; it still gets nothing.
  await ctx.database.db.updateTable('users').set({ email_preferences: JSON.stringify({ readingReminders: true, readingReceipts: true }) }).where('id', '=', people.strong!).execute();

  flats.a1 = (await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-111', 'A1')).id;
  flats.a2 = (await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-112', 'A2')).id;
  flats.b = (await createPremise(ctx.database, tenantId, 'Skolas iela 5-2', 'B1')).id;
  flats.c = (await createPremise(ctx.database, tenantId, 'Rīgas iela 7-9', 'C1')).id;
  flats.s = (await createPremise(ctx.database, tenantId, 'Meža iela 1-1', 'S1')).id;
  // Verification dates, seen from 1 June: 45 days (the 60-day reminder), 20 days (only the 30-day one), 121 days (none yet).
  await meter('a1', 'anna-cold', 'cold_water', 'C-111', '2026-07-16');
  await meter('a1', 'anna-hot', 'hot_water', 'H-111', '2026-09-30');
  await meter('a2', 'anna2-cold', 'cold_water', 'C-112');
  await meter('b', 'boris-cold', 'cold_water', 'C-52', '2026-06-21');
  await meter('b', 'boris-hot', 'hot_water', 'H-52');
  await meter('c', 'carl-cold', 'cold_water', 'C-79');
  await meter('s', 'strong-cold', 'cold_water', 'S-11', '2026-06-10');
  await grant(ctx.database, tenantId, people.anna!, flats.a1!, 'owner');
  await grant(ctx.database, tenantId, people.anna!, flats.a2!, 'owner');
  await grant(ctx.database, tenantId, people.boris!, flats.b!, 'owner');
  await grant(ctx.database, tenantId, people.carl!, flats.c!, 'owner');
  await grant(ctx.database, tenantId, people.strong!, flats.s!, 'owner');

  const handlers = reminderJobHandlers({ database: ctx.database, keys: ctx.deps.keys, apiBaseUrl: 'https://api.doorstep.test', logger: createLogger('silent') });
  jobs = createJobRunner({ database: ctx.database, clock: ctx.clock, logger: createLogger('silent'), handlers });
  await ensureReminderPlanner(ctx.database.db);
}, 240_000);
afterAll(async () => {
  await mail?.close();
  await ctx?.close();
});

async function minute(): Promise<ReceivedMail[]> {
  await sql`update jobs set run_at = now() where key = 'reminders.plan'`.execute(ctx.database.db);
  await duringJob('reminder jobs', () => jobs.drain());
  return mail.deliver();
}
const to = (received: ReceivedMail[], name: string) => received.filter((m) => m.envelope.to[0] === `${name}@example.lv`);
const one = (received: ReceivedMail[], name: string) => {
  const mine = to(received, name);
  expect(mine, `one message to ${name}`).toHaveLength(1);
  return mine[0]!;
};
/** The message's body paragraphs: the plain text between the heading and the button line. */
const bodyOf = (message: ReceivedMail) => (message.parsed.text ?? '').split('\n').filter((line) => line.trim() !== '');
const recipients = (received: ReceivedMail[]) => received.map((m) => m.envelope.to[0]).sort();
const templates = async (recipient: string) =>
  (await ctx.database.db.selectFrom('email_outbox').select('template').where('recipient', '=', recipient).orderBy('created_at').execute()).map((r) => r.template);

async function submit(name: string, premise: string, meterName: string, value: string) {
  const { accessToken } = await login(ctx, 'ogre', `${name}@example.lv`);
  const response = await call(ctx, 'POST', `/v1/ogre/premises/${flats[premise]}/meters/${meters[meterName]}/readings`, { token: accessToken, body: { value } });
  expect(response.status, await response.clone().text()).toBe(201);
}
async function choose(name: string, preferences: Record<string, boolean>) {
  const { accessToken } = await login(ctx, 'ogre', `${name}@example.lv`);
  const response = await call(ctx, 'PATCH', '/v1/ogre/me', { token: accessToken, body: { emailPreferences: preferences } });
  expect(response.status).toBe(200);
}

test('window opens: Latvian and Russian, word for word, in each person’s language; not to the placeholder account', async () => {
  ctx.clock.set('2026-05-30T00:05:00+03:00');
  const received = await minute();
  expect(recipients(received)).toEqual(['anna@example.lv', 'boris@example.lv', 'carl@example.lv']);
  const anna = one(received, 'anna');
  expect(anna.parsed.subject).toBe(`Rādījumus var nodot no 30.05.2026 līdz 01.06.2026 – ${TENANT}`);
  expect(bodyOf(anna).slice(0, 6)).toEqual([
    TENANT,
    'Var nodot skaitītāju rādījumus',
    'Labdien, Anna!',
    'Rādījumus var nodot no 30.05.2026 līdz 01.06.2026. Vēl gaidām:',
    'Malkalnes prospekts 3-111: Aukstais ūdens (nr. C-111, Vannas istaba); Karstais ūdens (nr. H-111, Vannas istaba)',
    'Malkalnes prospekts 3-112: Aukstais ūdens (nr. C-112, Vannas istaba)',
  ]);
  expect(anna.parsed.text).toContain('Nodot rādījumus: https://portal.ogre.example/klientiem/ogre');
  expect(anna.parsed.text).toContain(`Jūs saņēmāt šo vēstuli, jo ${TENANT} klientu portālā esat izvēlējies saņemt: atgādinājumus par skaitītāju rādījumu nodošanu.`);
  expect(anna.parsed.text).toContain('Atteikties no šīm vēstulēm: ');
  const boris = one(received, 'boris');
  expect(boris.parsed.subject).toBe(`Показания можно передать с 30.05.2026 по 01.06.2026 – ${TENANT}`);
  expect(bodyOf(boris).slice(0, 5)).toEqual([
    TENANT,
    'Можно передать показания счётчиков',
    'Здравствуйте, Boris!',
    'Показания счётчиков можно передать с 30.05.2026 по 01.06.2026. Ещё ждём:',
    'Skolas iela 5-2: Холодная вода (nr. C-52, Vannas istaba); Горячая вода (nr. H-52, Vannas istaba)',
  ]);
  expect(boris.parsed.text).toContain('Передать показания: https://portal.ogre.example/klientiem/ogre');
  expect(boris.parsed.text).toContain(`Вы получили это письмо, потому что на портале клиентов ${TENANT} выбрали получать напоминания о передаче показаний счётчиков.`);
  expect(boris.parsed.text).toContain('Отписаться от этих писем: ');
  expect(one(received, 'carl').parsed.subject).toBe(`Meter readings can be submitted from 30.05.2026 to 01.06.2026 – ${TENANT}`);
  expect(await templates(PLACEHOLDER)).toEqual([]);
});

test('receipt after a submission: only to those who chose it, with the value and the time received, in their language', async () => {
  await choose('anna', { readingReceipts: true });
  await choose('boris', { readingReceipts: true });
  // Carl keeps the default (receipts off).
  ctx.clock.set('2026-05-30T09:03:20+03:00');
  await submit('anna', 'a1', 'anna-cold', '123,45');
  await submit('boris', 'b', 'boris-cold', '7.5');
  await submit('carl', 'c', 'carl-cold', '15');
  const received = await minute();
  expect(recipients(received)).toEqual(['anna@example.lv', 'boris@example.lv']);
  const anna = one(received, 'anna');
  expect(anna.parsed.subject).toBe(`Rādījums saņemts: Malkalnes prospekts 3-111 – ${TENANT}`);
  expect(bodyOf(anna).slice(1, 6)).toEqual([
    'Rādījums saņemts',
    'Labdien, Anna!',
    '30.05.2026 09:03 saņēmām rādījumu par 05.2026.',
    'Malkalnes prospekts 3-111: Aukstais ūdens (nr. C-111, Vannas istaba) – 123,450 m3.',
    'Līdz rādījumu nodošanas beigām to vēl var labot.',
  ]);
  expect(anna.parsed.text).toContain(`${TENANT} klientu portālā esat izvēlējies saņemt: rādījumu saņemšanas apstiprinājumus.`);
  const boris = one(received, 'boris');
  expect(boris.parsed.subject).toBe(`Показания получены: Skolas iela 5-2 – ${TENANT}`);
  expect(bodyOf(boris).slice(1, 6)).toEqual([
    'Показания получены',
    'Здравствуйте, Boris!',
    '30.05.2026 09:03 мы получили ваши показания за 05.2026.',
    'Skolas iela 5-2: Холодная вода (nr. C-52, Vannas istaba) – 7,500 m3.',
    'До конца приёма показаний их ещё можно исправить.',
  ]);
  expect(boris.parsed.text).toContain('выбрали получать подтверждения получения показаний.');
});

test('a correction gets its own receipt that says so; a receipt job run again sends nothing twice', async () => {
  ctx.clock.set('2026-05-30T09:20:00+03:00');
  await submit('anna', 'a1', 'anna-cold', '124');
  await choose('carl', { readingReceipts: true });
  ctx.clock.set('2026-05-30T09:21:00+03:00');
  await submit('carl', 'c', 'carl-cold', '16');
  const received = await minute();
  expect(recipients(received)).toEqual(['anna@example.lv', 'carl@example.lv']);
  const anna = one(received, 'anna');
  expect(anna.parsed.subject).toBe(`Labotais rādījums saņemts: Malkalnes prospekts 3-111 – ${TENANT}`);
  expect(bodyOf(anna)[3]).toBe('30.05.2026 09:20 saņēmām laboto rādījumu par 05.2026.');
  const carl = one(received, 'carl');
  expect(carl.parsed.subject).toBe(`Corrected reading received: Rīgas iela 7-9 – ${TENANT}`);
  expect(bodyOf(carl).slice(3, 5)).toEqual(['On 30.05.2026 09:21 we received your corrected reading for 05.2026.', 'Rīgas iela 7-9: Cold water (nr. C-79, Vannas istaba) – 16.000 m3.']);
  // As after kill -9 between a receipt job's commit and its closing.
  await sql`update jobs set status = 'pending', attempts = 0, run_at = now() where kind = 'reminders.receipt'`.execute(ctx.database.db);
  expect(await minute()).toEqual([]);
  expect(await templates('anna@example.lv')).toEqual(['reminder_window_open', 'reading_receipt', 'reading_receipt']);
});

test('the placeholder account: a submission queues no receipt job, and no message to it is ever queued or sent', async () => {
  const reading = await ctx.database.db
    .insertInto('readings')
    .values({ tenant_id: tenantId, meter_id: meters['strong-cold']!, period: '2026-05', value: '3', submitted_by: people.strong! })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.database.withTenant(tenantId, (trx) => queueReadingReceipt(trx, { tenantId, readingId: reading.id, userId: people.strong! }));
  expect(await ctx.database.db.selectFrom('jobs').select('id').where('key', '=', `reminders.receipt:${reading.id}`).execute()).toEqual([]);
  // Whatever a flow asks, the outbox takes no placeholder address.
  const queued = await ctx.database.withTenant(tenantId, async (trx) => {
    const id = await enqueueEmail(trx, tenantId, { to: PLACEHOLDER, subject: 'x', text: 'x', template: 'test' });
    await enqueueEmails(trx, tenantId, [{ to: PLACEHOLDER.toUpperCase(), subject: 'y', text: 'y', template: 'test' }]);
    return id;
  });
  expect(queued).toBeNull();
  expect(await templates(PLACEHOLDER)).toEqual([]);
  // A row queued before the rule (written straight into the table) is refused without reaching SMTP.
  await ctx.database.db.insertInto('email_outbox').values({ tenant_id: tenantId, recipient: PLACEHOLDER, subject: 'old', text_body: 'old', template: 'test' }).execute();
  expect(await mail.deliver()).toEqual([]);
  const old = await ctx.database.db.selectFrom('email_outbox').select(['status', 'attempts', 'last_error']).where('recipient', '=', PLACEHOLDER).executeTakeFirstOrThrow();
  expect(old).toMatchObject({ status: 'failed', attempts: 1 });
  expect(old.last_error).toContain('placeholder');
});

test('verification reminders at the reminder hour: Latvian and Russian word for word; meters too far off wait', async () => {
  ctx.clock.set('2026-05-30T09:59:00+03:00');
  expect(await minute()).toEqual([]);
  ctx.clock.set('2026-05-30T10:00:00+03:00');
  const verification = await minute();
  // 16.07 is 47 days off (the 60-day reminder), 21.06 is 22 days off (straight to the 30-day one), 30.09 too far, 10.06 the placeholder's.
  expect(recipients(verification)).toEqual(['anna@example.lv', 'boris@example.lv']);
  const anna = one(verification, 'anna');
  expect(anna.parsed.subject).toBe(`Tuvojas skaitītāju verificēšanas termiņš – ${TENANT}`);
  expect(bodyOf(anna).slice(1, 6)).toEqual([
    'Tuvojas skaitītāju verificēšanas termiņš',
    'Labdien, Anna!',
    'Šiem skaitītājiem tuvojas verificēšanas termiņš:',
    'Malkalnes prospekts 3-111: Aukstais ūdens (nr. C-111, Vannas istaba) – 16.07.2026',
    `Pēc termiņa skaitītāja rādījumus vairs nevarēs nodot. Lūdzam laikus pieteikt skaitītāja nomaiņu vai verificēšanu pie ${TENANT}.`,
  ]);
  expect(anna.parsed.text).toContain('Skatīt skaitītājus: https://portal.ogre.example/klientiem/ogre');
  const boris = one(verification, 'boris');
  expect(boris.parsed.subject).toBe(`Приближается срок поверки счётчиков – ${TENANT}`);
  expect(bodyOf(boris).slice(1, 6)).toEqual([
    'Приближается срок поверки счётчиков',
    'Здравствуйте, Boris!',
    'У этих счётчиков приближается срок поверки:',
    'Skolas iela 5-2: Холодная вода (nr. C-52, Vannas istaba) – 21.06.2026',
    `После этой даты показания счётчика больше нельзя будет передать. Пожалуйста, заранее договоритесь с ${TENANT} о замене или поверке счётчика.`,
  ]);
  expect(await templates(PLACEHOLDER)).toEqual(['test']);
});

test('the last day reminds of what is still owed: Latvian and Russian word for word', async () => {
  ctx.clock.set('2026-06-01T10:01:00+03:00');
  const lastDay = await minute();
  // Anna owes flat 3-111's hot water and 3-112; Boris his hot water; Carl nothing.
  expect(recipients(lastDay)).toEqual(['anna@example.lv', 'boris@example.lv']);
  const annaLast = one(lastDay, 'anna');
  expect(annaLast.parsed.subject).toBe(`Šodien (01.06.2026) pēdējā diena rādījumu nodošanai – ${TENANT}`);
  expect(bodyOf(annaLast).slice(1, 6)).toEqual([
    'Pēdējā diena rādījumu nodošanai',
    'Labdien, Anna!',
    'Šodien, 01.06.2026, ir pēdējā diena, kad var nodot skaitītāju rādījumus. Vēl gaidām:',
    'Malkalnes prospekts 3-111: Karstais ūdens (nr. H-111, Vannas istaba)',
    'Malkalnes prospekts 3-112: Aukstais ūdens (nr. C-112, Vannas istaba)',
  ]);
  const borisLast = one(lastDay, 'boris');
  expect(borisLast.parsed.subject).toBe(`Сегодня (01.06.2026) последний день для передачи показаний – ${TENANT}`);
  expect(bodyOf(borisLast).slice(1, 5)).toEqual([
    'Последний день для передачи показаний',
    'Здравствуйте, Boris!',
    'Сегодня, 01.06.2026, последний день, когда можно передать показания счётчиков. Ещё ждём:',
    'Skolas iela 5-2: Горячая вода (nr. H-52, Vannas istaba)',
  ]);
});

test('verification reminders come once each: nothing the next days, the 30-day one when it is due, nothing after the date', async () => {
  ctx.clock.set('2026-06-02T10:30:00+03:00');
  expect(await minute()).toEqual([]);
  ctx.clock.set('2026-06-15T11:00:00+03:00');
  expect(await minute()).toEqual([]);
  // 16.07 is now 30 days off.
  ctx.clock.set('2026-06-16T10:00:00+03:00');
  const received = await minute();
  expect(recipients(received)).toEqual(['anna@example.lv']);
  expect(bodyOf(received[0]!)[4]).toBe('Malkalnes prospekts 3-111: Aukstais ūdens (nr. C-111, Vannas istaba) – 16.07.2026');
  ctx.clock.set('2026-06-17T10:00:00+03:00');
  expect(await minute()).toEqual([]);
  // A date the manager moves is a new occasion: reminded again, at its own distance.
  await ctx.database.db.updateTable('meters').set({ verification_due: '2026-07-20' }).where('id', '=', meters['boris-cold']!).execute();
  ctx.clock.set('2026-06-18T10:00:00+03:00');
  expect(recipients(await minute())).toEqual(['boris@example.lv']);
  ctx.clock.set('2026-07-21T10:00:00+03:00');
  expect(await minute()).toEqual([]);
  const keys = await ctx.database.db.selectFrom('notifications').select(['user_id', 'occasion']).where('kind', '=', 'verification').execute();
  expect(keys.map((k) => k.occasion.split(':').slice(1).join(':')).sort()).toEqual(['2026-06-21:30', '2026-07-16:30', '2026-07-16:60', '2026-07-20:60']);
});

test('the verification rulebook: the tenant’s days and half of them; the smallest threshold not below the days left', () => {
  expect(verificationThresholds(60)).toEqual([60, 30]);
  expect(verificationThresholds(45)).toEqual([45, 23]);
  expect(verificationThresholds(1)).toEqual([1]);
  const thresholds = verificationThresholds(60);
  expect(verificationThresholdFor(61, thresholds)).toBeUndefined();
  expect(verificationThresholdFor(60, thresholds)).toBe(60);
  expect(verificationThresholdFor(31, thresholds)).toBe(60);
  expect(verificationThresholdFor(30, thresholds)).toBe(30);
  expect(verificationThresholdFor(0, thresholds)).toBe(30);
  expect(verificationThresholdFor(-1, thresholds)).toBeUndefined();
});
