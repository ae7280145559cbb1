import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeterKind } from '../../server/db/types.ts';
import {
  call,
  createPremise,
  createTenant,
  createTestApp,
  createUser,
  grant,
  login,
  type TestContext,
} from './support/test-app.ts';

let ctx: TestContext;
let tenantId: string;
let premise: string;
let otherPremise: string;
let cold: string;
let hot: string;
let expired: string;
let removed: string;
let fresh: string;
let peterisMeter: string;
/** Access tokens live for minutes, so moving the clock by days means logging in again. */
let tokens: Record<string, string> = {};
const EMAILS: Record<string, [string, string]> = {
  anna: ['ogre', 'anna@example.lv'],
  liga: ['ogre', 'liga@example.lv'],
  janis: ['ogre', 'janis@example.lv'],
  peteris: ['ogre', 'peteris@example.lv'],
  stranger: ['apse', 'anna@example.lv'],
};
async function moveTo(at: string) {
  ctx.clock.set(at);
  tokens = {};
}
async function token(who: string) {
  const [tenant, email] = EMAILS[who]!;
  return (tokens[who] ??= (await login(ctx, tenant, email)).accessToken);
}

const OPEN = '2026-05-30T10:00:00Z';
const CLOSED = '2026-05-20T09:00:00Z';
const PERIODS = ['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];

async function createMeter(premiseId: string, kind: MeterKind, serial: string, extra: Record<string, unknown> = {}) {
  const row = await ctx.database.db
    .insertInto('meters')
    .values({ tenant_id: tenantId, premise_id: premiseId, kind, serial_number: serial, location: 'Vannas istaba', ...extra })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addMonthlyReadings(meterId: string, start: number, step: number, periods = PERIODS) {
  await ctx.database.db
    .insertInto('readings')
    .values(periods.map((period, i) => ({ tenant_id: tenantId, meter_id: meterId, period, value: String(start + i * step), source: 'import' as const, submitted_at: `${period}-28T12:00:00Z` })))
    .execute();
}

const path = (premiseId: string, meterId?: string) => `/v1/ogre/premises/${premiseId}/meters${meterId ? `/${meterId}/readings` : ''}`;
const submit = async (meterId: string, value: unknown, who = 'anna', extra: Record<string, unknown> = {}, premiseId = premise) =>
  call(ctx, 'POST', path(premiseId, meterId), { token: await token(who), body: { value, ...extra } });
const get = async (url: string, who = 'anna') => call(ctx, 'GET', url, { token: await token(who) });
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> });

async function currentReadings(meterId: string) {
  return ctx.database.db.selectFrom('readings').selectAll().where('meter_id', '=', meterId).orderBy('period').orderBy('version').execute();
}

beforeAll(async () => {
  ctx = await createTestApp({}, CLOSED);
  const tenant = await createTenant(ctx.database, 'ogre');
  tenantId = tenant.id;
  const other = await createTenant(ctx.database, 'apse');
  const anna = await createUser(ctx.database, tenantId, 'anna@example.lv', { name: 'Anna Bērziņa' });
  const liga = await createUser(ctx.database, tenantId, 'liga@example.lv');
  const janis = await createUser(ctx.database, tenantId, 'janis@example.lv');
  const peteris = await createUser(ctx.database, tenantId, 'peteris@example.lv');
  const stranger = await createUser(ctx.database, other.id, 'anna@example.lv');
  premise = (await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-111', '111')).id;
  otherPremise = (await createPremise(ctx.database, tenantId, 'Brīvības iela 7-2', '702')).id;
  const strangerPremise = (await createPremise(ctx.database, other.id, 'Rīgas iela 1-1', '11')).id;
  await grant(ctx.database, tenantId, anna.id, premise, 'owner');
  await grant(ctx.database, tenantId, liga.id, premise, 'member', ['invoices']);
  await grant(ctx.database, tenantId, janis.id, premise, 'member', ['readings']);
  await grant(ctx.database, tenantId, peteris.id, otherPremise, 'owner');
  await grant(ctx.database, other.id, stranger.id, strangerPremise, 'owner');

  cold = await createMeter(premise, 'cold_water', 'CW-001', { verification_due: '2026-06-30' });
  hot = await createMeter(premise, 'hot_water', 'HW-001', { location: 'Virtuve', verification_due: '2029-01-01' });
  expired = await createMeter(premise, 'cold_water', 'CW-OLD', { location: 'Virtuve', verification_due: '2026-05-01' });
  removed = await createMeter(premise, 'cold_water', 'CW-GONE', { removed_at: '2026-01-15' });
  fresh = await createMeter(premise, 'heat', 'H-NEW', { installed_at: '2026-04-10', initial_value: '1.5', decimals: 2, unit: 'MWh' });
  peterisMeter = await createMeter(otherPremise, 'cold_water', 'P-1');
  await addMonthlyReadings(cold, 100, 4); // 4 m³ a month: 100 … 144
  await addMonthlyReadings(hot, 50, 2); // 50 … 72
  await addMonthlyReadings(expired, 10, 1);

  expect(strangerPremise).toBeTruthy();
});
afterAll(() => ctx.close());

describe('GET meters', () => {
  test('outside the window: meters, last readings, verification and when the window opens', async () => {
    await moveTo(CLOSED);
    const { status, body } = await json(await get(path(premise), 'anna'));
    expect(status).toBe(200);
    expect(body.window).toEqual({
      open: false,
      period: '2026-05',
      opensAt: '2026-05-29T21:00:00.000Z',
      closesAt: '2026-06-01T21:00:00.000Z',
      firstDay: '2026-05-30',
      lastDay: '2026-06-01',
      source: 'rule',
    });
    expect(body.meters.map((m: any) => m.serialNumber)).toEqual(['CW-001', 'CW-OLD', 'H-NEW', 'HW-001']);
    const meter = body.meters.find((m: any) => m.id === cold);
    expect(meter).toMatchObject({
      kind: 'cold_water',
      location: 'Vannas istaba',
      unit: 'm3',
      lastReading: { period: '2026-04', value: '144.000', date: '2026-04-28' },
      periodReading: null,
      verificationDue: '2026-06-30',
      verification: 'due_soon',
      accepting: false,
      refusal: 'reading_window_closed',
      window: { open: false, period: '2026-05' },
    });
    expect(body.meters.find((m: any) => m.id === hot).verification).toBe('valid');
    expect(body.meters.find((m: any) => m.id === expired)).toMatchObject({ verification: 'expired', refusal: 'meter_verification_expired' });
  });

  test('a premise without meters lists none, with the window all the same', async () => {
    const empty = (await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-112', '112')).id;
    const anna = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'anna@example.lv').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    await grant(ctx.database, tenantId, anna.id, empty, 'owner');
    const { status, body } = await json(await get(path(empty)));
    expect(status).toBe(200);
    expect(body).toMatchObject({ premiseId: empty, meters: [], window: { period: '2026-05' } });
  });

  test('no token is 401; a premise that is not yours, or not a UUID, is 404', async () => {
    expect((await call(ctx, 'GET', path(premise))).status).toBe(401);
    expect((await get(path(otherPremise), 'anna')).status).toBe(404);
    expect((await get(path('not-a-uuid'), 'anna')).status).toBe(404);
    expect((await get(path('00000000-0000-0000-0000-000000000000'), 'anna')).status).toBe(404);
  });

  test('a member needs the readings right to see meters', async () => {
    const liga = await json(await get(path(premise), 'liga'));
    expect(liga).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const janis = await json(await get(path(premise), 'janis'));
    expect(janis.status).toBe(200);
    expect(janis.body.canSubmit).toBe(true);
  });
});

describe('POST readings', () => {
  test('outside the window is refused with the next window', async () => {
    await moveTo(CLOSED);
    const { status, body } = await json(await submit(cold, '148,5'));
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'reading_window_closed', fields: { period: '2026-05', firstDay: '2026-05-30', lastDay: '2026-06-01' } });
    expect(await currentReadings(cold)).toHaveLength(12);
  });

  test('inside the window: stored with its consumption, then shown in the list', async () => {
    await moveTo(OPEN);
    const { status, body } = await json(await submit(cold, ' 148,5 '));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      reading: { meterId: cold, period: '2026-05', value: '148.500', version: 1, submittedAt: '2026-05-30T10:00:00.000Z', submittedBy: { name: 'Anna Bērziņa' } },
      previousReading: { period: '2026-04', value: '144.000' },
      consumption: '4.500',
      corrected: false,
      unchanged: false,
    });
    const list = await json(await get(path(premise), 'anna'));
    expect(list.body.window).toMatchObject({ open: true, period: '2026-05' });
    expect(list.body.meters.find((m: any) => m.id === cold)).toMatchObject({
      accepting: true,
      refusal: null,
      lastReading: { period: '2026-05', value: '148.500', date: '2026-05-30' },
      previousReading: { period: '2026-04', value: '144.000' },
      periodReading: { period: '2026-05', value: '148.500', consumption: '4.500' },
    });
  });

  test('a correction inside the window keeps every version; the same value again changes nothing', async () => {
    await moveTo('2026-05-31T08:00:00Z');
    const corrected = await json(await submit(cold, '149'));
    expect(corrected).toMatchObject({ status: 201, body: { reading: { value: '149.000', version: 2 }, consumption: '5.000', corrected: true } });
    const again = await json(await submit(cold, '149.000'));
    expect(again).toMatchObject({ status: 200, body: { reading: { value: '149.000', version: 2 }, unchanged: true, consumption: '5.000' } });
    const may = (await currentReadings(cold)).filter((r) => r.period === '2026-05');
    expect(may.map((r) => [r.version, r.is_current])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  test('zero consumption is fine; below the previous reading is refused', async () => {
    await moveTo(OPEN);
    expect(await json(await submit(hot, '72'))).toMatchObject({ status: 201, body: { consumption: '0.000' } });
    const below = await json(await submit(hot, '71,999'));
    expect(below).toMatchObject({ status: 422, body: { error: { code: 'reading_below_previous', fields: { previous: { period: '2026-04', value: '72.000' } } } } });
  });

  test('far above the average needs confirmation, then goes through with confirm', async () => {
    await moveTo(OPEN);
    // Hot water averages 2 m³ a month, below the 3 m³ floor: the limit is 3 × 3 m³.
    expect(await json(await submit(hot, '81'))).toMatchObject({ status: 201, body: { consumption: '9.000' } });
    const warned = await json(await submit(hot, '82'));
    expect(warned).toMatchObject({
      status: 422,
      body: { error: { code: 'confirmation_required', fields: { consumption: '10.000', average: '2.000', limit: '9.000', months: 1, unit: 'm3' } } },
    });
    const confirmed = await json(await submit(hot, '82', 'anna', { confirm: true }));
    expect(confirmed).toMatchObject({ status: 201, body: { reading: { value: '82.000', version: 3 }, consumption: '10.000', corrected: true } });
  });

  test('a new meter counts from its initial value', async () => {
    await moveTo(OPEN);
    expect(await json(await submit(fresh, '2,25'))).toMatchObject({ status: 201, body: { consumption: '0.75', previousReading: { period: null, value: '1.50' } } });
    expect(await json(await submit(fresh, '1'))).toMatchObject({ status: 422, body: { error: { code: 'reading_below_previous' } } });
  });

  test('an expired verification and a removed meter accept nothing', async () => {
    await moveTo(OPEN);
    expect(await json(await submit(expired, '25'))).toMatchObject({ status: 422, body: { error: { code: 'meter_verification_expired', fields: { verificationDue: '2026-05-01' } } } });
    expect(await json(await submit(removed, '25'))).toMatchObject({ status: 422, body: { error: { code: 'meter_removed' } } });
  });

  test.each([
    ['12,3456', 400, 'reading_value_too_many_decimals'],
    ['abc', 400, 'reading_value_invalid'],
    ['-3', 400, 'reading_value_negative'],
    ['', 400, 'reading_value_required'],
    ['9'.repeat(5000), 400, 'reading_value_too_large'],
    [1e308, 400, 'reading_value_too_large'],
    [{ $gt: 1 }, 400, 'validation_failed'],
    [null, 400, 'validation_failed'],
    [[1, 2], 400, 'validation_failed'],
  ])('the value %j is refused with %i %s', async (value, status, code) => {
    await moveTo(OPEN);
    const result = await json(await submit(hot, value));
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
  });

  test('a body that is not an object, or has no value, is a 400', async () => {
    const noValue = await call(ctx, 'POST', path(premise, hot), { token: await token('anna'), body: { confirm: 'yes' } });
    expect(noValue.status).toBe(400);
    const garbage = await call(ctx, 'POST', path(premise, hot), { token: await token('anna'), rawBody: '{"value":' });
    expect(garbage.status).toBe(400);
    const array = await call(ctx, 'POST', path(premise, hot), { token: await token('anna'), body: [1] });
    expect(array.status).toBe(400);
  });

  test('members: with the readings right they submit, without it 403', async () => {
    await moveTo(OPEN);
    expect((await submit(hot, '82', 'janis')).status).toBe(200); // already current: unchanged
    const liga = await json(await submit(hot, '81', 'liga'));
    expect(liga).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  test("another resident's meter, a meter of another premise, and odd ids are 404", async () => {
    await moveTo(OPEN);
    expect((await submit(peterisMeter, '5')).status).toBe(404); // Pēteris's meter through Anna's premise
    expect((await submit(peterisMeter, '5', 'anna', {}, otherPremise)).status).toBe(404); // Pēteris's premise
    expect((await submit(cold, '150', 'peteris', {}, premise)).status).toBe(404);
    expect((await submit('not-a-uuid', '5')).status).toBe(404);
    expect((await submit("1' or '1'='1", '5')).status).toBe(404);
    expect((await submit(cold, '5', 'anna', {}, 'x'.repeat(300))).status).toBe(404);
  });

  test('another tenant: its token is refused here, and our ids are 404 there', async () => {
    await moveTo(OPEN);
    expect((await submit(cold, '150', 'stranger')).status).toBe(401);
    const there = await call(ctx, 'POST', `/v1/apse/premises/${premise}/meters/${cold}/readings`, { token: await token('stranger'), body: { value: '150' } });
    expect(there.status).toBe(404);
    const listThere = await get(`/v1/apse/premises/${premise}/meters`, 'stranger');
    expect(listThere.status).toBe(404);
  });

  test('a manager’s override extends the period by hand', async () => {
    await moveTo('2026-06-05T09:00:00Z');
    expect((await submit(hot, '80.5')).status).toBe(422);
    await ctx.database.db
      .insertInto('reading_window_overrides')
      .values({ tenant_id: tenantId, period: '2026-05', opens_at: '2026-05-29T21:00:00Z', closes_at: '2026-06-07T21:00:00Z', note: 'Lieldienas' })
      .execute();
    const late = await json(await submit(hot, '80.5'));
    expect(late).toMatchObject({ status: 201, body: { reading: { period: '2026-05', version: 4 } } });
    const list = await json(await get(path(premise), 'anna'));
    expect(list.body.window).toMatchObject({ open: true, period: '2026-05', lastDay: '2026-06-07', source: 'override' });
  });
});

describe('GET history', () => {
  test('monthly consumption with every version', async () => {
    await moveTo('2026-06-10T09:00:00Z');
    const { status, body } = await json(await get(`${path(premise, cold)}?from=2026-02&to=2026-06`));
    expect(status).toBe(200);
    expect(body.meter).toMatchObject({ id: cold, serialNumber: 'CW-001', decimals: 3 });
    expect(body.periods.map((p: any) => [p.period, p.value, p.consumption, p.months])).toEqual([
      ['2026-02', '136.000', '4.000', 1], // counted from January, before `from`
      ['2026-03', '140.000', '4.000', 1],
      ['2026-04', '144.000', '4.000', 1],
      ['2026-05', '149.000', '5.000', 1],
    ]);
    const may = body.periods.at(-1);
    expect(may.versions.map((v: any) => [v.version, v.value, v.submittedBy?.name])).toEqual([
      [2, '149.000', 'Anna Bērziņa'],
      [1, '148.500', 'Anna Bērziņa'],
    ]);
  });

  test('defaults to the last 24 months; the first reading of a meter of unknown start has no consumption', async () => {
    await moveTo('2026-06-10T09:00:00Z');
    const { body } = await json(await get(path(premise, hot)));
    expect([body.from, body.to]).toEqual(['2024-07', '2026-06']);
    expect(body.periods[0]).toMatchObject({ period: '2025-05', consumption: null, months: null });
    expect(body.periods).toHaveLength(13);
  });

  test('bad ranges are 400, other meters 404, members without the right 403', async () => {
    const at = (q: string, who = 'anna', meter = cold) => get(`${path(premise, meter)}${q}`, who);
    expect((await at('?from=2026-13')).status).toBe(400);
    expect((await at('?from=2026-05&to=2026-01')).status).toBe(400);
    expect((await at('?from=2000-01&to=2026-01')).status).toBe(400);
    expect((await at('?from=May')).status).toBe(400);
    expect((await at('', 'anna', peterisMeter)).status).toBe(404);
    expect((await at('', 'anna', 'nope')).status).toBe(404);
    expect((await at('', 'liga')).status).toBe(403);
    expect((await at('', 'janis')).status).toBe(200);
  });
});

describe('concurrency', () => {
  test('50 concurrent submissions of the same reading leave exactly one current reading and one version', async () => {
    await moveTo('2026-06-29T10:00:00Z'); // the June window
    await token('anna');
    const responses = await Promise.all(Array.from({ length: 50 }, () => submit(cold, '153,2')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const june = (await currentReadings(cold)).filter((r) => r.period === '2026-06');
    expect(june).toHaveLength(1);
    expect(june[0]).toMatchObject({ version: 1, is_current: true, value: '153.200000' });
  });

  test('concurrent different values each become a version, and one of them is current', async () => {
    await moveTo('2026-06-29T11:00:00Z');
    await token('anna');
    const values = ['153.3', '153.4', '153.5', '153.6', '153.7'];
    const responses = await Promise.all(values.map((v) => submit(cold, v)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const june = (await currentReadings(cold)).filter((r) => r.period === '2026-06');
    expect(june.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(june.filter((r) => r.is_current)).toHaveLength(1);
  });
});

describe('an override that reopens a period long past', () => {
  test('takes readings for that period, counted from the reading before it', async () => {
    const late = await createMeter(premise, 'cold_water', 'CW-LATE', { location: 'Pagrabs' });
    await addMonthlyReadings(late, 200, 3); // 2025-05 … 2026-04: 200 … 233
    await moveTo('2026-09-10T09:00:00Z');
    await ctx.database.db
      .insertInto('reading_window_overrides')
      .values({ tenant_id: tenantId, period: '2026-06', opens_at: '2026-09-09T21:00:00Z', closes_at: '2026-09-11T21:00:00Z', note: 'Pārrēķins' })
      .execute();
    const stored = await json(await submit(late, '236,5'));
    expect(stored).toMatchObject({
      status: 201,
      body: { reading: { period: '2026-06', value: '236.500', version: 1 }, previousReading: { period: '2026-04', value: '233.000' }, consumption: '3.500' },
    });
    const again = await json(await submit(late, '237'));
    expect(again).toMatchObject({ status: 201, body: { reading: { period: '2026-06', version: 2 }, corrected: true } });
    const list = await json(await get(path(premise)));
    expect(list.body.window).toMatchObject({ open: true, period: '2026-06', source: 'override' });
    expect(list.body.meters.find((m: { id: string }) => m.id === late).periodReading).toMatchObject({ period: '2026-06', value: '237.000', consumption: '4.000' });
  });
});
