/**
 * "A new manager in ten minutes" (README), done exactly as written: the built server started as
 * `npm start` starts it (demo mode, an embedded database in its own data folder), and every step
 * through the `doorstep` command (server/bin/doorstep.mjs) as a separate process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addDays, daysInMonth, formatDate, localDate, startOfDay } from '../../server/readings/civil-time.ts';
import { startServer, type RunningServer } from './support/server.ts';

const run = promisify(execFile);
let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'doorstep-onboarding-'));
  server = await startServer('node', { DOORSTEP_DATA_DIR: dataDir, DOORSTEP_SEED: 'none' });
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function doorstep(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['server/bin/doorstep.mjs', ...args], {
      env: { ...process.env, DOORSTEP_API: server.url, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

test('an operator and a manager go live with the CLI alone', async () => {
  // 1. The demo start wrote the operator token into the data folder.
  const operatorToken = (await readFile(join(dataDir, 'operator-token'), 'utf8')).trim();
  expect(operatorToken.length).toBeGreaterThanOrEqual(32);

  // 2. The tenant, and its first key printed once as shell exports.
  const created = await doorstep([
    'tenant', 'create', 'ogre', '--name', 'Ogres Namsaimnieks', '--origin', 'https://www.ogresnamsaimnieks.lv',
    '--time-zone', 'Europe/Riga', '--window-rule', '{"kind":"month_end","lastDays":2,"nextMonthDays":1}', '--operator-token', operatorToken,
  ]);
  expect(created.status, created.stderr).toBe(0);
  const firstKey = /DOORSTEP_API_KEY=(dsk_\S+)/.exec(created.stdout)?.[1];
  expect(firstKey).toBeDefined();
  const manager = { DOORSTEP_TENANT: 'ogre', DOORSTEP_API_KEY: firstKey! };

  // 3. A key for the billing system; the first key is rotated away.
  const made = JSON.parse((await doorstep(['--json', 'key', 'create', '--name', 'Billing system', '--scope', 'read', 'write'], manager)).stdout) as { secret: string };
  const billing = { DOORSTEP_TENANT: 'ogre', DOORSTEP_API_KEY: made.secret };
  const keys = JSON.parse((await doorstep(['--json', 'key', 'list'], billing)).stdout) as { id: string; name: string }[];
  const first = keys.find((k) => k.name === 'First key')!;
  expect((await doorstep(['key', 'revoke', first.id], billing)).status).toBe(0);
  expect((await doorstep(['key', 'list'], manager)).status).toBe(1);

  // 4. The example files: a dry run writes nothing, the import is all there, again changes nothing.
  const dry = await doorstep(['--json', 'import', 'premises', 'docs/examples/premises.csv', '--dry-run'], billing);
  expect(dry.status, dry.stderr + dry.stdout).toBe(0);
  const dryReport = JSON.parse(dry.stdout) as { rows: number; created: number; dryRun: boolean };
  expect(dryReport).toMatchObject({ dryRun: true });
  expect(dryReport.rows).toBeGreaterThan(0);
  const imported = JSON.parse((await doorstep(['--json', 'import', 'premises', 'docs/examples/premises.csv'], billing)).stdout) as { created: number; rows: number };
  expect(imported.created).toBeGreaterThan(0);
  const again = JSON.parse((await doorstep(['--json', 'import', 'premises', 'docs/examples/premises.csv'], billing)).stdout) as { created: number; updated: number; unchanged: number };
  expect(again).toMatchObject({ created: 0, updated: 0 });
  const readings = await doorstep(['--json', 'import', 'readings', 'docs/examples/readings.csv'], billing);
  expect(readings.status, readings.stdout).toBe(0);
  const invoices = await doorstep(['--json', 'import', 'invoices', 'docs/examples/invoices.csv'], billing);
  expect(invoices.status, invoices.stdout).toBe(0);

  // 6. This month's window moved to the end of the 5th of the next month, in Riga's time.
  const today = localDate(new Date(), 'Europe/Riga');
  const period = `${today.year}-${String(today.month).padStart(2, '0')}`;
  const until = addDays({ year: today.year, month: today.month, day: daysInMonth(today.year, today.month) }, 5);
  const moved = await doorstep(['--json', 'window', 'extend', '--period', period, '--until', formatDate(until)], billing);
  expect(moved.status, moved.stderr).toBe(0);
  expect((JSON.parse(moved.stdout) as { window: { closesAt: string } }).window.closesAt).toBe(startOfDay(addDays(until, 1), 'Europe/Riga').toISOString());

  // 7. The period's readings come back out as the CSV the billing system reads.
  const file = join(dataDir, 'readings-2026-03.csv');
  const exported = await doorstep(['export', 'readings', '--period', '2026-03', '-o', file], billing);
  expect(exported.status, exported.stderr).toBe(0);
  const rows = parse(await readFile(file, 'utf8'), { columns: true, bom: true, delimiter: [',', ';'] }) as Record<string, string>[];
  const source = parse(await readFile('docs/examples/readings.csv', 'utf8'), { columns: true, bom: true, delimiter: ';' }) as Record<string, string>[];
  expect(rows.length).toBe(source.filter((r) => r.period === '2026-03').length);
}, 240_000);
