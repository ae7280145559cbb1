/**
 * The month's readings for the manager: who has not submitted, and the export. The CSV and the
 * NDJSON parse back (csv-parse) to exactly the current readings in the database, with consumption
 * counted here independently; incremental pulls (`since`) hand each reading out exactly once,
 * also when transactions commit out of order (Postgres); another tenant's readings never appear.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registryRows } from './support/registry-rows.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { testDatabaseKind } from './support/database.ts';
import { call, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';
// After the app's modules (test-app.ts), which set up zod's OpenAPI extension that the routes need.
import { copyExportCsv, exportQuery, tuneExportQuery } from '../../server/admin/readings/readings-export.repository.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;

const COLUMNS = ['meterRef', 'meterSerial', 'premiseRef', 'accountNumber', 'period', 'value', 'consumption', 'submittedAt', 'source', 'submittedBy', 'version'];
type Row = Record<string, string | number | null>;

const { ids, building, premise, meter, reading } = registryRows(() => ctx.database);

/** `value` (numeric text) with the meter's decimals, e.g. ('12.500000', 3) → '12.500'. */
function fixed(micro: bigint, decimals: number): string {
  const negative = micro < 0n;
  const digits = (negative ? -micro : micro).toString().padStart(7, '0');
  const whole = digits.slice(0, -6);
  const fraction = digits.slice(-6, -6 + decimals || undefined).slice(0, decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}
const micro = (text: string) => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
};

/** What the export must say, worked out here from the tables: the tenant's current readings. */
async function expected(tenantId: string, filter: (row: { period: string }) => boolean = () => true): Promise<Row[]> {
  const rows = await ctx.database.db
    .selectFrom('readings as r')
    .innerJoin('meters as m', 'm.id', 'r.meter_id')
    .innerJoin('premises as p', 'p.id', 'm.premise_id')
    .leftJoin('users as u', 'u.id', 'r.submitted_by')
    .select([
      'r.meter_id',
      'r.period',
      'r.value',
      'r.version',
      'r.source',
      'r.submitted_at',
      'u.email',
      'm.external_ref as meter_ref',
      'm.serial_number',
      'm.decimals',
      'm.installed_at',
      'm.initial_value',
      'p.external_ref as premise_ref',
      'p.account_number',
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('r.is_current', '=', true)
    .execute();
  return rows.filter(filter).map((r) => {
    const before = rows.filter((o) => o.meter_id === r.meter_id && o.period < r.period).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
    const base = before ? micro(String(before.value)) : r.installed_at ? micro(String(r.initial_value)) : null;
    return {
      meterRef: r.meter_ref,
      meterSerial: r.serial_number,
      premiseRef: r.premise_ref,
      accountNumber: r.account_number,
      period: r.period,
      value: fixed(micro(String(r.value)), r.decimals),
      consumption: base === null ? null : fixed(micro(String(r.value)) - base, r.decimals),
      submittedAt: new Date(r.submitted_at).toISOString(),
      source: r.source,
      submittedBy: r.email,
      version: r.version,
    };
  });
}

const sorted = (rows: Row[]) => [...rows].sort((a, b) => `${a.meterRef}|${a.period}`.localeCompare(`${b.meterRef}|${b.period}`));
/** As CSV cells: nulls are empty, numbers are text. */
const asCells = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));

async function exportOf(tenant: AdminTenant, query: string, headers: Record<string, string> = {}) {
  const response = await adminRequest(ctx, tenant, tenant.key, 'GET', `/readings/export?${query}`, undefined, headers);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: new TextDecoder().decode(bytes), cursor: response.headers.get('doorstep-next-cursor') };
}
const csvRows = (text: string, delimiter = ',') => parse(text, { columns: true, bom: true, delimiter, skip_empty_lines: true }) as Record<string, string>[];
const ndjsonRows = (text: string) => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Row);

beforeAll(async () => {
  ctx = await createTestApp({}, '2026-05-30T10:00:00Z');
  ogre = await createAdminTenant(ctx, 'ogre', { timeZone: 'Europe/Riga' });
  ludza = await createAdminTenant(ctx, 'ludza', { timeZone: 'Europe/Riga' });
  const t = ogre.id;
  await building(t, 'B-1');
  await building(t, 'B-2');
  await premise(t, 'B-1', 'P-1', '101');
  await premise(t, 'B-1', 'P-2', '102');
  await premise(t, 'B-2', 'P-3', '203');
  await premise(t, 'B-2', 'P-4', '204');
  await meter(t, 'P-1', 'M-1a', 'cold_water');
  await meter(t, 'P-1', 'M-1b', 'hot_water', { location: 'Virtuve' });
  await meter(t, 'P-2', 'M-2', 'heat', { decimals: 2, installed_at: '2026-01-10', initial_value: '5.5' });
  await meter(t, 'P-2', 'M-2old', 'cold_water', { removed_at: '2026-02-01' });
  await meter(t, 'P-3', 'M-3', 'cold_water');
  await meter(t, 'P-3', 'M-3new', 'hot_water', { installed_at: '2026-06-10' });
  await meter(t, 'P-4', 'M-4', 'cold_water');
  await reading(t, 'M-1a', '2026-03', '100.25');
  await reading(t, 'M-1a', '2026-04', '104.5');
  await reading(t, 'M-1a', '2026-05', '107', { version: 1, is_current: false });
  await reading(t, 'M-1a', '2026-05', '108.125', { version: 2, source: 'manager' });
  await reading(t, 'M-1b', '2026-04', '50');
  // June skipped: July's consumption counts from May.
  await reading(t, 'M-1a', '2026-07', '110');
  await reading(t, 'M-2', '2026-05', '7.25');
  await reading(t, 'M-2old', '2026-01', '9');
  await reading(t, 'M-4', '2026-04', '20');
  // Ludza: its own buildings, premises and readings, with refs that look alike.
  await building(ludza.id, 'L-1');
  await premise(ludza.id, 'L-1', 'LP-1', '101');
  await meter(ludza.id, 'LP-1', 'LM-1', 'cold_water');
  await reading(ludza.id, 'LM-1', '2026-04', '1');
  await reading(ludza.id, 'LM-1', '2026-05', '2');

  // A resident submits M-4's May reading inside the window: submitted by her email.
  const anna = await createUser(ctx.database, t, 'anna@example.lv');
  await grant(ctx.database, t, anna.id, ids['P-4']!, 'owner');
  const { accessToken } = await login(ctx, 'ogre', 'anna@example.lv');
  const submitted = await call(ctx, 'POST', `/v1/ogre/premises/${ids['P-4']}/meters/${ids['M-4']}/readings`, { token: accessToken, body: { value: '23,4' } });
  expect(submitted.status).toBe(201);
});
afterAll(() => ctx.close());

describe('who has not submitted', () => {
  const missing = async (query: string, tenant = ogre) => {
    const response = await adminRequest(ctx, tenant, tenant.key, 'GET', `/readings/missing?${query}`);
    return { status: response.status, body: (await response.json()) as { items: Record<string, any>[]; nextCursor: string | null; error?: { code: string } } };
  };

  test('lists premises with meters that owe the period, and only those meters', async () => {
    const { status, body } = await missing('period=2026-05');
    expect(status).toBe(200);
    expect(body.items.map((p) => [p.externalRef, p.building, p.accountNumber, p.meters.map((m: { externalRef: string }) => m.externalRef)]).sort()).toEqual([
      ['P-1', 'B-1', '101', ['M-1b']],
      // M-3new was installed after May: it owes June, not May.
      ['P-3', 'B-2', '203', ['M-3']],
    ]);
    expect(body.items.find((p) => p.externalRef === 'P-1')).toEqual({
      externalRef: 'P-1',
      label: 'Dzīvoklis 101',
      accountNumber: '101',
      building: 'B-1',
      meters: [{ externalRef: 'M-1b', serialNumber: 'SN-M-1b', kind: 'hot_water', location: 'Virtuve' }],
    });
    expect(body.nextCursor).toBeNull();
    const june = await missing('period=2026-06');
    expect(june.body.items.find((p) => p.externalRef === 'P-3')!.meters.map((m: { externalRef: string }) => m.externalRef).sort()).toEqual(['M-3', 'M-3new']);
    // Removed in February, M-2old owes nothing after January.
    expect(JSON.stringify(june.body)).not.toContain('M-2old');
  });

  test('pages through every premise once, and narrows to one building', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof missing>> = await missing(`period=2026-05&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((p) => p.externalRef as string));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['P-1', 'P-3']);
    expect((await missing('period=2026-05&building=B-2')).body.items.map((p) => p.externalRef)).toEqual(['P-3']);
  });

  test("bad input is 400, another tenant's building 404, and Ludza sees only its own", async () => {
    for (const query of ['', 'period=2026-5', 'period=2026-05&limit=0', 'period=2026-05&limit=100000', 'period=2026-05&cursor=nope', 'period=2026-05&building=a%20b']) {
      const { status, body } = await missing(query);
      expect({ query, status, code: body.error?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
    expect((await missing('period=2026-05&building=L-1')).status).toBe(404);
    const theirs = await missing('period=2026-06', ludza);
    expect(theirs.body.items.map((p) => p.externalRef)).toEqual(['LP-1']);
  });
});

describe('export of a period', () => {
  test('the CSV parses back to exactly the current readings of the period', async () => {
    const { status, headers, text, cursor } = await exportOf(ogre, 'period=2026-05&format=csv');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="readings-2026-05.csv"');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.split('\r\n')[0]).toBe(COLUMNS.join(','));
    const want = await expected(ogre.id, (r) => r.period === '2026-05');
    expect(want.length).toBe(3);
    expect(sorted(csvRows(text))).toEqual(sorted(asCells(want)));
    // Spot checks of the figures worked out above: a correction, a first reading after the
    // installation, a resident's submission.
    expect(want.find((r) => r.meterRef === 'M-1a')).toMatchObject({ value: '108.125', consumption: '3.625', version: 2, source: 'manager' });
    expect(want.find((r) => r.meterRef === 'M-2')).toMatchObject({ value: '7.25', consumption: '1.75' });
    expect(want.find((r) => r.meterRef === 'M-4')).toMatchObject({ value: '23.400', consumption: '3.400', source: 'resident', submittedBy: 'anna@example.lv' });
  });

  test('consumption counts from the latest earlier reading when a month was skipped', async () => {
    const want = await expected(ogre.id, (r) => r.period === '2026-07');
    expect(want).toMatchObject([{ meterRef: 'M-1a', value: '110.000', consumption: '1.875' }]);
    expect(csvRows((await exportOf(ogre, 'period=2026-07')).text)).toEqual(asCells(want));
  });

  test('NDJSON, asked by format or by Accept, carries the same rows with nulls and numbers', async () => {
    const want = sorted(await expected(ogre.id, (r) => r.period === '2026-05'));
    const byFormat = await exportOf(ogre, 'period=2026-05&format=ndjson');
    expect(byFormat.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(sorted(ndjsonRows(byFormat.text))).toEqual(want);
    expect(byFormat.text.endsWith('\n')).toBe(true);
    const byAccept = await exportOf(ogre, 'period=2026-05', { accept: 'application/x-ndjson' });
    expect(sorted(ndjsonRows(byAccept.text))).toEqual(want);
    expect(Object.keys(ndjsonRows(byAccept.text)[0]!)).toEqual(COLUMNS);
  });

  test('Latvian Excel: semicolons and a BOM', async () => {
    const { bytes, text } = await exportOf(ogre, 'period=2026-05&delimiter=semicolon&bom=1');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(COLUMNS.join(';'));
    expect(sorted(csvRows(text, ';'))).toEqual(sorted(asCells(await expected(ogre.id, (r) => r.period === '2026-05'))));
  });

  test('a period without readings is a header (CSV) or nothing (NDJSON)', async () => {
    expect((await exportOf(ogre, 'period=2024-01')).text).toBe(`${COLUMNS.join(',')}\r\n`);
    expect((await exportOf(ogre, 'period=2024-01&format=ndjson')).text).toBe('');
  });

  test("another tenant's export holds only its own readings", async () => {
    const theirs = csvRows((await exportOf(ludza, 'period=2026-05')).text);
    expect(theirs.map((r) => r.meterRef)).toEqual(['LM-1']);
    const ours = (await exportOf(ogre, 'since=0')).text;
    expect(ours).not.toContain('LM-1');
    expect(ours).not.toContain('LP-1');
  });

  test('bad input is a 400 with a stable code', async () => {
    const cases: [string, Record<string, string>][] = [
      ['', { period: 'required_without_since' }],
      ['format=csv', { period: 'required_without_since' }],
      ['period=2026-13', { period: 'invalid_format' }],
      ['period=2026-05&format=xml', {}],
      ['period=2026-05&delimiter=tab', {}],
      ['period=2026-05&bom=2', {}],
      ['since=garbage', { since: 'invalid_cursor' }],
      [`since=${'A'.repeat(9000)}`, {}],
      [`since=${btoa('s1:5:4:').replace(/=+$/, '')}`, { since: 'invalid_cursor' }],
    ];
    for (const [query, fields] of cases) {
      const { status, text } = await exportOf(ogre, query);
      const { error } = JSON.parse(text) as { error: { code: string; fields: Record<string, string> } };
      expect({ query: query.slice(0, 40), status, code: error.code }).toEqual({ query: query.slice(0, 40), status: 400, code: 'validation_failed' });
      expect(error.fields).toMatchObject(fields);
    }
  });
});

describe('incremental export (since)', () => {
  test('two pulls with submissions in between hand out each reading exactly once', async () => {
    const first = await exportOf(ogre, 'since=0&format=ndjson');
    expect(first.status).toBe(200);
    expect(sorted(ndjsonRows(first.text))).toEqual(sorted(await expected(ogre.id)));

    // June's window: Anna submits and corrects; an import changes an old value in place.
    ctx.clock.set('2026-06-29T10:00:00Z');
    const { accessToken } = await login(ctx, 'ogre', 'anna@example.lv');
    const url = `/v1/ogre/premises/${ids['P-4']}/meters/${ids['M-4']}/readings`;
    expect((await call(ctx, 'POST', url, { token: accessToken, body: { value: '25' } })).status).toBe(201);
    expect((await call(ctx, 'POST', url, { token: accessToken, body: { value: '25.5' } })).status).toBe(201);
    await ctx.database.db.updateTable('readings').set({ value: '100.5' }).where('meter_id', '=', ids['M-1a']!).where('period', '=', '2026-03').execute();

    const second = await exportOf(ogre, `since=${first.cursor}&format=ndjson`);
    expect(second.status).toBe(200);
    const pulled = ndjsonRows(second.text);
    expect(sorted(pulled).map((r) => [r.meterRef, r.period, r.value, r.version])).toEqual([
      ['M-1a', '2026-03', '100.500', 1],
      // Only the version in force: the one it corrected was never current at a pull.
      ['M-4', '2026-06', '25.500', 2],
    ]);
    const all = await expected(ogre.id);
    expect(sorted(pulled)).toEqual(sorted(all.filter((r) => (r.meterRef === 'M-4' && r.period === '2026-06') || (r.meterRef === 'M-1a' && r.period === '2026-03'))));

    // Nothing new: nothing again. The same cursor with a period narrows what it hands out.
    expect(ndjsonRows((await exportOf(ogre, `since=${second.cursor}&format=ndjson`)).text)).toEqual([]);
    expect(ndjsonRows((await exportOf(ogre, `since=${first.cursor}&period=2026-06&format=ndjson`)).text).map((r) => r.meterRef)).toEqual(['M-4']);
    // Ogre's cursor at Ludza hands out only Ludza's rows.
    expect(ndjsonRows((await exportOf(ludza, `since=${first.cursor}&format=ndjson`)).text)).toEqual([]);
  });

  test.skipIf(testDatabaseKind() === 'pglite')('a transaction that commits after a later one is still handed out, once (Postgres)', async () => {
    const start = await exportOf(ogre, 'since=0&format=ndjson');
    let during: Awaited<ReturnType<typeof exportOf>> | undefined;
    await ctx.database.db.transaction().execute(async (early) => {
      // A takes its transaction id first, and commits last.
      await sql`insert into readings (tenant_id, meter_id, period, value, source, submitted_at) values (${ogre.id}, ${ids['M-3']!}, '2026-06', '1', 'import', now())`.execute(early);
      // B comes later and commits at once.
      await reading(ogre.id, 'M-1b', '2026-06', '55');
      during = await exportOf(ogre, `since=${start.cursor}&format=ndjson`);
    });
    expect(ndjsonRows(during!.text).map((r) => r.meterRef)).toEqual(['M-1b']);
    const after = await exportOf(ogre, `since=${during!.cursor}&format=ndjson`);
    expect(ndjsonRows(after.text).map((r) => r.meterRef)).toEqual(['M-3']);
  });

  test('the server answers other requests after an export, and a client that stops reading frees it', async () => {
    const response = await adminRequest(ctx, ogre, ogre.key, 'GET', '/readings/export?since=0');
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const next = await adminRequest(ctx, ogre, ogre.key, 'GET', '/reading-windows?period=2026-05');
    expect(next.status).toBe(200);
  });
});

describe('export in parallel (Postgres)', () => {
  test.skipIf(testDatabaseKind() === 'pglite')("with a parallel worker the COPY still gives exactly the period's readings, under row-level security", async () => {
    // No plan under the policy goes parallel unless its function is PARALLEL SAFE (migration 0093).
    const { rows: safety } = await sql<{ proparallel: string }>`select proparallel from pg_proc where proname = 'current_tenant_id'`.execute(ctx.database.db);
    expect(safety.map((r) => r.proparallel)).toEqual(['s']);
    const filter = { tenantId: ogre.id, period: '2026-05' };
    const { plan, bytes } = await ctx.database.withTenant(
      ogre.id,
      async (trx) => {
        await tuneExportQuery(trx);
        // These tables are tiny: make a worker worth starting anyway, and plan them as a million
        // rows would be (scans and hash joins, not index lookups in nested loops).
        await sql
          .raw(
            'set local parallel_setup_cost = 0;\nset local min_parallel_table_scan_size = 0;\n' +
              'set local enable_indexscan = off;\nset local enable_bitmapscan = off;\nset local enable_nestloop = off',
          )
          .execute(trx);
        const copy = await copyExportCsv(ctx.database, trx, filter, { format: 'csv', delimiter: ',' });
        const chunks: Buffer[] = [];
        for await (const chunk of copy!.rows) chunks.push(chunk as Buffer);
        // The same query planned with the settings the COPY ran with.
        const { rows } = await sql.raw(`explain (format json) ${exportQuery(filter)}`).execute(trx);
        return { plan: JSON.stringify(rows), bytes: Buffer.concat(chunks) };
      },
      { isolation: 'repeatable read', readOnly: true },
    );
    expect(plan).toMatch(/"Workers Planned\\?":\s*1/);
    const rows = parse(bytes.toString('utf8'), { columns: COLUMNS }) as Row[];
    expect(sorted(rows)).toEqual(sorted(asCells(await expected(ogre.id, (r) => r.period === '2026-05'))));
  });
});

describe('quoting', () => {
  test('refs and serial numbers with commas, semicolons, quotes and line breaks come back intact from either delimiter', async () => {
    const quoted = await createAdminTenant(ctx, 'quoted', { timeZone: 'Europe/Riga' });
    const t = quoted.id;
    await building(t, 'Q-B');
    await premise(t, 'Q-B', 'Q;P', '7,1');
    await meter(t, 'Q;P', 'Q,M', 'cold_water', { serial_number: 'SN "A"\r\nB' });
    await reading(t, 'Q,M', '2026-05', '3');
    await meter(t, 'Q;P', 'Q-plain', 'hot_water');
    await reading(t, 'Q-plain', '2026-05', '4');
    for (const [delimiter, query] of [[',', 'period=2026-05'], [';', 'period=2026-05&delimiter=semicolon']] as const) {
      const rows = csvRows((await exportOf(quoted, query)).text, delimiter);
      expect(sorted(rows as Row[]).map((r) => [r.meterRef, r.meterSerial, r.premiseRef, r.accountNumber])).toEqual([
        ['Q-plain', 'SN-Q-plain', 'Q;P', '7,1'],
        ['Q,M', 'SN "A"\r\nB', 'Q;P', '7,1'],
      ]);
    }
  });
});
