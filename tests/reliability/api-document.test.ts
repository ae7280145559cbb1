/**
 * The contract holds: the document at /openapi.json is one a manager's developer can generate a
 * client from. `redocly lint` (recommended rules, redocly.yaml) passes on it with no error and no
 * warning, and the structural promises are checked here too, independently of the linter: every
 * path template declared, every operation with an operationId (unique) and a tag, `security`
 * stated everywhere (and `[]` exactly on the operations that need no caller), `servers`, and no
 * nullable `$ref` rendered as an `allOf` that no `null` can satisfy.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { operationIdFor } from '../../server/http/api-document.ts';
import { buildWorld, fixtureFor } from './support/callers.ts';
import { loadDocument, operationsOf, parametersOf } from './support/operations.ts';

const world = await buildWorld();
afterAll(() => world.fx.ctx.close());
const doc = await loadDocument(world.fx.ctx.app);
const operations = operationsOf(doc);

test('redocly lint (recommended rules) passes with no error and no warning', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doorstep-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc, null, 2));
    const run = await promisify(execFile)(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', '--config', 'redocly.yaml', '--format', 'json', file], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 32 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every path template expression is declared as a path parameter, and nothing more', () => {
  const wrong: string[] = [];
  for (const op of operations) {
    const template = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    const declared = parametersOf(doc, op.operation).filter((p) => p.in === 'path');
    const names = declared.map((p) => p.name).sort();
    if (JSON.stringify(template) !== JSON.stringify(names)) wrong.push(`${op.key}: template ${template.join(',')} vs declared ${names.join(',')}`);
    for (const p of declared) if (p.required !== true) wrong.push(`${op.key}: path parameter ${p.name} is not required`);
  }
  expect(wrong).toEqual([]);
});

test('every operation has an operationId (unique) and a tag', () => {
  const ids = operations.map((op) => op.operation.operationId);
  expect(operations.filter((op) => !op.operation.operationId).map((op) => op.key)).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(operations.filter((op) => !op.operation.tags?.length).map((op) => op.key)).toEqual([]);
});

test('security is stated on every operation; `[]` exactly where no caller is needed', () => {
  const schemes = Object.keys(doc.components?.securitySchemes ?? {});
  for (const op of operations) {
    const security = op.operation.security;
    expect(Array.isArray(security), `${op.key} states no security`).toBe(true);
    for (const requirement of security!) for (const name of Object.keys(requirement)) expect(schemes, `${op.key}`).toContain(name);
    const fixture = fixtureFor(op, world);
    const publicByFixture = fixture?.allowed.includes('no token') ?? false;
    expect(security!.length === 0, `${op.key}: documented ${security!.length === 0 ? 'public' : 'protected'}, the callers say otherwise`).toBe(publicByFixture);
  }
});

test('the document names its server', () => {
  expect(doc.servers?.[0]?.url).toBeTruthy();
});

test('no nullable $ref is rendered as allOf (which no null satisfies)', () => {
  const found: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (Array.isArray(n.allOf)) {
      const parts = n.allOf as Array<Record<string, unknown>>;
      const nullable = parts.some((p) => (Array.isArray(p.type) ? p.type.includes('null') : p.type === 'null'));
      if (nullable && parts.some((p) => typeof p.$ref === 'string')) found.push(at);
    }
    for (const [key, value] of Object.entries(n)) walk(value, `${at}/${key}`);
  };
  walk(doc, '#');
  expect(found, found.join("\n")).toEqual([]);
});

test('operation ids from method and path', () => {
  expect(operationIdFor('get', '/v1/{tenant}/premises/{premiseId}/invoices/{invoiceId}')).toBe('getPremisesInvoicesById');
  expect(operationIdFor('get', '/v1/{tenant}/premises/{premiseId}/invoices')).toBe('getPremisesInvoices');
  expect(operationIdFor('post', '/v1/{tenant}/auth/logout-everywhere')).toBe('postAuthLogoutEverywhere');
  expect(operationIdFor('patch', '/v1/operator/tenants/{slug}')).toBe('patchOperatorTenantsById');
});
