/**
 * @module
 * The server's configuration, read from the environment once at start and validated by zod, so a
 * bad value stops the server with a message that names the variable instead of failing later.
 */
import { z } from 'zod';
import type { S3Settings } from './files/s3-file-store.ts';

const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  ),
  DOORSTEP_DATA_DIR: z.string().default('./data'),
  DOORSTEP_NOW: optionalString.pipe(z.iso.datetime({ offset: true, local: true }).optional()),
  DOORSTEP_SEED: z.enum(['auto', 'demo', 'none']).default('auto'),
  DEMO_EXTRA_ORIGINS: optionalString,
  DOORSTEP_DEMO_BANK: z.enum(['true', 'false']).default('true'),
  JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  DOORSTEP_OPERATOR_TOKEN: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  DOORSTEP_PERSONAL_CODE_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  DOORSTEP_ENCRYPTION_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
  MAIL_FROM: z.string().default('Doorstep <no-reply@doorstep.local>'),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP: z.enum(['true', 'false', '1', '0', '']).default('false'),
  DOORSTEP_PLANTED_FAULT: z.enum(['', 'import_partial_commit']).default(''),
  DOORSTEP_JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(300),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DOORSTEP_FILES: z.enum(['postgres', 's3']).default('postgres'),
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_BUCKET: optionalString,
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0']).default('false'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Embedded database and not production: DOORSTEP_NOW, X-Doorstep-Now and the file outbox work. */
  demoMode: boolean;
  frozenNow: Date | undefined;
  seed: Env['DOORSTEP_SEED'];
  demoExtraOrigins: string[];
  /** Demo mode and not DOORSTEP_DEMO_BANK=false: the "Demo Banka" identity provider runs (server/demo/demo-bank.ts). */
  demoBank: boolean;
  jwtSecret: string | undefined;
  /** Opens /v1/operator/…; unset = the operator API is off (in demo mode one is made, see bootstrap). */
  operatorToken: string | undefined;
  /** The HMAC key of stored personal codes; unset outside production = a file in the data folder. */
  personalCodeKey: string | undefined;
  /** Encrypts secrets kept to be read back (identity providers' client secrets); like personalCodeKey. */
  encryptionKey: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string | undefined;
  poolSize: number;
  /** How long a claimed job or outbox message stays claimed: the wait before a crashed instance's work is taken up again. */
  jobLeaseSeconds: number;
  /** DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP (never in production): webhook URLs may be http://localhost or http://127.0.0.1, for tests. */
  webhooksAllowLocalHttp: boolean;
  /**
   * DOORSTEP_PLANTED_FAULT (never in production): a known bug built in on purpose, so a test can show
   * that it catches it. `import_partial_commit`: a premises import commits what it wrote before its
   * meters (tests/e2e/import-crash.test.ts must then find the half-written file).
   */
  plantedFault: 'import_partial_commit' | undefined;
  logLevel: Env['LOG_LEVEL'];
  /** Where new files are written; `s3` needs `s3`. */
  files: Env['DOORSTEP_FILES'];
  /** The bucket (S3_BUCKET set): where `files: 's3'` writes, and what `files migrate` moves to and from. */
  s3: S3Settings | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required in production');
  }
  if (env.DOORSTEP_FILES === 's3' && !env.S3_BUCKET) {
    throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required with DOORSTEP_FILES=s3');
  }
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError('Invalid configuration:\n  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: give both or neither');
  }
  // Made up per start, these keys would leave every stored personal code unmatchable and every
  // provider's secret unreadable after a restart.
  for (const variable of ['DOORSTEP_PERSONAL_CODE_KEY', 'DOORSTEP_ENCRYPTION_KEY'] as const) {
    if (env.NODE_ENV === 'production' && !env[variable]) throw new ConfigError(`Invalid configuration:\n  ${variable}: required in production`);
  }
  const demoMode = !env.DATABASE_URL && env.NODE_ENV !== 'production';
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DOORSTEP_DATA_DIR,
    demoMode,
    frozenNow: demoMode && env.DOORSTEP_NOW ? new Date(env.DOORSTEP_NOW) : undefined,
    seed: env.DOORSTEP_SEED,
    demoBank: demoMode && env.DOORSTEP_DEMO_BANK === 'true',
    demoExtraOrigins: (env.DEMO_EXTRA_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    jwtSecret: env.JWT_SECRET,
    operatorToken: env.DOORSTEP_OPERATOR_TOKEN,
    personalCodeKey: env.DOORSTEP_PERSONAL_CODE_KEY,
    encryptionKey: env.DOORSTEP_ENCRYPTION_KEY,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL,
    poolSize: env.DB_POOL_SIZE,
    webhooksAllowLocalHttp: env.NODE_ENV !== 'production' && (env.DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP === 'true' || env.DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP === '1'),
    plantedFault: env.NODE_ENV !== 'production' && env.DOORSTEP_PLANTED_FAULT ? env.DOORSTEP_PLANTED_FAULT : undefined,
    jobLeaseSeconds: env.DOORSTEP_JOB_LEASE_SECONDS,
    logLevel: env.LOG_LEVEL,
    files: env.DOORSTEP_FILES,
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          region: env.S3_REGION,
          forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' || env.S3_FORCE_PATH_STYLE === '1',
          ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
          ...(env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
        }
      : undefined,
  };
}
