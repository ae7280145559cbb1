/**
 * Bulk import (POST /v1/{tenant}/admin/imports/{kind}): the example files of docs/import.md go in;
 * `;`, a BOM and decimal commas read as Excel writes them; NDJSON; one bad row refuses the whole
 * file and writes nothing; the same file twice changes nothing; a dry run writes nothing; junk
 * never makes a 5xx; another tenant's data is untouched. Runs on PGlite and on Postgres.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;

const example = (name: string) => readFileSync(`docs/examples/${name}`, 'utf8');
const csv = { 'content-type': 'text/csv' };
const ndjson = { 'content-type': 'application/x-ndjson' };

interface Report {
  kind: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: Array<{ row: number; column: string; code: string; message: string }>;
  errorCount: number;
  details: Record<string, { created: number; updated: number; unchanged: number }>;
}

async function importFile(tenant: AdminTenant, kind: string, body: string, headers: Record<string, string> = csv, dryRun?: boolean) {
  const response = await adminRequest(ctx, tenant, tenant.key, 'POST', `/imports/${kind}${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`, body, headers);
  const json = (await response.json()) as Report & { report?: Report; error?: { code: string } };
  return { status: response.status, report: (json.report ?? json) as Report, error: json.error };
}

/** Everything an import can write, for one tenant, as comparable text. */
async function snapshot(tenantId: string): Promise<string> {
  const { rows } = await sql<{ row: string }>`
    select concat_ws('|', 'b', external_ref, address, city, updated_at::text) as row from buildings where tenant_id = ${tenantId}
    union all select concat_ws('|', 'c', external_ref, name, email, updated_at::text) from customers where tenant_id = ${tenantId}
    union all select concat_ws('|', 'p', external_ref, label, account_number, area_m2::text, updated_at::text) from premises where tenant_id = ${tenantId}
    union all select concat_ws('|', 'm', external_ref, kind, serial_number, initial_value::text, updated_at::text) from meters where tenant_id = ${tenantId}
    union all select concat_ws('|', 'r', meter_id::text, period, value::text, version, is_current) from readings where tenant_id = ${tenantId}
    union all select concat_ws('|', 'i', number, amount::text, total_due::text) from invoices where tenant_id = ${tenantId}
    union all select concat_ws('|', 'l', invoice_id::text, position, service, sum::text) from invoice_lines where tenant_id = ${tenantId}
    order by 1`.execute(ctx.database.db);
  return rows.map((r) => r.row).join('\n');
}

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre-import');
  ludza = await createAdminTenant(ctx, 'ludza-import');
});
afterAll(() => ctx.close());

describe('the example files of docs/import.md', () => {
  test('premises: buildings, customers, premises and meters, with decimal commas and Latvian dates', async () => {
    const { status, report } = await importFile(ogre, 'premises', example('premises.csv'));
    expect(report.errors).toEqual([]);
    expect(status).toBe(200);
    expect(report).toMatchObject({ kind: 'premises', dryRun: false, rows: 4, created: 11, updated: 0, unchanged: 0 });
    expect(report.details).toEqual({
      buildings: { created: 2, updated: 0, unchanged: 0 },
      customers: { created: 3, updated: 0, unchanged: 0 },
      premises: { created: 3, updated: 0, unchanged: 0 },
      meters: { created: 3, updated: 0, unchanged: 0 },
    });
    const premise = await ctx.database.db.selectFrom('premises').selectAll().where('external_ref', '=', 'P-001-5').executeTakeFirstOrThrow();
    expect(premise).toMatchObject({ tenant_id: ogre.id, label: 'Rīgas iela 21-5', account_number: '20105', area_m2: '48.20' });
    const meter = await ctx.database.db.selectFrom('meters').selectAll().where('external_ref', '=', 'M-70003').executeTakeFirstOrThrow();
    expect(meter).toMatchObject({ kind: 'cold_water', installed_at: '2024-03-14', verification_due: '2030-03-14', initial_value: '12.500000' });
    const customer = await ctx.database.db.selectFrom('customers').selectAll().where('external_ref', '=', 'C-5502').executeTakeFirstOrThrow();
    expect(customer.name).toBe('Jānis "Jancis" Bērziņš');
    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', ogre.id).where('action', '=', 'admin.import.premises').execute();
    expect(audit).toHaveLength(1);
  });

  test('the same file twice: everything unchanged, nothing touched', async () => {
    const before = await snapshot(ogre.id);
    const { status, report } = await importFile(ogre, 'premises', example('premises.csv'));
    expect(status).toBe(200);
    expect(report).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 11 });
    expect(await snapshot(ogre.id)).toBe(before);
  });

  test('readings: `;`-separated with decimal commas, then again unchanged; a changed value is a new version', async () => {
    const first = await importFile(ogre, 'readings', example('readings.csv'));
    expect(first.report.errors).toEqual([]);
    expect(first.report).toMatchObject({ rows: 5, created: 5, updated: 0, unchanged: 0 });
    const rows = await ctx.database.db.selectFrom('readings').selectAll().where('tenant_id', '=', ogre.id).orderBy('submitted_at').execute();
    expect(rows.every((r) => r.source === 'import' && r.version === 1 && r.is_current)).toBe(true);
    expect(rows.find((r) => r.value === '12.345000')!.submitted_at.toISOString()).toBe('2026-02-27T16:40:00.000Z');
    // A wall-clock time is read in the tenant's zone (Riga, UTC+3 in summer, +2 in March).
    expect(rows.find((r) => r.value === '15.020000')!.submitted_at.toISOString()).toBe('2026-03-30T16:05:00.000Z');

    const again = await importFile(ogre, 'readings', example('readings.csv'));
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 5 });

    const corrected = await importFile(ogre, 'readings', 'meter_ref,period,value\nM-70003,2026-03,13.800\n');
    expect(corrected.report).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const versions = await ctx.database.db
      .selectFrom('readings')
      .innerJoin('meters', 'meters.id', 'readings.meter_id')
      .select(['readings.value', 'readings.version', 'readings.is_current'])
      .where('meters.external_ref', '=', 'M-70003')
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { value: '13.750000', version: 1, is_current: false },
      { value: '13.800000', version: 2, is_current: true },
    ]);
  });

  test('invoices: one row per line; amount and total come from the lines; the same file again is unchanged', async () => {
    const { status, report } = await importFile(ogre, 'invoices', example('invoices.csv'));
    expect(report.errors).toEqual([]);
    expect(status).toBe(200);
    expect(report).toMatchObject({ rows: 4, created: 2, updated: 0, unchanged: 0 });
    const invoice = await ctx.database.db.selectFrom('invoices').selectAll().where('number', '=', 'R-2026-000102').executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ amount: '31.72', balance_carried: '12.40', total_due: '44.12', paid_amount: '50.00' });
    const lines = await ctx.database.db.selectFrom('invoice_lines').innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id').select(['position', 'service']).where('number', '=', 'R-2026-000101').orderBy('position').execute();
    expect(lines.map((l) => l.service)).toEqual(['Apsaimniekošana', 'Aukstais ūdens', 'Karstais ūdens']);
    expect((await importFile(ogre, 'invoices', example('invoices.csv'))).report).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = example('invoices.csv').replace('Karstais ūdens,0.902,m³,8.3200,7.50', 'Karstais ūdens,0.902,m³,8.3200,7.51');
    expect((await importFile(ogre, 'invoices', changed)).report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const updated = await ctx.database.db.selectFrom('invoices').select('amount').where('number', '=', 'R-2026-000101').executeTakeFirstOrThrow();
    expect(updated.amount).toBe('39.63');
  });
});

describe('what Excel and billing systems write', () => {
  test('`;` between cells, a BOM and CRLF line ends read like the plain file', async () => {
    const latvian = '\uFEFF' + 'building_ref;building_address;premise_ref;premise_label;account_number;area_m2\r\nB-LV;Lāčplēša iela 1;P-LV-1;Lāčplēša iela 1-1;30001;41,7\r\n';
    const { status, report } = await importFile(ogre, 'premises', latvian, { 'content-type': 'text/csv; charset=utf-8' });
    expect(report.errors).toEqual([]);
    expect(status).toBe(200);
    const premise = await ctx.database.db.selectFrom('premises').select(['label', 'area_m2']).where('external_ref', '=', 'P-LV-1').executeTakeFirstOrThrow();
    expect(premise).toEqual({ label: 'Lāčplēša iela 1-1', area_m2: '41.70' });
  });

  test('column names in any case, with spaces, or camelCase', async () => {
    const { report } = await importFile(ogre, 'readings', 'Meter Ref,PERIOD,Value\nM-70001,2026-04,16.000\n');
    expect(report).toMatchObject({ created: 1, errorCount: 0 });
  });

  test('NDJSON with the API’s camelCase keys and numbers as numbers', async () => {
    const lines = [
      { meterRef: 'M-70002', period: '2026-04', value: 5.5, submittedAt: '2026-04-29T20:00:00+03:00' },
      { meterRef: 'M-70003', period: '2026-04', value: '14,1' },
    ];
    const { status, report } = await importFile(ogre, 'readings', lines.map((l) => JSON.stringify(l)).join('\n') + '\n', ndjson);
    expect(report.errors).toEqual([]);
    expect(status).toBe(200);
    expect(report).toMatchObject({ rows: 2, created: 2 });
  });
});

describe('a bad row refuses the whole file', () => {
  test('one bad row → 422 with the row, column and code, and nothing written', async () => {
    const before = await snapshot(ogre.id);
    const file = [
      'building_ref,building_address,premise_ref,premise_label,account_number,area_m2,meter_ref,meter_kind,meter_serial',
      'B-NEW,Jaunā iela 1,P-NEW-1,Jaunā iela 1-1,40001,50.1,M-NEW-1,cold_water,9001',
      'B-NEW,Jaunā iela 1,P-NEW-2,Jaunā iela 1-2,40002,"12,3,4",M-NEW-2,cold_water,9002',
    ].join('\n');
    const { status, report, error } = await importFile(ogre, 'premises', file);
    expect(status).toBe(422);
    expect(error?.code).toBe('import_rejected');
    expect(report.errors).toEqual([{ row: 3, column: 'area_m2', code: 'invalid_decimal', message: expect.any(String) }]);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 0, errorCount: 1 });
    expect(await snapshot(ogre.id)).toBe(before);
  });

  test('a failure inside the writes, after buildings, customers and premises went in, leaves nothing written', async () => {
    const tenant = await createAdminTenant(ctx, 'ogre-midway');
    const file =
      'building_ref,building_address,premise_ref,premise_label,account_number,customer_ref,customer_name,meter_ref,meter_kind,meter_serial\n' +
      'MB1,Brīvības iela 1,MP1,Brīvības iela 1-1,MA1,MC1,Klients,M-OK,cold_water,S1\n' +
      'MB1,Brīvības iela 1,MP2,Brīvības iela 1-2,MA2,MC2,Klients 2,M-BOOM,hot_water,S2\n';
    // The database refuses the second meter, as a constraint would: the last of the four upserts fails.
    await ctx.database.execScript(`
      create function doorstep_test_refuse_meter() returns trigger language plpgsql as $$
      begin
        if new.external_ref = 'M-BOOM' then raise exception 'refused for the test' using errcode = '23514'; end if;
        return new;
      end $$;
      create trigger doorstep_test_refuse_meter before insert on meters for each row execute function doorstep_test_refuse_meter();`);
    try {
      const { status, report } = await importFile(tenant, 'premises', file);
      expect(status).toBe(422);
      expect(report.errors.map((e) => e.code)).toEqual(['conflict']);
      expect(await snapshot(tenant.id)).toBe('');
    } finally {
      await ctx.database.execScript('drop trigger doorstep_test_refuse_meter on meters; drop function doorstep_test_refuse_meter();');
    }
    // The same file without the failure writes all of it: the refusal above was the trigger's.
    const { status, report } = await importFile(tenant, 'premises', file);
    expect(status).toBe(200);
    expect(report.details.buildings!.created).toBe(1);
    expect(report.details.meters!.created).toBe(2);
  });

  test('stable codes per column: required, unknown meter, duplicates, periods, falling values, conflicts', async () => {
    const readings = [
      'meter_ref,period,value',
      ',2026-01,1', // 2 required
      'M-NOPE,2026-01,1', // 3 unknown_meter
      'M-70001,2026-13,1', // 4 invalid_period
      'M-70001,2031-01,1', // 5 period_in_future
      'M-70001,2026-05,1.000', // 6 value_below_previous (April is 16.000)
      'M-70002,2026-05,9',
      'M-70002,2026-05,9', // 8 duplicate_in_file
      'M-70001,2026-01,99', // 9 value_above_next (February is 12.345)
    ].join('\n');
    const { status, report } = await importFile(ogre, 'readings', readings);
    expect(status).toBe(422);
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'meter_ref', 'required'],
      [3, 'meter_ref', 'unknown_meter'],
      [4, 'period', 'invalid_period'],
      [5, 'period', 'period_in_future'],
      [6, 'value', 'value_below_previous'],
      [8, 'period', 'duplicate_in_file'],
      [9, 'value', 'value_above_next'],
    ]);

    const premises = [
      'building_ref,building_address,premise_ref,premise_label,account_number,meter_ref,meter_kind,meter_serial',
      'B-001,Rīgas iela 21,P-X1,X 1,20105,M-X1,cold_water,1', // 2 account_number_taken (P-001-5 has it)
      'B-001,Other street,P-X2,X 2,50002,M-X1,steam,2', // 3 conflicting address, duplicate meter, invalid kind
    ].join('\n');
    const second = await importFile(ogre, 'premises', premises);
    expect(second.status).toBe(422);
    expect(second.report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'account_number', 'account_number_taken'],
      [3, 'meter_kind', 'invalid_value'],
    ]);
  });

  test('rows are the file’s lines: a cell with a line break spans two, an empty line counts, an open quote is a malformed row', async () => {
    const file = 'meter_ref,period,value\nM-NOPE,2026-04,1\n\n"M-A\nB",2026-04,1\nM-NOPE2,2026-04,1\nM-70001,"2026-04,1\n';
    const { status, report } = await importFile(ogre, 'readings', file);
    expect(status).toBe(422);
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'meter_ref', 'unknown_meter'],
      [4, 'meter_ref', 'invalid_ref'],
      [6, 'meter_ref', 'unknown_meter'],
      [7, '', 'malformed_row'],
    ]);
  });

  test('a header without a needed column, or with an unknown one, is refused at line 1', async () => {
    const { status, report } = await importFile(ogre, 'readings', 'meter_ref,period,valeu\nM-70001,2026-04,16\n');
    expect(status).toBe(422);
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'valeu', 'unknown_column'],
      [1, 'value', 'missing_column'],
    ]);
    expect((await importFile(ogre, 'readings', '')).report.errors.map((e) => e.code)).toEqual(['empty_file']);
  });

  test('an unknown kind is 400, the wrong media type 415, a file past the limit 413', async () => {
    const kind = await adminRequest(ctx, ogre, ogre.key, 'POST', '/imports/tenants', 'a\n', csv);
    expect(kind.status).toBe(400);
    const wrong = await adminRequest(ctx, ogre, ogre.key, 'POST', '/imports/readings', 'meter_ref,period,value\n', { 'content-type': 'text/plain' });
    expect(wrong.status).toBe(415);
    const huge = await adminRequest(ctx, ogre, ogre.key, 'POST', '/imports/readings', 'x', { 'content-type': 'text/csv', 'content-length': String(300 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

describe('dry run and isolation', () => {
  test('dryRun=true reports what would happen and writes nothing', async () => {
    const before = await snapshot(ogre.id);
    const file = 'building_ref,building_address,premise_ref,premise_label,account_number\nB-DRY,Sausā iela 1,P-DRY,Sausā iela 1-1,60001\nB-001,Rīgas iela 21a,P-001-6,Rīgas iela 21-6,20106\n';
    const { status, report } = await importFile(ogre, 'premises', file, csv, true);
    expect(status).toBe(200);
    expect(report).toMatchObject({ dryRun: true, created: 2, updated: 2 });
    expect(await snapshot(ogre.id)).toBe(before);
  });

  test('another tenant’s references are its own: the same file creates everything anew there and leaves ours alone', async () => {
    const before = await snapshot(ogre.id);
    const { report } = await importFile(ludza, 'premises', example('premises.csv'));
    expect(report).toMatchObject({ created: 11, updated: 0 });
    const unknown = await importFile(ludza, 'readings', 'meter_ref,period,value\nM-70009,2026-01,1\n');
    expect(unknown.report.errors.map((e) => e.code)).toEqual(['unknown_meter']);
    expect(await snapshot(ogre.id)).toBe(before);
  });
});

describe('junk', () => {
  test('no file of junk ever answers a 5xx, and a refused one writes nothing', async () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('', '12,5', '-1', '2026-13', '2026-01', 'M-70001', 'P-001-5', '"', ';', '\n', '1e9', '99999999999999', 'a\u0000b'));
    const row = fc.tuple(fc.array(cell, { maxLength: 6 }), fc.constantFrom(',', ';')).map(([cells, delimiter]) => cells.join(delimiter));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('premises', 'readings', 'invoices'), fc.boolean(), fc.boolean(), fc.array(row, { maxLength: 6 }), async (kind, json, dryRun, rows) => {
        const header = kind === 'readings' ? 'meter_ref,period,value,submitted_at' : kind === 'invoices' ? 'invoice_number,premise_ref,period' : 'building_ref,premise_ref,account_number';
        const body = json ? rows.map((r) => (r.startsWith('{') ? r : JSON.stringify({ meterRef: r, period: r, value: r }))).join('\n') : [header, ...rows].join('\n');
        const before = await snapshot(ludza.id);
        const response = await adminRequest(ctx, ludza, ludza.key, 'POST', `/imports/${kind}?dryRun=${dryRun}`, body, json ? ndjson : csv);
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200 || dryRun) expect(await snapshot(ludza.id)).toBe(before);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
