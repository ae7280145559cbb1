/**
 * The registry through the admin API: buildings, customers, premises and meters by the manager's
 * own ids. A PUT creates, updates or changes nothing (the same PUT twice is `unchanged`, with no
 * write and no audit entry); refs of another tenant are simply not there (404), in the path and
 * in the body; lists page through every row exactly once; bad input is a 4xx with a field code
 * and writes nothing. Meters are installed, get a verification date, are removed with their last
 * reading and replaced by a successor — and the resident's meter list follows at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { call, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;

beforeAll(async () => {
  // 20 May 2026, 12:00 in Riga.
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  ludza = await createAdminTenant(ctx, 'ludza');
});
afterAll(() => ctx.close());

type Answer = { status: number; body: any };
async function send(tenant: AdminTenant, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await adminRequest(ctx, tenant, tenant.key, method, path, body);
  return { status: response.status, body: await response.json() };
}
const put = (tenant: AdminTenant, path: string, body: unknown) => send(tenant, 'PUT', path, body);
const get = (tenant: AdminTenant, path: string) => send(tenant, 'GET', path);
const post = (tenant: AdminTenant, path: string, body: unknown) => send(tenant, 'POST', path, body);

const auditCount = async (tenant: AdminTenant) =>
  Number((await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow()).n);

/** Everything the registry tables hold, to prove a refused request wrote nothing. */
async function snapshot() {
  const db = ctx.database.db;
  return {
    buildings: await db.selectFrom('buildings').selectAll().orderBy('id').execute(),
    customers: await db.selectFrom('customers').selectAll().orderBy('id').execute(),
    premises: await db.selectFrom('premises').selectAll().orderBy('id').execute(),
    meters: await db.selectFrom('meters').selectAll().orderBy('id').execute(),
    readings: await db.selectFrom('readings').selectAll().orderBy('id').execute(),
    audit: await db.selectFrom('audit_log').select('id').orderBy('id').execute(),
  };
}

function expectError(answer: Answer, status: number, code: string, fields?: Record<string, string>) {
  expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
  if (fields) expect(answer.body.error.fields).toMatchObject(fields);
}

describe('buildings', () => {
  test('PUT creates, the same PUT again is unchanged (no write, no audit), a change is an update', async () => {
    const created = await put(ogre, '/buildings/MP3', { address: 'Malkalnes prospekts 3', city: 'Ogre' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ result: 'created', item: { externalRef: 'MP3', address: 'Malkalnes prospekts 3', city: 'Ogre' } });

    const audits = await auditCount(ogre);
    const again = await put(ogre, '/buildings/MP3', { address: 'Malkalnes prospekts 3', city: 'Ogre' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ result: 'unchanged', item: created.body.item });
    expect(await auditCount(ogre)).toBe(audits);

    ctx.clock.advance(60_000);
    const changed = await put(ogre, '/buildings/MP3', { address: 'Malkalnes prosp. 3' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ result: 'updated', item: { id: created.body.item.id, address: 'Malkalnes prosp. 3', city: 'Ogre' } });
    expect(changed.body.item.updatedAt).not.toBe(created.body.item.updatedAt);
    const entry = await ctx.database.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', ogre.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'admin.building.updated', target_type: 'building', target_id: created.body.item.id, details: { externalRef: 'MP3', fields: ['address'] } });

    expect((await put(ogre, '/buildings/MP3', { address: 'Malkalnes prosp. 3', city: null })).body).toMatchObject({ result: 'updated', item: { city: null } });
    expect((await get(ogre, '/buildings/MP3')).body.item).toMatchObject({ address: 'Malkalnes prosp. 3', city: null });
  });

  test('a ref with a slash travels URL-encoded', async () => {
    expect((await put(ogre, '/buildings/LV%2F0042', { address: 'Brīvības iela 42' })).status).toBe(201);
    expect((await get(ogre, '/buildings/LV%2F0042')).body.item).toMatchObject({ externalRef: 'LV/0042', address: 'Brīvības iela 42' });
  });

  test.each([
    ['a space in the ref', '/buildings/bad%20ref', { address: 'x' }, 'externalRef', 'invalid_format'],
    ['a ref too long', `/buildings/${'x'.repeat(101)}`, { address: 'x' }, 'externalRef', 'too_long'],
    ['no address', '/buildings/B-NEW', { city: 'Ogre' }, 'address', 'required'],
    ['an address of the wrong type', '/buildings/B-NEW', { address: 42 }, 'address', 'expected_string'],
    ['an address too long', '/buildings/B-NEW', { address: 'x'.repeat(301) }, 'address', 'too_long'],
    ['an unknown field', '/buildings/B-NEW', { address: 'x', floors: 9 }, '_', 'unknown_field'],
  ])('refuses %s with 400 and a field code, writing nothing', async (_what, path, body, field, code) => {
    const before = await snapshot();
    expectError(await put(ogre, path, body), 400, 'validation_failed', { [field]: code });
    expect(await snapshot()).toEqual(before);
  });

  test("another tenant's ref is not there", async () => {
    expect((await put(ludza, '/buildings/L-1', { address: 'Raiņa iela 1' })).status).toBe(201);
    expectError(await get(ogre, '/buildings/L-1'), 404, 'not_found');
    // The same ref is free in each tenant: it names two different buildings.
    const mine = await put(ogre, '/buildings/L-1', { address: 'Ogres iela 1' });
    expect(mine.status).toBe(201);
    expect((await get(ludza, '/buildings/L-1')).body.item).toMatchObject({ address: 'Raiņa iela 1' });
  });
});

describe('customers', () => {
  test('PUT is idempotent; optional fields left out keep their values', async () => {
    const body = { name: 'Anna Bērziņa', personalCode: '010190-12349', email: 'anna@example.lv', phone: '+371 20000000' };
    expect((await put(ogre, '/customers/C-1', body)).status).toBe(201);
    expect((await put(ogre, '/customers/C-1', body)).body.result).toBe('unchanged');
    const renamed = await put(ogre, '/customers/C-1', { name: 'Anna Kalniņa' });
    expect(renamed.body).toMatchObject({ result: 'updated', item: { name: 'Anna Kalniņa', email: 'anna@example.lv', personalCode: '******-***49' } });
  });

  test('refuses a malformed email', async () => {
    expectError(await put(ogre, '/customers/C-2', { name: 'X', email: 'not-an-email' }), 400, 'validation_failed', { email: 'invalid_format' });
    expectError(await get(ogre, '/customers/C-2'), 404, 'not_found');
  });
});

describe('premises', () => {
  test('reference their building and customer by ref; areas are decimals; the same PUT twice is unchanged', async () => {
    const body = { buildingRef: 'MP3', customerRef: 'C-1', label: 'Malkalnes prospekts 3-111', accountNumber: '12345', areaM2: '54.3' };
    const created = await put(ogre, '/premises/MP3-111', body);
    expect(created.status).toBe(201);
    expect(created.body.item).toMatchObject({ externalRef: 'MP3-111', buildingRef: 'MP3', customerRef: 'C-1', accountNumber: '12345', areaM2: '54.30' });
    expect((await put(ogre, '/premises/MP3-111', body)).body.result).toBe('unchanged');
    expect((await put(ogre, '/premises/MP3-111', { ...body, areaM2: '54.30' })).body.result).toBe('unchanged');
    const moved = await put(ogre, '/premises/MP3-111', { ...body, customerRef: null });
    expect(moved.body).toMatchObject({ result: 'updated', item: { customerRef: null } });
    expect((await put(ogre, '/premises/MP3-111', body)).body.item.customerRef).toBe('C-1');
  });

  test("unknown refs, and another tenant's, in the body answer 404 with the field; nothing is written", async () => {
    const before = await snapshot();
    const body = { buildingRef: 'MP3', label: 'X', accountNumber: '99999' };
    expectError(await put(ogre, '/premises/P-X', { ...body, buildingRef: 'NOPE' }), 404, 'not_found', { buildingRef: 'not_found' });
    expect((await put(ludza, '/buildings/L-ONLY', { address: 'Ludzas iela 1' })).status).toBe(201);
    expectError(await put(ogre, '/premises/P-X', { ...body, buildingRef: 'L-ONLY' }), 404, 'not_found', { buildingRef: 'not_found' });
    expect((await put(ludza, '/customers/LC-1', { name: 'Ludza customer' })).status).toBe(201);
    expectError(await put(ogre, '/premises/P-X', { ...body, customerRef: 'LC-1' }), 404, 'not_found', { customerRef: 'not_found' });
    const afterwards = await snapshot();
    expect({ ...afterwards, buildings: [], customers: [], audit: [] }).toEqual({ ...before, buildings: [], customers: [], audit: [] });
    expect(afterwards.premises).toEqual(before.premises);
  });

  test('an account number belongs to one premise', async () => {
    const before = await snapshot();
    expectError(await put(ogre, '/premises/P-DUP', { buildingRef: 'MP3', label: 'Dup', accountNumber: '12345' }), 409, 'account_number_taken', { accountNumber: 'taken', premiseRef: 'MP3-111' });
    expect(await snapshot()).toEqual(before);
  });

  test.each([
    ['an area with three decimals', { areaM2: '54.301' }, 'areaM2', 'invalid_format'],
    ['an area as a number', { areaM2: 54.3 }, 'areaM2', 'expected_string'],
    ['a huge area', { areaM2: '12345678' }, 'areaM2', 'invalid_format'],
    ['no account number', { accountNumber: undefined }, 'accountNumber', 'required'],
    ['a building ref of the wrong shape', { buildingRef: 'a b' }, 'buildingRef', 'invalid_format'],
  ])('refuses %s', async (_what, change, field, code) => {
    const body = { buildingRef: 'MP3', label: 'Malkalnes prospekts 3-112', accountNumber: '12346', ...change };
    expectError(await put(ogre, '/premises/MP3-112', body), 400, 'validation_failed', { [field]: code });
  });
});

describe('lists', () => {
  test('page through every row exactly once, even while rows are added', async () => {
    for (let i = 0; i < 8; i++) expect((await put(ogre, `/buildings/PAGE-${i}`, { address: `Lapu iela ${i}` })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await get(ogre, `/buildings?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...answer.body.items.map((b: { id: string }) => b.id));
      cursor = answer.body.nextCursor;
      if (pages++ === 1) expect((await put(ogre, '/buildings/PAGE-LATE', { address: 'Vēlā iela 1' })).status).toBe(201);
    } while (cursor);
    const inDatabase = (await ctx.database.db.selectFrom('buildings').select('id').where('tenant_id', '=', ogre.id).execute()).map((b) => b.id);
    expect(new Set(seen).size).toBe(seen.length);
    // Every row that existed when the walk began, and no row of another tenant.
    const late = (await get(ogre, '/buildings/PAGE-LATE')).body.item.id;
    expect(inDatabase.filter((id) => id !== late).every((id) => seen.includes(id))).toBe(true);
    expect(seen.every((id) => inDatabase.includes(id))).toBe(true);
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  test('filter premises by building and meters by premise; an unknown filter ref is 404', async () => {
    const premises = await get(ogre, '/premises?buildingRef=MP3');
    expect(premises.body.items.map((p: { externalRef: string }) => p.externalRef)).toEqual(['MP3-111']);
    expectError(await get(ogre, '/premises?buildingRef=L-ONLY'), 404, 'not_found', { buildingRef: 'not_found' });
    expectError(await get(ogre, '/meters?premiseRef=NOPE'), 404, 'not_found', { premiseRef: 'not_found' });
  });

  test.each([
    ['a cursor we did not make', '/customers?cursor=garbage', 'cursor', 'invalid_cursor'],
    ['a limit of 0', '/customers?limit=0', 'limit', 'too_short'],
    ['a huge limit', '/customers?limit=100000', 'limit', 'too_long'],
    ['a limit that is not a number', '/customers?limit=ten', 'limit', 'expected_number'],
  ])('refuse %s', async (_what, path, field, code) => {
    expectError(await get(ogre, path), 400, 'validation_failed', { [field]: code });
  });
});

describe('meters', () => {
  let premiseId: string;
  let token: string;
  const residentMeters = async () => {
    const response = await call(ctx, 'GET', `/v1/ogre/premises/${premiseId}/meters`, { token });
    expect(response.status).toBe(200);
    return ((await response.json()) as { meters: { serialNumber: string; verificationDue: string | null; lastReading: { value: string } | null }[] }).meters;
  };
  const readingsOf = (meterId: string) => ctx.database.db.selectFrom('readings').selectAll().where('meter_id', '=', meterId).orderBy('period').orderBy('version').execute();
  const install = (ref: string, extra: Record<string, unknown> = {}) =>
    put(ogre, `/meters/${ref}`, { premiseRef: 'MP3-111', kind: 'cold_water', serialNumber: `SN-${ref}`, location: 'Vannas istaba', installedAt: '2025-01-10', initialValue: '10,5', ...extra });

  beforeAll(async () => {
    premiseId = (await get(ogre, '/premises/MP3-111')).body.item.id;
    const user = await createUser(ctx.database, ogre.id, 'anna@example.lv');
    await grant(ctx.database, ogre.id, user.id, premiseId, 'owner');
    token = (await login(ctx, 'ogre', 'anna@example.lv')).accessToken;
  });

  test('an installed meter is on the resident’s list at once; the same PUT again is unchanged', async () => {
    const created = await install('CW-1');
    expect(created.status).toBe(201);
    expect(created.body.item).toMatchObject({ externalRef: 'CW-1', premiseRef: 'MP3-111', unit: 'm3', decimals: 3, initialValue: '10.500', installedAt: '2025-01-10', removedAt: null });
    expect((await residentMeters()).map((m) => m.serialNumber)).toEqual(['SN-CW-1']);
    const audits = await auditCount(ogre);
    expect((await install('CW-1')).body).toEqual({ result: 'unchanged', item: created.body.item });
    expect((await install('CW-1', { initialValue: '10.500' })).body.result).toBe('unchanged');
    expect(await auditCount(ogre)).toBe(audits);
    expect((await put(ogre, '/meters/HEAT-1', { premiseRef: 'MP3-111', kind: 'heat', serialNumber: 'H-1', decimals: 2 })).body.item).toMatchObject({ unit: 'MWh', initialValue: '0.00' });
  });

  test('a meter never moves to another premise or changes kind', async () => {
    expect((await put(ogre, '/premises/MP3-112', { buildingRef: 'MP3', label: 'Malkalnes prospekts 3-112', accountNumber: '12346' })).status).toBe(201);
    const before = await snapshot();
    expectError(await install('CW-1', { premiseRef: 'MP3-112' }), 422, 'meter_premise_fixed', { premiseRef: 'meter_premise_fixed' });
    expectError(await install('CW-1', { kind: 'hot_water' }), 422, 'meter_kind_fixed', { kind: 'meter_kind_fixed' });
    expect(await snapshot()).toEqual(before);
  });

  test.each([
    ['too many decimals', { initialValue: '1.2345' }, 'initialValue', 'reading_value_too_many_decimals'],
    ['a negative value', { initialValue: '-1' }, 'initialValue', 'reading_value_negative'],
    ['a huge value', { initialValue: '1'.repeat(40) }, 'initialValue', 'reading_value_too_large'],
    ['a date that does not exist', { installedAt: '2026-02-30' }, 'installedAt', 'invalid_date'],
    ['a year out of range', { verificationDue: '0000-01-01' }, 'verificationDue', 'invalid_date'],
    ['an unknown kind', { kind: 'steam' }, 'kind', 'invalid_value'],
    ['decimals out of range', { decimals: 9 }, 'decimals', 'too_long'],
  ])('refuses %s with 400 and a field code', async (_what, change, field, code) => {
    const before = await snapshot();
    expectError(await install('CW-BAD', change), 400, 'validation_failed', { [field]: code });
    expect(await snapshot()).toEqual(before);
  });

  test("an unknown premise, or another tenant's, is 404", async () => {
    expect((await put(ludza, '/premises/LP-1', { buildingRef: 'L-1', label: 'Raiņa iela 1-1', accountNumber: 'L1' })).status).toBe(201);
    expectError(await install('CW-X', { premiseRef: 'LP-1' }), 404, 'not_found', { premiseRef: 'not_found' });
    expectError(await get(ludza, '/meters/CW-1'), 404, 'not_found');
    expectError(await post(ludza, '/meters/CW-1/remove', {}), 404, 'not_found');
  });

  test('the verification date is set on its own route and shows to the resident', async () => {
    const set = await put(ogre, '/meters/CW-1/verification', { verificationDue: '2027-03-31' });
    expect(set.body).toMatchObject({ result: 'updated', item: { verificationDue: '2027-03-31' } });
    expect((await put(ogre, '/meters/CW-1/verification', { verificationDue: '2027-03-31' })).body.result).toBe('unchanged');
    expect((await residentMeters()).find((m) => m.serialNumber === 'SN-CW-1')?.verificationDue).toBe('2027-03-31');
    expectError(await put(ogre, '/meters/CW-1/verification', { verificationDue: '31.03.2027' }), 400, 'validation_failed', { verificationDue: 'invalid_date' });
  });

  test('a removed meter is gone from the resident’s list at once, its last reading stored as the manager’s', async () => {
    expect((await install('HW-1', { kind: 'hot_water' })).status).toBe(201);
    const meterId = (await get(ogre, '/meters/HW-1')).body.item.id;
    await ctx.database.db
      .insertInto('readings')
      .values({ tenant_id: ogre.id, meter_id: meterId, period: '2026-04', value: '20.000', source: 'resident', submitted_at: new Date('2026-04-30T08:00:00Z') })
      .execute();
    expect((await residentMeters()).map((m) => m.serialNumber)).toContain('SN-HW-1');

    const before = await snapshot();
    expectError(await post(ogre, '/meters/HW-1/remove', { lastReading: '19.5' }), 422, 'reading_below_previous', { lastReading: 'reading_below_previous', previous: '20.000' });
    expectError(await post(ogre, '/meters/HW-1/remove', { date: '2026-05-21' }), 422, 'date_in_future', { date: 'date_in_future' });
    expectError(await post(ogre, '/meters/HW-1/remove', { date: '2024-12-31' }), 422, 'date_before_installation');
    expectError(await post(ogre, '/meters/HW-1/remove', { lastReading: '2,5555' }), 400, 'validation_failed', { lastReading: 'reading_value_too_many_decimals' });
    expect(await snapshot()).toEqual(before);

    const removed = await post(ogre, '/meters/HW-1/remove', { lastReading: '23,4' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ result: 'updated', item: { removedAt: '2026-05-20' } });
    expect((await residentMeters()).map((m) => m.serialNumber)).not.toContain('SN-HW-1');
    expect((await readingsOf(meterId)).map((r) => [r.period, r.value, r.source, r.is_current])).toEqual([
      ['2026-04', '20.000000', 'resident', true],
      ['2026-05', '23.400000', 'manager', true],
    ]);

    expect((await post(ogre, '/meters/HW-1/remove', { date: '2026-05-20', lastReading: '23.400' })).body.result).toBe('unchanged');
    expect((await post(ogre, '/meters/HW-1/remove', {})).body.result).toBe('unchanged');
    expectError(await post(ogre, '/meters/HW-1/remove', { date: '2026-05-19' }), 409, 'meter_removed');
    expectError(await post(ogre, '/meters/HW-1/remove', { lastReading: '30' }), 409, 'meter_removed');
    expect(await readingsOf(meterId)).toHaveLength(2);
  });

  test('a replaced meter makes way for its successor on the resident’s list at once', async () => {
    const oldId = (await get(ogre, '/meters/CW-1')).body.item.id;
    // The resident already sent May's reading on the old meter; the manager's last one becomes its new version.
    await ctx.database.db
      .insertInto('readings')
      .values([
        { tenant_id: ogre.id, meter_id: oldId, period: '2026-04', value: '30.000', source: 'resident', submitted_at: new Date('2026-04-30T08:00:00Z') },
        { tenant_id: ogre.id, meter_id: oldId, period: '2026-05', value: '31.000', source: 'resident', submitted_at: new Date('2026-05-19T08:00:00Z') },
      ])
      .execute();
    const replacement = { date: '2026-05-20', lastReading: '31.25', newMeter: { externalRef: 'CW-2', serialNumber: 'SN-CW-2', initialValue: '0.012', verificationDue: '2032-05-20' } };

    const before = await snapshot();
    expectError(await post(ogre, '/meters/CW-1/replace', { ...replacement, newMeter: { ...replacement.newMeter, externalRef: 'HEAT-1' } }), 409, 'external_ref_taken', {
      'newMeter.externalRef': 'taken',
    });
    expectError(await post(ogre, '/meters/CW-1/replace', { ...replacement, lastReading: '29' }), 422, 'reading_below_previous');
    expectError(await post(ogre, '/meters/CW-1/replace', { ...replacement, newMeter: { ...replacement.newMeter, initialValue: 'abc' } }), 400, 'validation_failed', {
      'newMeter.initialValue': 'reading_value_invalid',
    });
    expectError(await post(ogre, '/meters/CW-1/replace', { ...replacement, newMeter: { ...replacement.newMeter, serialNumber: undefined } }), 400, 'validation_failed', {
      'newMeter.serialNumber': 'required',
    });
    expect(await snapshot()).toEqual(before);

    const replaced = await post(ogre, '/meters/CW-1/replace', replacement);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({
      result: 'created',
      item: { externalRef: 'CW-2', premiseRef: 'MP3-111', kind: 'cold_water', location: 'Vannas istaba', installedAt: '2026-05-20', initialValue: '0.012', replacesRef: 'CW-1', verificationDue: '2032-05-20' },
      replaced: { externalRef: 'CW-1', removedAt: '2026-05-20', replacedByRef: 'CW-2' },
    });
    const serials = (await residentMeters()).map((m) => m.serialNumber);
    expect(serials).toContain('SN-CW-2');
    expect(serials).not.toContain('SN-CW-1');
    expect((await readingsOf(oldId)).map((r) => [r.period, r.value, r.version, r.source, r.is_current])).toEqual([
      ['2026-04', '30.000000', 1, 'resident', true],
      ['2026-05', '31.000000', 1, 'resident', false],
      ['2026-05', '31.250000', 2, 'manager', true],
    ]);
    const newMeter = await ctx.database.db.selectFrom('meters').selectAll().where('external_ref', '=', 'CW-2').executeTakeFirstOrThrow();
    expect(newMeter).toMatchObject({ replaces_meter_id: oldId, initial_value: '0.012000', installed_at: '2026-05-20', premise_id: premiseId });

    const audits = await auditCount(ogre);
    const again = await post(ogre, '/meters/CW-1/replace', replacement);
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('unchanged');
    expect(await auditCount(ogre)).toBe(audits);
    expectError(await post(ogre, '/meters/CW-1/replace', { ...replacement, newMeter: { ...replacement.newMeter, externalRef: 'CW-3' } }), 409, 'meter_removed');
  });

  test('the meter list shows removed meters with their dates, and only this tenant’s', async () => {
    const { body } = await get(ogre, '/meters?premiseRef=MP3-111&limit=1000');
    expect(body.items.map((m: { externalRef: string; removedAt: string | null }) => [m.externalRef, m.removedAt]).sort()).toEqual([
      ['CW-1', '2026-05-20'],
      ['CW-2', null],
      ['HEAT-1', null],
      ['HW-1', '2026-05-20'],
    ]);
    expect((await get(ludza, '/meters')).body.items).toEqual([]);
  });
});
