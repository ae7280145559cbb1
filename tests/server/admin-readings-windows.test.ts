/**
 * Reading windows moved by the manager through the admin API: for the whole tenant or one
 * building, and what residents then see and may do. A building's override opens (or closes) the
 * window for that building's residents only and wins over the tenant's; refusals are 4xx with
 * stable codes and write nothing; every change is audited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { call, createTestApp, createUser, grant, login, PASSWORD, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;
const meters: Record<string, { premise: string; meter: string }> = {};

// Europe/Riga is UTC+3 in summer: the rule (Ogre's) opens May on 30.05 and closes it after 01.06.
const MAY_OPENS = '2026-05-29T21:00:00.000Z';
const MAY_CLOSES = '2026-06-01T21:00:00.000Z';
const AFTER_MAY = '2026-06-03T09:00:00Z';

async function building(tenantId: string, ref: string) {
  return (await ctx.database.db.insertInto('buildings').values({ tenant_id: tenantId, address: `Iela ${ref}`, external_ref: ref }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A resident of a premise in the building, with one cold-water meter. */
async function resident(tenantId: string, buildingId: string, email: string, account: string) {
  const premise = await ctx.database.db
    .insertInto('premises')
    .values({ tenant_id: tenantId, building_id: buildingId, label: `Dzīvoklis ${account}`, account_number: account, external_ref: `P-${account}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const meter = await ctx.database.db
    .insertInto('meters')
    .values({ tenant_id: tenantId, premise_id: premise.id, kind: 'cold_water', serial_number: `CW-${account}`, external_ref: `M-${account}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await createUser(ctx.database, tenantId, email);
  await grant(ctx.database, tenantId, user.id, premise.id, 'owner');
  meters[email] = { premise: premise.id, meter: meter.id };
}

async function residentWindow(email: string) {
  const { accessToken } = await login(ctx, 'ogre', email, PASSWORD);
  const response = await call(ctx, 'GET', `/v1/ogre/premises/${meters[email]!.premise}/meters`, { token: accessToken });
  expect(response.status).toBe(200);
  return ((await response.json()) as { window: { open: boolean; period: string; closesAt: string; source: string } }).window;
}

async function submit(email: string, value: string) {
  const { accessToken } = await login(ctx, 'ogre', email, PASSWORD);
  const { premise, meter } = meters[email]!;
  return call(ctx, 'POST', `/v1/ogre/premises/${premise}/meters/${meter}/readings`, { token: accessToken, body: { value } });
}

const put = (period: string, body: unknown, tenant = ogre, key = tenant.key) => adminRequest(ctx, tenant, key, 'PUT', `/reading-windows/${period}`, body);
const overrides = () => ctx.database.db.selectFrom('reading_window_overrides').select(['period', 'building_id', 'opens_at', 'closes_at', 'note']).orderBy('period').execute();
const audits = () => ctx.database.db.selectFrom('audit_log').select(['action', 'target_id', 'details', 'api_key_id']).where('action', 'like', 'admin.reading_window.%').orderBy('id').execute();

beforeAll(async () => {
  ctx = await createTestApp({}, AFTER_MAY);
  ogre = await createAdminTenant(ctx, 'ogre', { timeZone: 'Europe/Riga', windowRule: { kind: 'month_end', lastDays: 2, nextMonthDays: 1 } });
  ludza = await createAdminTenant(ctx, 'ludza');
  const b1 = await building(ogre.id, 'B-1');
  const b2 = await building(ogre.id, 'B-2');
  await building(ludza.id, 'L-1');
  await resident(ogre.id, b1, 'anna@example.lv', '111');
  await resident(ogre.id, b2, 'peteris@example.lv', '222');
});
afterAll(() => ctx.close());

describe('a window moved for one building', () => {
  test("opens the window for that building's residents only", async () => {
    expect((await residentWindow('anna@example.lv')).open).toBe(false);
    const response = await put('2026-05', { closesAt: '2026-06-05T23:59:59+03:00', building: 'B-1', note: 'Ūdens avārija' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      result: 'created',
      window: {
        period: '2026-05',
        // Left out, the opening stays where the rule has it.
        opensAt: MAY_OPENS,
        closesAt: '2026-06-05T20:59:59.000Z',
        firstDay: '2026-05-30',
        lastDay: '2026-06-05',
        source: 'override',
        building: 'B-1',
        note: 'Ūdens avārija',
      },
    });

    expect(await residentWindow('anna@example.lv')).toMatchObject({ open: true, period: '2026-05', source: 'override' });
    expect((await submit('anna@example.lv', '12,5')).status).toBe(201);

    expect(await residentWindow('peteris@example.lv')).toMatchObject({ open: false, source: 'rule' });
    const refused = await submit('peteris@example.lv', '7');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('reading_window_closed');
  });

  test("the tenant's override reaches every other building, and a building's own wins over it", async () => {
    const response = await put('2026-05', { closesAt: '2026-06-04T23:59:59+03:00' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { window: { building: unknown } }).window.building).toBeNull();
    expect(await residentWindow('peteris@example.lv')).toMatchObject({ open: true, period: '2026-05', closesAt: '2026-06-04T20:59:59.000Z' });
    expect((await submit('peteris@example.lv', '7')).status).toBe(201);

    // The next day the tenant's window has closed; B-1's own still runs.
    ctx.clock.set('2026-06-05T09:00:00Z');
    expect((await residentWindow('peteris@example.lv')).open).toBe(false);
    expect(await residentWindow('anna@example.lv')).toMatchObject({ open: true, period: '2026-05', closesAt: '2026-06-05T20:59:59.000Z' });

    // A building's override that has closed still hides the tenant's longer one from its residents.
    ctx.clock.set(AFTER_MAY);
    expect((await put('2026-05', { closesAt: '2026-06-02T23:59:59+03:00', building: 'B-2' })).status).toBe(201);
    expect((await residentWindow('peteris@example.lv')).open).toBe(false);
    expect((await submit('peteris@example.lv', '8')).status).toBe(422);
  });

  test('GET shows the tenant window and every building override of the period', async () => {
    const response = await adminRequest(ctx, ogre, ogre.key, 'GET', '/reading-windows?period=2026-05');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { period: string; tenant: Record<string, unknown>; buildings: Record<string, unknown>[] };
    expect(body.period).toBe('2026-05');
    expect(body.tenant).toMatchObject({ source: 'override', building: null, closesAt: '2026-06-04T20:59:59.000Z', opensAt: MAY_OPENS });
    expect(body.buildings.map((w) => [w.building, w.closesAt, w.note])).toEqual([
      ['B-1', '2026-06-05T20:59:59.000Z', 'Ūdens avārija'],
      ['B-2', '2026-06-02T20:59:59.000Z', null],
    ]);
    const june = (await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/reading-windows?period=2026-06')).json()) as typeof body;
    expect(june.tenant).toMatchObject({ source: 'rule', opensAt: '2026-06-28T21:00:00.000Z', closesAt: '2026-07-01T21:00:00.000Z', firstDay: '2026-06-29', lastDay: '2026-07-01' });
    expect(june.buildings).toEqual([]);
    // Default: this month in the tenant's zone.
    expect(((await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/reading-windows')).json()) as typeof body).period).toBe('2026-06');
  });

  test('sending the same again changes nothing; extending keeps the opening and the note', async () => {
    const before = (await audits()).length;
    const same = await put('2026-05', { closesAt: '2026-06-05T23:59:59+03:00', building: 'B-1' });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ result: 'unchanged', window: { note: 'Ūdens avārija' } });
    expect((await audits()).length).toBe(before);

    // Move the opening by hand, then extend with closesAt alone: the moved opening stays.
    expect((await put('2026-05', { opensAt: '2026-05-28T00:00:00+03:00', closesAt: '2026-06-05T23:59:59+03:00', building: 'B-1' })).status).toBe(200);
    const extended = await put('2026-05', { closesAt: '2026-06-06T23:59:59+03:00', building: 'B-1' });
    expect(extended.status).toBe(200);
    expect(await extended.json()).toMatchObject({
      result: 'updated',
      window: { opensAt: '2026-05-27T21:00:00.000Z', closesAt: '2026-06-06T20:59:59.000Z', note: 'Ūdens avārija', building: 'B-1' },
    });
    const log = await audits();
    expect(log.length).toBe(before + 2);
    expect(log.at(-1)).toMatchObject({ action: 'admin.reading_window.updated', details: { period: '2026-05', building: 'B-1', before: { closesAt: '2026-06-05T20:59:59.000Z' } } });
    expect(log.at(-1)!.api_key_id).toBeTruthy();
  });

  test('DELETE puts the building back on the tenant window; a second DELETE is 404', async () => {
    const removed = await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/reading-windows/2026-05?building=B-2');
    expect(removed.status).toBe(204);
    expect(await residentWindow('peteris@example.lv')).toMatchObject({ open: true, closesAt: '2026-06-04T20:59:59.000Z' });
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/reading-windows/2026-05?building=B-2')).status).toBe(404);
    expect((await audits()).at(-1)).toMatchObject({ action: 'admin.reading_window.deleted', details: { period: '2026-05', building: 'B-2' } });
  });
});

describe('refusals: a clear 4xx with a stable code, and nothing written', () => {
  const cases: [string, string, unknown, number, string, Record<string, unknown>?][] = [
    ['closes before it opens', '2026-07', { opensAt: '2026-07-30T00:00:00+03:00', closesAt: '2026-07-29T00:00:00+03:00' }, 422, 'window_closes_before_opens'],
    ['closes as it opens', '2026-07', { opensAt: '2026-07-30T00:00:00+03:00', closesAt: '2026-07-30T00:00:00+03:00' }, 422, 'window_closes_before_opens'],
    ['lasts over 62 days', '2026-07', { opensAt: '2026-07-01T00:00:00+03:00', closesAt: '2026-09-02T00:00:00+03:00' }, 422, 'window_too_long'],
    ['a period far in the past', '2024-05', { closesAt: '2026-06-20T00:00:00+03:00' }, 422, 'period_too_old'],
    ['a period far ahead', '2029-01', { closesAt: '2029-02-02T00:00:00+03:00' }, 422, 'period_too_far_ahead'],
    ['ends before its period begins', '2026-09', { opensAt: '2026-08-01T00:00:00+03:00', closesAt: '2026-08-20T00:00:00+03:00' }, 422, 'window_before_period'],
    ["overlaps the next period's window", '2026-07', { opensAt: '2026-07-30T00:00:00+03:00', closesAt: '2026-08-31T00:00:00+03:00' }, 422, 'window_overlaps', { other: { period: '2026-08' } }],
    ["overlaps a building's moved window of the month before", '2026-06', { opensAt: '2026-06-06T00:00:00+03:00', closesAt: '2026-06-10T00:00:00+03:00' }, 422, 'window_overlaps', { other: { period: '2026-05', building: 'B-1' } }],
    ['a month 13', '2026-13', { closesAt: '2026-06-05T00:00:00+03:00' }, 400, 'validation_failed', { period: 'invalid_format' }],
    ['not a period', 'may', { closesAt: '2026-06-05T00:00:00+03:00' }, 400, 'validation_failed'],
    ['no closesAt', '2026-07', {}, 400, 'validation_failed', { closesAt: 'required' }],
    ['a date without a zone', '2026-07', { closesAt: '2026-07-31T00:00:00' }, 400, 'validation_failed', { closesAt: 'invalid_format' }],
    ['a number for a date', '2026-07', { closesAt: 1785542400000 }, 400, 'validation_failed'],
    ['an unknown field', '2026-07', { closesAt: '2026-08-01T00:00:00+03:00', until: 'x' }, 400, 'validation_failed', { _: 'unknown_field' }],
    ['a bad building ref', '2026-07', { closesAt: '2026-08-01T00:00:00+03:00', building: 'B 1; drop' }, 400, 'validation_failed'],
    ['a huge note', '2026-07', { closesAt: '2026-08-01T00:00:00+03:00', note: 'x'.repeat(501) }, 400, 'validation_failed', { note: 'too_long' }],
    ['an unknown building', '2026-07', { closesAt: '2026-08-01T00:00:00+03:00', building: 'B-404' }, 404, 'not_found', { building: 'not_found' }],
    ["another tenant's building", '2026-07', { closesAt: '2026-08-01T00:00:00+03:00', building: 'L-1' }, 404, 'not_found'],
  ];
  test.each(cases)('%s', async (_name, period, body, status, code, fields) => {
    const before = { rows: await overrides(), audit: (await audits()).length };
    const response = await put(period, body);
    expect(response.status).toBe(status);
    const { error } = (await response.json()) as { error: { code: string; fields?: Record<string, unknown> } };
    expect(error.code).toBe(code);
    if (fields) expect(error.fields).toMatchObject(fields);
    expect({ rows: await overrides(), audit: (await audits()).length }).toEqual(before);
  });

  test('a JSON body that is not an object, and a read-only key, are refused too', async () => {
    expect((await adminRequest(ctx, ogre, ogre.key, 'PUT', '/reading-windows/2026-07', '"2026-08-01"', { 'content-type': 'application/json' })).status).toBe(400);
    const reader = await createKey(ctx, ogre, ['read']);
    expect((await put('2026-07', { closesAt: '2026-08-01T00:00:00+03:00' }, ogre, reader.secret)).status).toBe(403);
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/reading-windows/2026-07?building=B-404')).status).toBe(404);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', '/reading-windows?period=2026-00')).status).toBe(400);
  });

  test("another tenant neither sees nor moves this tenant's windows", async () => {
    const theirs = (await (await adminRequest(ctx, ludza, ludza.key, 'GET', '/reading-windows?period=2026-05')).json()) as { tenant: { source: string }; buildings: unknown[] };
    expect(theirs).toMatchObject({ tenant: { source: 'rule' }, buildings: [] });
    expect((await put('2026-05', { closesAt: '2026-06-05T23:59:59+03:00', building: 'B-1' }, ludza)).status).toBe(404);
    expect((await adminRequest(ctx, ludza, ludza.key, 'DELETE', '/reading-windows/2026-05')).status).toBe(404);
    expect((await overrides()).filter((o) => o.period === '2026-05')).toHaveLength(2);
  });
});
