/**
 * An import's words in Latvian, English and Russian: the row errors' messages, the one-line
 * summary and the 422 message follow Accept-Language (a region ignored, q-values honoured), else
 * the tenant's default language; the codes stay the same in every language. The CLI's `--lang`
 * sends the header and prints the summary and its table in that language. Every code that
 * docs/import.md lists has its own message in all three languages.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IMPORT_TEXTS } from '../../server/admin/imports/import-texts.ts';
import { runCli } from '../../server/cli/cli.ts';
import type { Output } from '../../server/cli/output.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let latvian: AdminTenant;
let english: AdminTenant;
let server: ServerType;
let api: string;
let dir: string;

interface Report {
  language: string;
  summary: string;
  errors: Array<{ row: number; column: string; code: string; message: string }>;
}

const BAD_FILE = 'meter_ref,period,value\nM-1,2026-13,1\nM-1,2026-02,abc\n';

async function importBad(tenant: AdminTenant, acceptLanguage?: string, body = BAD_FILE) {
  const headers: Record<string, string> = { 'content-type': 'text/csv', ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) };
  const response = await adminRequest(ctx, tenant, tenant.key, 'POST', '/imports/readings', body, headers);
  const json = (await response.json()) as { error?: { code: string; message: string }; report?: Report } & Report;
  return { status: response.status, report: json.report ?? json, error: json.error };
}

beforeAll(async () => {
  ctx = await createTestApp();
  latvian = await createAdminTenant(ctx, 'lang-lv');
  english = await createAdminTenant(ctx, 'lang-en', { defaultLanguage: 'en' });
  server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'doorstep-import-lang-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the API', () => {
  test('Latvian: the messages, the summary and the refusal', async () => {
    const { status, report, error } = await importBad(latvian, 'lv');
    expect(status).toBe(422);
    expect(report.language).toBe('lv');
    expect(report.errors).toEqual([
      { row: 2, column: 'period', code: 'invalid_period', message: 'Nav periods (GGGG-MM).' },
      { row: 3, column: 'value', code: 'invalid_decimal', message: 'Nav skaitlis (pirms decimāldaļas punkts vai komats) vai ir par daudz zīmju aiz komata.' },
    ]);
    expect(report.summary).toBe('Noraidīts, nekas netika ierakstīts. Rindas: 2; izveidoti: 0, mainīti: 0, nemainīti: 0; kļūdas: 2.');
    expect(error).toEqual({ code: 'import_rejected', message: 'Kļūdas failā: 2. Nekas netika importēts.' });
  });

  test('Russian, named with a region and after a language we do not have', async () => {
    const { report, error } = await importBad(latvian, 'de-DE, ru-RU;q=0.9, en;q=0.8');
    expect(report.language).toBe('ru');
    expect(report.errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid_period', 'Не период (ГГГГ-ММ).'],
      ['invalid_decimal', 'Не число (перед дробной частью точка или запятая) или слишком много знаков после запятой.'],
    ]);
    expect(report.summary).toBe('Отклонено, ничего не записано. Строк: 2; создано: 0, изменено: 0, без изменений: 0; ошибок: 2.');
    expect(error?.message).toBe('Ошибок в файле: 2. Ничего не импортировано.');
  });

  test('q-values decide: English above Russian', async () => {
    const { report } = await importBad(latvian, 'ru;q=0.3, en-GB;q=0.7');
    expect(report.language).toBe('en');
    expect(report.errors[0]!.message).toBe('Not a period (YYYY-MM).');
  });

  test('no header, or none of ours: the tenant’s default language', async () => {
    expect((await importBad(latvian)).report.language).toBe('lv');
    expect((await importBad(english)).report.language).toBe('en');
    expect((await importBad(english, 'de, fr;q=0.5')).report.language).toBe('en');
  });

  test('a dry run that goes through says so in the language', async () => {
    const file = 'building_ref,building_address,premise_ref,premise_label,account_number\nB-1,Brīvības iela 1,P-1,Brīvības iela 1-1,1001\n';
    const response = await adminRequest(ctx, latvian, latvian.key, 'POST', '/imports/premises?dryRun=true', file, { 'content-type': 'text/csv', 'accept-language': 'ru' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.summary).toBe('Проверено (пробный запуск), ничего не записано. Строк: 1; создано: 2, изменено: 0, без изменений: 0; ошибок: 0.');
  });
});

describe('the CLI', () => {
  async function doorstep(args: string[], tenant: AdminTenant) {
    let stdout = '';
    let stderr = '';
    const output: Output = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), interactive: false };
    const status = await runCli(['--api', api, ...args], { DOORSTEP_TENANT: tenant.slug, DOORSTEP_API_KEY: tenant.key }, output);
    return { status, stdout, stderr };
  }

  test('--lang ru: the summary, the table’s headings and messages in Russian; the codes as they are', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, BAD_FILE);
    const { status, stdout } = await doorstep(['--lang', 'ru', 'import', 'readings', file], latvian);
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Отклонено, ничего не записано. Строк: 2; создано: 0, изменено: 0, без изменений: 0; ошибок: 2.');
    expect(lines[1]).toMatch(/^строка\s+столбец\s+код\s+сообщение$/);
    expect(stdout).toContain('invalid_period');
    expect(stdout).toContain('Не период (ГГГГ-ММ).');
  });

  test('without --lang: the tenant’s language (Latvian); a wrong --lang is a usage error', async () => {
    const file = join(dir, 'bad-lv.csv');
    await writeFile(file, BAD_FILE);
    const { stdout } = await doorstep(['import', 'readings', file], latvian);
    expect(stdout.split('\n')[0]).toBe('Noraidīts, nekas netika ierakstīts. Rindas: 2; izveidoti: 0, mainīti: 0, nemainīti: 0; kļūdas: 2.');
    expect(stdout).toMatch(/^rinda\s+kolonna\s+kods\s+paziņojums$/m);
    expect((await doorstep(['--lang', 'de', 'import', 'readings', file], latvian)).status).toBe(2);
  });
});

describe('the texts', () => {
  const errorCodes = readFileSync('docs/import.md', 'utf8').split('## Error codes')[1]!.split('\n## ')[0]!;
  const documented = [...errorCodes.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]!);

  test('every code of docs/import.md has a message of its own in lv, en and ru', () => {
    expect(documented.length).toBeGreaterThan(25);
    for (const code of documented) {
      const [lv, en, ru] = (['lv', 'en', 'ru'] as const).map((language) => IMPORT_TEXTS[language].messages[code]);
      expect(en, code).toBeTruthy();
      expect(lv, code).toBeTruthy();
      expect(ru, code).toBeTruthy();
      expect(lv, code).not.toBe(en);
      expect(ru, code).not.toBe(en);
      expect(ru, code).toMatch(/[а-я]/);
    }
  });

  test('the three tables know the same codes', () => {
    const codes = Object.keys(IMPORT_TEXTS.en.messages).sort();
    expect(Object.keys(IMPORT_TEXTS.lv.messages).sort()).toEqual(codes);
    expect(Object.keys(IMPORT_TEXTS.ru.messages).sort()).toEqual(codes);
    expect(codes).toEqual([...new Set(documented)].sort());
  });
});
