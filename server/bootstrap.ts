/**
 * @module
 * Assembles a running Doorstep from the environment: configuration, database (pending schema
 * migrations applied, demo data seeded when it is the embedded database's first start), keys, clock and
 * the app. Shared by the Node and Deno entries.
 */
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { createTokenKeys } from './auth/tokens.ts';
import { frozenClock, systemClock } from './clock.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { demoOperatorToken } from './operator/demo-token.ts';
import { createPersonalCodeKey } from './personal-codes/personal-code-key.ts';
import { hashPlainPersonalCodes } from './personal-codes/plain-codes.ts';
import { deploymentSecret } from './secrets/secret-file.ts';
import { createSecretBox } from './secrets/secret-box.ts';
import { sealPlainTotpSecrets } from './staff/totp-secrets.ts';
import type { AppDeps } from './deps.ts';
import { createLogger } from './http/logger.ts';
import { createMailTransport, type MailTransport } from './mail/transport.ts';
import { createOutboxWorker, type OutboxWorker } from './mail/worker.ts';
import { createJobRunner, type JobRunner } from './jobs/job-runner.ts';
import { ensureReminderPlanner, reminderJobHandlers } from './reminders/reminder-jobs.ts';
import { invoiceMailHandlers } from './invoices/invoice-mail.ts';
import { webhookDeliveryHandlers } from './webhooks/webhook-delivery.ts';
import { configuredFileStores } from './files/configured-stores.ts';
import { ensureFileSweep, fileSweepHandlers } from './files/sweep-job.ts';

export interface Doorstep {
  config: Config;
  database: DatabaseHandle;
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  mail: { transport: MailTransport; worker: OutboxWorker };
  jobs: JobRunner;
  close(): Promise<void>;
}

const repoRoot = () => {
  // The sources live in server/, the Node bundle in server/dist/: find the folder holding demo/.
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.replace(/server[\\/](dist[\\/])?$/, '');
};

export async function startDoorstep(
  env: Record<string, string | undefined>,
  runtime: Pick<AppDeps, 'remoteAddress'> = {},
): Promise<Doorstep> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const dataDir = config.dataDir === 'memory://' ? 'memory://' : `${config.dataDir.replace(/\/$/, '')}/pglite`;
  if (!config.databaseUrl && dataDir !== 'memory://') {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dataDir, { recursive: true });
  }
  const demoToken = !config.operatorToken && config.demoMode ? await demoOperatorToken(config.dataDir) : undefined;
  if (demoToken) logger.info('demo mode: the operator token is in a file', { file: demoToken.file });
  const operatorToken = config.operatorToken ?? demoToken?.token;
  const database = await openDatabase({ url: config.databaseUrl, dataDir, poolSize: config.poolSize });
  const migrations = await migrate(database);
  const personalCodeKey = createPersonalCodeKey(await deploymentSecret(config.personalCodeKey, config.dataDir, 'personal-code-key'));
  const secretBox = createSecretBox(await deploymentSecret(config.encryptionKey, config.dataDir, 'encryption-key'));
  const hashed = await hashPlainPersonalCodes(database, personalCodeKey);
  if (hashed.customers + hashed.users > 0) logger.info('plain personal codes hashed', { ...hashed });
  const sealed = await sealPlainTotpSecrets(database, secretBox);
  if (sealed.accounts + sealed.sessions > 0) logger.info('plain staff TOTP keys sealed', { ...sealed });
  const clock = config.frozenNow ? frozenClock(config.frozenNow) : systemClock;

  const files = configuredFileStores(config, database);
  const shouldSeed = config.seed === 'demo' || (config.seed === 'auto' && config.demoMode);
  let seeded = false;
  if (shouldSeed) {
    const { rows } = await database.db.selectFrom('tenants').select('id').limit(1).execute().then((r) => ({ rows: r }));
    if (rows.length === 0) {
      const { seedDemo } = await import('./demo/seed.ts');
      await seedDemo(database, files.stores, { now: clock.now(), extraOrigins: config.demoExtraOrigins, personalCodeKey, secretBox });
      logger.info('demo data seeded');
      seeded = true;
    }
  }
  if (config.frozenNow && !seeded) {
    // Data seeded on an earlier start (at the real time, say) and a clock frozen before that: the
    // history runs past the clock and the notices are not out yet. Only a fresh seed fixes that.
    const frozenNow = config.frozenNow;
    const late = await database.withSystem((trx) => trx.selectFrom('readings').select('id').where('submitted_at', '>', frozenNow).limit(1).executeTakeFirst());
    if (late) logger.warn('the data holds readings dated after DOORSTEP_NOW (seeded at another moment): delete the data folder to seed the demo at DOORSTEP_NOW', { dataDir: config.dataDir });
  }
  if (migrations.length > 0) logger.info('schema migrations applied', { migrations });

  const root = repoRoot();
  // A throwaway database gets a throwaway outbox, so one run never shows another run's mail.
  const outboxDir =
    config.dataDir === 'memory://'
      ? await (await import('node:fs/promises')).mkdtemp(`${(await import('node:os')).tmpdir()}/doorstep-outbox-`)
      : `${config.dataDir.replace(/\/$/, '')}/outbox`;
  const transport = await createMailTransport({ smtpUrl: config.smtpUrl, outboxDir, from: config.mailFrom });
  if (transport.kind === 'file') logger.info('no SMTP_URL: mail is written to the outbox folder', { outboxDir });
  const worker = createOutboxWorker({ database, transport, logger: logger.child({ component: 'outbox' }), leaseSeconds: config.jobLeaseSeconds, files: files.stores });

  // Demo mode only: the demo's own identity provider, "Demo Banka".
  const demoBank = config.demoBank
    ? await import('./demo/demo-bank.ts')
        .then(({ startDemoBank }) =>
          startDemoBank({
            database,
            secretBox,
            publicOrigin: config.publicUrl ? new URL(config.publicUrl).origin : `http://127.0.0.1:${config.port}`,
            port: config.port,
          }),
        )
        .catch((error: unknown) => {
          // The demo works without it (password logins); say why strong login is missing.
          logger.warn('Demo Banka did not start', { reason: error instanceof Error ? error.message : String(error) });
          return undefined;
        })
    : undefined;
  const deps: AppDeps = {
    database,
    clock,
    keys: createTokenKeys(config.jwtSecret),
    personalCodeKey,
    secretBox,
    logger,
    files: files.stores,
    config: {
      demoMode: config.demoMode,
      production: config.env === 'production',
      trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
      ...(config.env !== 'production' ? { demoDir: `${root}demo` } : {}),
      widgetBundle: `${root}widgets/dist`,
      consoleBundle: `${root}console/dist`,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(transport.kind === 'file' ? { outboxDir } : {}),
      ...(operatorToken ? { operatorToken } : {}),
      ...(config.webhooksAllowLocalHttp ? { webhooksAllowLocalHttp: true } : {}),
      ...(config.plantedFault ? { plantedFault: config.plantedFault } : {}),
      ...(demoBank ? { demoBankTarget: demoBank.target } : {}),
    },
    ...runtime,
  };
  const app = createApp(deps);
  const apiBaseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  // The scheduler (server/jobs/): every instance runs it; the job table makes each job run once.
  const jobs = createJobRunner({
    database,
    clock,
    logger: logger.child({ component: 'jobs' }),
    leaseSeconds: config.jobLeaseSeconds,
    handlers: {
      ...reminderJobHandlers({ database, keys: deps.keys, apiBaseUrl, logger: logger.child({ component: 'reminders' }) }),
      ...invoiceMailHandlers({ database, keys: deps.keys, apiBaseUrl }),
      ...webhookDeliveryHandlers({ database, secretBox, allowLocalHttp: config.webhooksAllowLocalHttp }),
      ...fileSweepHandlers({ database, files: files.stores }),
    },
  });
  await database.withSystem((trx) => ensureReminderPlanner(trx));
  await ensureFileSweep(database);
  worker.start();
  jobs.start();
  const close = async () => {
    // The batches in progress finish and are recorded before the database goes away.
    await jobs.stop();
    await worker.stop();
    await transport.close();
    await demoBank?.close();
    files.close();
    await database.close();
  };
  return { config, database, app, deps, mail: { transport, worker }, jobs, close };
}
