/**
 * Readings import against a meter's life: a meter takes readings from the month it was installed
 * to the month it was removed. A row outside that — by its period, or by its `submitted_at` day in
 * the tenant's zone — is refused with a stable code on its own row and column, and the whole file
 * writes nothing (the good rows beside it neither). Runs on PGlite and on Postgres.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let tenant: AdminTenant;

const csv = { 'content-type': 'text/csv' };

interface Report {
  rows: number;
  created: number;
  errors: Array<{ row: number; column: string; code: string; message: string }>;
  errorCount: number;
}

async function importReadings(body: string) {
  const response = await adminRequest(ctx, tenant, tenant.key, 'POST', '/imports/readings', body, csv);
  const json = (await response.json()) as Report & { report?: Report };
  return { status: response.status, report: json.report ?? json };
}

const readingCount = async () =>
  Number((await ctx.database.db.selectFrom('readings').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  ctx = await createTestApp(); // the clock stands at 2026-05-20
  tenant = await createAdminTenant(ctx, 'meter-life');
  const premises = [
    'building_ref,building_address,premise_ref,premise_label,account_number,meter_ref,meter_kind,meter_serial,meter_installed_at,meter_initial_value',
    'B-1,Brīvības iela 1,P-1,Brīvības iela 1-1,1001,M-OLD,cold_water,111,2025-06-10,0',
    'B-1,Brīvības iela 1,P-1,Brīvības iela 1-1,1001,M-NEW,hot_water,222,2025-11-15,0',
  ].join('\n');
  const imported = await adminRequest(ctx, tenant, tenant.key, 'POST', '/imports/premises', premises, csv);
  expect(imported.status).toBe(200);
  // M-OLD was removed on 2026-02-10, with its last reading for February.
  const removed = await adminRequest(ctx, tenant, tenant.key, 'POST', '/meters/M-OLD/remove', { date: '2026-02-10', lastReading: '20' });
  expect(removed.status).toBe(200);
});
afterAll(() => ctx.close());

describe('a removed meter', () => {
  test('a period after the month of removal is refused on its row, and nothing of the file is written', async () => {
    const before = await readingCount();
    const { status, report } = await importReadings(['meter_ref,period,value', 'M-OLD,2026-01,10', 'M-OLD,2026-03,25', 'M-NEW,2026-03,5'].join('\n'));
    expect(status).toBe(422);
    expect(report.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([{ row: 3, column: 'period', code: 'after_meter_removal' }]);
    expect(report.errorCount).toBe(1);
    expect(await readingCount()).toBe(before);
  });

  test('a time after the removal day is refused, in the tenant’s zone; the removal day itself is fine', async () => {
    const before = await readingCount();
    // 2026-02-10T23:30+02:00 is still the 10th in Riga (21:30 UTC); 2026-02-11 00:30 Riga is 22:30 UTC on the 10th.
    const late = await importReadings(['meter_ref,period,value,submitted_at', 'M-OLD,2026-01,10,2026-01-28T10:00:00+02:00', 'M-OLD,2026-02,19,2026-02-11 00:30'].join('\n'));
    expect(late.status).toBe(422);
    expect(late.report.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([{ row: 3, column: 'submitted_at', code: 'after_meter_removal' }]);
    expect(await readingCount()).toBe(before);

    const onTheDay = await importReadings(
      ['meter_ref,period,value,submitted_at', 'M-OLD,2025-12,8,2025-12-27 23:59', 'M-OLD,2026-01,10,2026-01-28T10:00:00+02:00', 'M-OLD,2026-02,20,2026-02-10 23:30'].join('\n'),
    );
    expect(onTheDay.report.errors).toEqual([]);
    expect(onTheDay.status).toBe(200);
    // Two new periods, and February's last reading again with its real time: a new version.
    expect(await readingCount()).toBe(before + 3);
  });

  test('a dry run reports the same refusal', async () => {
    const response = await adminRequest(ctx, tenant, tenant.key, 'POST', '/imports/readings?dryRun=true', 'meter_ref,period,value\nM-OLD,2026-04,30\n', csv);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { report: Report };
    expect(body.report.errors.map((e) => e.code)).toEqual(['after_meter_removal']);
  });
});

describe('a meter installed later', () => {
  test('a period before the month of installation, or a time before the installation day, is refused', async () => {
    const before = await readingCount();
    const { status, report } = await importReadings(
      ['meter_ref,period,value,submitted_at', 'M-NEW,2025-10,1,', 'M-NEW,2025-11,2,2025-11-14T12:00:00+02:00', 'M-NEW,2025-12,3,2025-12-27T12:00:00+02:00'].join('\n'),
    );
    expect(status).toBe(422);
    expect(report.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 2, column: 'period', code: 'before_meter_installation' },
      { row: 3, column: 'submitted_at', code: 'before_meter_installation' },
    ]);
    expect(await readingCount()).toBe(before);

    const fine = await importReadings(['meter_ref,period,value,submitted_at', 'M-NEW,2025-11,2,2025-11-15T08:00:00+02:00', 'M-NEW,2025-12,3,'].join('\n'));
    expect(fine.report.errors).toEqual([]);
    expect(await readingCount()).toBe(before + 2);
  });
});

describe('a meter’s initial value', () => {
  test('a value below it is refused; a row that breaks several rules is refused for each of them', async () => {
    const premises = [
      'building_ref,building_address,premise_ref,premise_label,account_number,meter_ref,meter_kind,meter_serial,meter_installed_at,meter_initial_value',
      'B-1,Brīvības iela 1,P-1,Brīvības iela 1-1,1001,M-START,cold_water,333,2025-06-10,100',
    ].join('\n');
    expect((await adminRequest(ctx, tenant, tenant.key, 'POST', '/imports/premises', premises, csv)).status).toBe(200);
    const before = await readingCount();
    const { status, report } = await importReadings(['meter_ref,period,value', 'M-START,2025-07,99', 'M-START,2025-05,50', 'M-START,2025-08,100'].join('\n'));
    expect(status).toBe(422);
    expect(report.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 2, column: 'value', code: 'below_initial_value' },
      { row: 3, column: 'period', code: 'before_meter_installation' },
      { row: 3, column: 'value', code: 'below_initial_value' },
    ]);
    expect(report.errorCount).toBe(3);
    expect(await readingCount()).toBe(before);
  });
});
