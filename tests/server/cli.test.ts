/**
 * The `doorstep` CLI against a real HTTP server (the app over a test database, on a port): tenants
 * with the operator token, keys with a tenant key, `--json` for scripts, and the exit statuses —
 * 0 done, 1 refused by the API (its code printed), 2 a wrong command line.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../server/cli/cli.ts';
import type { Output } from '../../server/cli/output.ts';
import { createTestApp, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let server: ServerType;
let api: string;

beforeAll(async () => {
  ctx = await createTestApp();
  server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

async function doorstep(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const output: Output = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), interactive: false };
  const status = await runCli(['--api', api, ...args], env, output);
  return { status, stdout, stderr };
}

describe('tenants (operator)', () => {
  test('tenant create prints the first key once, ready to export; tenant list shows it', async () => {
    const created = await doorstep(['tenant', 'create', 'cli-ogre', '--name', 'Ogres Namsaimnieks', '--origin', 'https://www.ogre.example', '--window-rule', '{"kind":"fixed_days","fromDay":25,"toDay":28}'], {
      DOORSTEP_OPERATOR_TOKEN: OPERATOR_TOKEN,
    });
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('export DOORSTEP_TENANT=cli-ogre');
    expect(created.stdout).toMatch(/export DOORSTEP_API_KEY=dsk_[A-Za-z0-9_-]{43}/);
    const listed = await doorstep(['--json', '--operator-token', OPERATOR_TOKEN, 'tenant', 'list']);
    expect(listed.status).toBe(0);
    const tenants = JSON.parse(listed.stdout) as { slug: string; windowRule: unknown }[];
    expect(tenants.find((t) => t.slug === 'cli-ogre')?.windowRule).toEqual({ kind: 'fixed_days', fromDay: 25, toDay: 28 });
  });

  test('tenant staff opens the first console admin and prints its temporary password once', async () => {
    await doorstep(['--operator-token', OPERATOR_TOKEN, 'tenant', 'create', 'cli-staff', '--name', 'Staff']);
    const opened = await doorstep(['--operator-token', OPERATOR_TOKEN, 'tenant', 'staff', 'cli-staff', 'Ilze@Example.lv', '--name', 'Ilze']);
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout).toContain('Opened admin ilze@example.lv of cli-staff');
    const password = /^  ([a-z2-9-]{23})$/m.exec(opened.stdout)?.[1];
    expect(password).toBeDefined();
    const again = await doorstep(['--json', '--operator-token', OPERATOR_TOKEN, 'tenant', 'staff', 'cli-staff', 'ilze@example.lv', '--name', 'Ilze']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('staff_email_taken');
  });

  test('a wrong operator token: exit 1 and the API error code; no token at all: exit 2', async () => {
    const wrong = await doorstep(['--operator-token', 'x'.repeat(40), 'tenant', 'list']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('invalid_operator_token');
    const none = await doorstep(['tenant', 'list']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--operator-token');
  });

  test('a refused tenant shows the field codes', async () => {
    const bad = await doorstep(['--operator-token', OPERATOR_TOKEN, 'tenant', 'create', 'Bad Slug', '--name', 'X', '--origin', 'http://plain.example']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('validation_failed');
    expect(bad.stderr).toContain('allowedOrigins.0: invalid_origin');
  });
});

describe('keys', () => {
  test('create, list (no secrets) and revoke; the revoked key is refused at once', async () => {
    const created = await doorstep(['--json', '--operator-token', OPERATOR_TOKEN, 'tenant', 'create', 'cli-keys', '--name', 'Keys']);
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: { secret: string } };
    const env = { DOORSTEP_TENANT: 'cli-keys', DOORSTEP_API_KEY: apiKey.secret };

    const made = await doorstep(['--json', 'key', 'create', '--name', 'Billing system', '--scope', 'read', 'write'], env);
    expect(made.status).toBe(0);
    const { key, secret } = JSON.parse(made.stdout) as { key: { id: string; scopes: string[] }; secret: string };
    expect(key.scopes).toEqual(['read', 'write']);

    const list = await doorstep(['key', 'list'], env);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('Billing system');
    expect(list.stdout).not.toContain(secret.slice(10));
    expect(list.stdout).not.toContain(apiKey.secret.slice(10));

    expect((await doorstep(['key', 'revoke', key.id], env)).status).toBe(0);
    const refused = await doorstep(['key', 'list'], { DOORSTEP_TENANT: 'cli-keys', DOORSTEP_API_KEY: secret });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('invalid_api_key');
  });

  test('a scope that does not exist and a missing tenant are command-line errors (exit 2)', async () => {
    expect((await doorstep(['key', 'create', '--name', 'x', '--scope', 'admin'], { DOORSTEP_TENANT: 't', DOORSTEP_API_KEY: 'dsk_x' })).status).toBe(2);
    const noTenant = await doorstep(['key', 'list'], { DOORSTEP_API_KEY: 'dsk_x' });
    expect(noTenant.status).toBe(2);
    expect(noTenant.stderr).toContain('DOORSTEP_TENANT');
    expect((await doorstep(['no-such-command'])).status).toBe(2);
  });

  test('an unreachable API is a clear message, not a stack trace', async () => {
    let stderr = '';
    const status = await runCli(['--api', 'http://127.0.0.1:1', '--tenant', 't', '--key', 'dsk_x', 'key', 'list'], {}, {
      out: () => {},
      err: (t) => void (stderr += t),
      interactive: false,
    });
    expect(status).toBe(1);
    expect(stderr).toContain('Cannot reach Doorstep at http://127.0.0.1:1');
  });
});

test('--help lists every command', async () => {
  const help = await doorstep(['--help']);
  expect(help.status).toBe(0);
  for (const command of ['tenant', 'key', 'import', 'export', 'window']) expect(help.stdout).toContain(command);
});

describe('windows and exports', () => {
  test('window extend: a date ends at midnight in the tenant’s zone; export prints the period and the next cursor', async () => {
    const created = await doorstep(['--json', '--operator-token', OPERATOR_TOKEN, 'tenant', 'create', 'cli-window', '--name', 'W', '--time-zone', 'Europe/Riga']);
    const env = { DOORSTEP_TENANT: 'cli-window', DOORSTEP_API_KEY: (JSON.parse(created.stdout) as { apiKey: { secret: string } }).apiKey.secret };
    const moved = await doorstep(['--json', 'window', 'extend', '--period', '2026-05', '--until', '2026-06-03', '--note', 'Vasarsvētki'], env);
    expect(moved.status, moved.stderr).toBe(0);
    expect((JSON.parse(moved.stdout) as { window: { closesAt: string; note: string } }).window).toMatchObject({
      closesAt: '2026-06-03T21:00:00.000Z',
      note: 'Vasarsvētki',
    });
    const iso = await doorstep(['--json', 'window', 'extend', '--period', '2026-05', '--until', '2026-06-04T12:00:00+03:00'], env);
    expect((JSON.parse(iso.stdout) as { window: { closesAt: string } }).window.closesAt).toBe('2026-06-04T09:00:00.000Z');
    const nonsense = await doorstep(['window', 'extend', '--period', '2026-05', '--until', 'next tuesday'], env);
    expect(nonsense.status).toBe(1);
    expect(nonsense.stderr).toContain('invalid_until');

    const exported = await doorstep(['export', 'readings', '--period', '2026-05'], env);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout.split('\n')[0]).toContain('period');
    expect(exported.stderr).toMatch(/Next pull: --since \S+/);
    expect((await doorstep(['export', 'readings'], env)).status).toBe(2);
  });
});
