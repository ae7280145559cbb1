/**
 * @module
 * `npx doorstep …`: the manager's IT person's tool. It talks HTTP to a running Doorstep
 * (`--api`, default http://localhost:8787) with a tenant API key (`--key` or DOORSTEP_API_KEY) or,
 * for creating tenants, the operator token (`--operator-token` or DOORSTEP_OPERATOR_TOKEN). Every
 * command takes `--json` for scripts. Exit status: 0 done, 1 the API refused (its error code is
 * printed), 2 the command line itself was wrong.
 */
import { Command, CommanderError, Option } from 'commander';
import { CliApiError, call, type Connection } from './api-client.ts';
import { runExportReadings } from './export-command.ts';
import { runImport } from './import-command.ts';
import { processOutput, table, type Output } from './output.ts';
import { closesAtFor } from './window-command.ts';
import { runMoveFiles } from './files-command.ts';

interface GlobalOptions {
  api: string;
  key?: string;
  operatorToken?: string;
  tenant?: string;
  json?: boolean;
  lang?: string;
}

class UsageError extends Error {}

export async function runCli(argv: readonly string[], env: Record<string, string | undefined> = process.env, output: Output = processOutput): Promise<number> {
  let status = 0;
  const program = new Command('doorstep')
    .description('Manage a Doorstep tenant from the command line: keys, imports, exports, reading windows.')
    .addOption(new Option('--api <url>', 'the Doorstep API').default(env.DOORSTEP_API ?? 'http://localhost:8787'))
    .addOption(new Option('--key <key>', 'tenant API key (dsk_…); or set DOORSTEP_API_KEY'))
    .addOption(new Option('--operator-token <token>', 'operator token, for `tenant` commands; or set DOORSTEP_OPERATOR_TOKEN'))
    .addOption(new Option('--tenant <slug>', "the tenant's slug; or set DOORSTEP_TENANT"))
    .addOption(new Option('--lang <language>', "the language of the import report's messages; or set DOORSTEP_LANG (default: the tenant's)").choices(['lv', 'en', 'ru']))
    .option('--json', 'print JSON for scripts')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err });

  const globals = () => program.opts<GlobalOptions>();
  const asOperator = (): Connection => {
    const token = globals().operatorToken ?? env.DOORSTEP_OPERATOR_TOKEN;
    if (!token) throw new UsageError('Give the operator token: --operator-token or DOORSTEP_OPERATOR_TOKEN (demo: the file data/operator-token).');
    return { api: globals().api, token };
  };
  const asTenant = (): Connection & { tenant: string } => {
    const token = globals().key ?? env.DOORSTEP_API_KEY;
    const tenant = globals().tenant ?? env.DOORSTEP_TENANT;
    if (!tenant) throw new UsageError('Name the tenant: --tenant or DOORSTEP_TENANT.');
    if (!token) throw new UsageError('Give an API key: --key or DOORSTEP_API_KEY.');
    return { api: globals().api, token, tenant, language: globals().lang ?? env.DOORSTEP_LANG };
  };
  const print = (value: unknown, human: () => string) => output.out(globals().json ? `${JSON.stringify(value)}\n` : human());

  const tenant = program.command('tenant').description('tenants of this deployment (operator)');
  tenant
    .command('create <slug>')
    .description('create a tenant and its first API key (shown once)')
    .requiredOption('--name <name>', "the manager's name")
    .option('--origin <origin...>', 'a site that embeds the widgets, e.g. https://www.manager.lv (repeatable)', [])
    .option('--time-zone <zone>', 'IANA time zone', undefined)
    .option('--window-rule <json>', 'reading window rule as JSON, e.g. {"kind":"fixed_days","fromDay":25,"toDay":28}')
    .action(async (slug: string, options: { name: string; origin: string[]; timeZone?: string; windowRule?: string }) => {
      let windowRule: unknown;
      if (options.windowRule) {
        try {
          windowRule = JSON.parse(options.windowRule);
        } catch {
          throw new UsageError('--window-rule is not valid JSON.');
        }
      }
      const created = await call<{ tenant: { slug: string; name: string }; apiKey: { key: { id: string }; secret: string } }>(asOperator(), 'POST', '/v1/operator/tenants', {
        body: { slug, name: options.name, allowedOrigins: options.origin, ...(options.timeZone ? { timeZone: options.timeZone } : {}), ...(windowRule ? { windowRule } : {}) },
      });
      print(created, () =>
        [
          `Created tenant ${created.tenant.slug} ("${created.tenant.name}").`,
          'Its first API key (read + write) is shown only now. Keep it in your password manager:',
          '',
          `  export DOORSTEP_TENANT=${created.tenant.slug}`,
          `  export DOORSTEP_API_KEY=${created.apiKey.secret}`,
          '',
        ].join('\n'),
      );
    });
  tenant
    .command('list')
    .description('every tenant')
    .action(async () => {
      const { tenants } = await call<{ tenants: Record<string, unknown>[] }>(asOperator(), 'GET', '/v1/operator/tenants');
      print(tenants, () => table(tenants, ['slug', 'name', 'timeZone', 'allowedOrigins', 'disabled']));
    });

  tenant
    .command('staff <slug> <email>')
    .description("open a console staff account of a tenant (its first admin); the temporary password is shown once")
    .requiredOption('--name <name>', "the person's name")
    .addOption(new Option('--role <role>', 'admin: everything; staff: day-to-day work').choices(['admin', 'staff']).default('admin'))
    .action(async (slug: string, email: string, options: { name: string; role: string }) => {
      const created = await call<{ staff: { id: string; email: string; role: string }; temporaryPassword: string | null }>(
        asOperator(),
        'POST',
        `/v1/operator/tenants/${encodeURIComponent(slug)}/staff`,
        { body: { email, name: options.name, role: options.role } },
      );
      print(created, () =>
        [
          `Opened ${created.staff.role} ${created.staff.email} of ${slug}. The temporary password is shown only now:`,
          '',
          `  ${created.temporaryPassword}`,
          '',
          `At the first login on /console/${slug}/ the authenticator app is set up (TOTP).`,
          '',
        ].join('\n'),
      );
    });

  const key = program.command('key').description("the tenant's API keys");
  key
    .command('create')
    .description('create an API key (shown once)')
    .requiredOption('--name <name>', 'what the key is for, e.g. "Billing system"')
    .addOption(new Option('--scope <scope...>', 'read and/or write').choices(['read', 'write']).default(['read']))
    .option('--expires <iso>', 'when it stops working, e.g. 2027-12-31T23:59:59+02:00')
    .action(async (options: { name: string; scope: string[]; expires?: string }) => {
      const connection = asTenant();
      const created = await call<{ key: Record<string, unknown>; secret: string }>(connection, 'POST', `/v1/${connection.tenant}/admin/keys`, {
        body: { name: options.name, scopes: options.scope, ...(options.expires ? { expiresAt: options.expires } : {}) },
      });
      print(created, () => `Created key ${String(created.key.id)} (${options.scope.join(' + ')}). It is shown only now:\n\n  ${created.secret}\n\n`);
    });
  key
    .command('list')
    .description('every key (never their secrets)')
    .action(async () => {
      const connection = asTenant();
      const { keys } = await call<{ keys: Record<string, unknown>[] }>(connection, 'GET', `/v1/${connection.tenant}/admin/keys`);
      print(keys, () => table(keys, ['id', 'name', 'prefix', 'scopes', 'status', 'lastUsedAt', 'expiresAt']));
    });
  key
    .command('revoke <keyId>')
    .description('revoke a key at once (to rotate: create the new one, then revoke the old)')
    .action(async (keyId: string) => {
      const connection = asTenant();
      await call(connection, 'DELETE', `/v1/${connection.tenant}/admin/keys/${encodeURIComponent(keyId)}`);
      print({ revoked: keyId }, () => `Revoked ${keyId}.\n`);
    });

  program
    .command('import <kind> <file>')
    .description('import premises, readings or invoices from a .csv or .ndjson file (all or nothing)')
    .option('--dry-run', 'check the file and report, write nothing', false)
    .action(async (kind: string, file: string, options: { dryRun: boolean }) => {
      const connection = asTenant();
      status = await runImport(connection, connection.tenant, kind, file, { dryRun: options.dryRun, json: Boolean(globals().json) }, output);
    });

  const exporter = program.command('export').description('data out');
  exporter
    .command('readings')
    .description("a period's readings (or everything since a cursor) as CSV or NDJSON")
    .option('--period <YYYY-MM>', 'the period')
    .option('--since <cursor>', 'everything submitted after this cursor (from the previous pull)')
    .addOption(new Option('--format <format>', 'csv or ndjson').choices(['csv', 'ndjson']).default('csv'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (options: { period?: string; since?: string; format: string; output?: string }) => {
      if (!options.period && !options.since) throw new UsageError('Give --period YYYY-MM or --since CURSOR.');
      const connection = asTenant();
      status = await runExportReadings(connection, connection.tenant, { ...options, json: Boolean(globals().json) }, output);
    });

  const window = program.command('window').description('reading windows');
  window
    .command('extend')
    .description("move the end of one period's window (for the whole tenant or one building)")
    .requiredOption('--period <YYYY-MM>', 'the period')
    .requiredOption('--until <when>', 'the new end: a date (the whole day counts, in the tenant\'s time zone) or an ISO time')
    .option('--building <ref>', "only this building (the manager's own building id)")
    .option('--note <text>', 'why, for the record')
    .action(async (options: { period: string; until: string; building?: string; note?: string }) => {
      const connection = asTenant();
      const closesAt = await closesAtFor(connection, connection.tenant, options.until);
      const answer = await call<{ window: Record<string, unknown> }>(connection, 'PUT', `/v1/${connection.tenant}/admin/reading-windows/${encodeURIComponent(options.period)}`, {
        body: { closesAt, ...(options.building ? { building: options.building } : {}), ...(options.note ? { note: options.note } : {}) },
      });
      print(answer, () => table([answer.window], ['period', 'opensAt', 'closesAt', 'building', 'note']));
    });

  const files = program.command('files').description("the deployment's stored files (operator)");
  files
    .command('migrate')
    .description('move every stored file to the bucket (--to s3) or back into the database (--to postgres); run again to resume')
    .addOption(new Option('--to <store>', 'where the files go').choices(['s3', 'postgres']).makeOptionMandatory())
    .addOption(new Option('--batch <n>', 'files per request').default('50'))
    .action(async (options: { to: 's3' | 'postgres'; batch: string }) => {
      const batch = Number(options.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 500) throw new UsageError('--batch is a whole number from 1 to 500.');
      status = await runMoveFiles(asOperator(), { to: options.to, batch, json: Boolean(globals().json) }, output);
    });
  files
    .command('sweep')
    .description('delete objects in the bucket that no file points at (older than --grace-hours); report files whose object is missing')
    .addOption(new Option('--grace-hours <h>', 'leave younger objects alone').default('24'))
    .action(async (options: { graceHours: string }) => {
      const report = await call<Record<string, unknown>>(asOperator(), 'POST', '/v1/operator/files/sweep', { body: { graceHours: Number(options.graceHours) } });
      print(report, () => table([report], ['objects', 'orphansDeleted', 'orphansTooYoung', 'rowsWithoutObjectCount']));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      output.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof CliApiError) {
      if (globals().json) output.out(`${JSON.stringify({ error: { status: error.status, code: error.code, message: error.message } })}\n`);
      output.err(`Error ${error.status ? `${error.status} ` : ''}${error.code}: ${error.message}\n`);
      const fields = (error.body as { error?: { fields?: Record<string, unknown> } } | null)?.error?.fields;
      if (fields) for (const [field, code] of Object.entries(fields)) output.err(`  ${field}: ${String(code)}\n`);
      return 1;
    }
    throw error;
  }
}
