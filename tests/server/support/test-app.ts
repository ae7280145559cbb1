/**
 * @module
 * Builds the real app over a fresh test database, with a clock the test moves and small fixture
 * builders. Requests go through `app.request`, the same fetch handler a server would call.
 */
import { createApp, type DoorstepApp } from '../../../server/app.ts';
import { hashPassword } from '../../../server/auth/passwords.ts';
import { createTokenKeys } from '../../../server/auth/tokens.ts';
import { createPersonalCodeKey } from '../../../server/personal-codes/personal-code-key.ts';
import { createSecretBox } from '../../../server/secrets/secret-box.ts';
import { ManualClock } from '../../../server/clock.ts';
import type { AppDeps } from '../../../server/deps.ts';
import { createLogger } from '../../../server/http/logger.ts';
import type { Right, GrantRole } from '../../../server/db/types.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { duringRequest } from './plan-guard.ts';
import { fileStores, type FileStores } from '../../../server/files/file-store.ts';
import { postgresFileStore } from '../../../server/files/postgres-file-store.ts';
import { s3FileStore, type S3FileStore } from '../../../server/files/s3-file-store.ts';
import { startS3Server, type TestS3Server } from './s3-server.ts';

export const PASSWORD = 'Kalnu-Ezers-2026';
/** The test deployment's DOORSTEP_OPERATOR_TOKEN. */
export const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789abcdef';
/** The test deployment's DOORSTEP_PERSONAL_CODE_KEY. */
export const personalCodeKey = createPersonalCodeKey('personal-code-key-for-tests-0123456789abcdef');
/** The test deployment's DOORSTEP_ENCRYPTION_KEY. */
export const secretBox = createSecretBox('encryption-key-for-tests-0123456789abcdef');

export interface TestContext {
  app: DoorstepApp;
  database: TestDatabase;
  clock: ManualClock;
  deps: AppDeps;
  /** The S3 server behind deps.files when the test runs on the s3 driver. */
  s3?: { server: TestS3Server; store: S3FileStore };
  close(): Promise<void>;
}

/** The file driver the server tests run on: `DOORSTEP_TEST_FILES=s3` runs them on a real S3 server. */
export const TEST_FILE_DRIVER: 'postgres' | 's3' = process.env.DOORSTEP_TEST_FILES === 's3' ? 's3' : 'postgres';

/** The stores of a test app over `database` on `driver`; s3 starts an S3 server of its own. */
export async function testFileStores(database: DatabaseHandle, driver = TEST_FILE_DRIVER) {
  if (driver === 'postgres') return { files: fileStores(postgresFileStore(database)) };
  const server = await startS3Server();
  const store = s3FileStore(server.settings);
  return { files: fileStores(store, [postgresFileStore(database)]), s3: { server, store } };
}

/** `filesOf`: the app's file stores, made over its database (the postgres store needs it). */
export async function createTestApp(
  overrides: Partial<AppDeps> & { filesOf?: (database: DatabaseHandle) => FileStores | Promise<FileStores> } = {},
  start = '2026-05-20T09:00:00Z',
): Promise<TestContext> {
  const { filesOf, ...rest } = overrides;
  overrides = rest;
  const database = await createTestDatabase();
  const clock = new ManualClock(start);
  const stores = overrides.files ? { files: overrides.files } : filesOf ? { files: await filesOf(database) } : await testFileStores(database);
  const deps: AppDeps = {
    database,
    clock,
    files: stores.files,
    keys: createTokenKeys('test-secret-that-is-long-enough-0123456789'),
    personalCodeKey,
    secretBox,
    logger: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'),
    config: { demoMode: false, trustProxy: true, operatorToken: OPERATOR_TOKEN },
    ...overrides,
  };
  const app = createApp(deps);
  // Every request's statements are the plan guard's to read (plan-guard.ts); app.request calls fetch.
  const fetch = app.fetch;
  app.fetch = (request, ...rest) => duringRequest(request, () => fetch(request, ...rest));
  const s3 = 's3' in stores ? stores.s3 : undefined;
  return {
    app,
    database,
    clock,
    deps,
    ...(s3 ? { s3 } : {}),
    close: async () => {
      s3?.store.close();
      await s3?.server.close();
      await database.dispose();
    },
  };
}

let hashCache: Promise<string> | undefined;
const passwordHash = () => (hashCache ??= hashPassword(PASSWORD));

export async function createTenant(database: TestDatabase, slug: string, extra: { origins?: string[]; name?: string } = {}) {
  return database.db
    .insertInto('tenants')
    .values({
      slug,
      name: extra.name ?? `Tenant ${slug}`,
      allowed_origins: extra.origins ?? [`https://${slug}.example`],
      reading_window: JSON.stringify({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 }),
      settings: JSON.stringify({}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createUser(
  database: TestDatabase,
  tenantId: string,
  email: string,
  extra: { mustChangePassword?: boolean; name?: string; status?: 'active' | 'pending' | 'disabled'; password?: string } = {},
) {
  return database.db
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      email,
      name: extra.name ?? email.split('@')[0]!,
      password_hash: extra.password ? await hashPassword(extra.password) : await passwordHash(),
      must_change_password: extra.mustChangePassword ?? false,
      status: extra.status ?? 'active',
      email_preferences: JSON.stringify({}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createPremise(database: TestDatabase, tenantId: string, label: string, accountNumber: string, buildingId?: string) {
  const building =
    buildingId ??
    (await database.db.insertInto('buildings').values({ tenant_id: tenantId, address: label.split('-')[0]!, city: 'Ogre' }).returning('id').executeTakeFirstOrThrow()).id;
  return database.db
    .insertInto('premises')
    .values({ tenant_id: tenantId, building_id: building, label, account_number: accountNumber })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function grant(database: TestDatabase, tenantId: string, userId: string, premiseId: string, role: GrantRole, rights: Right[] = []) {
  await database.db.insertInto('grants').values({ tenant_id: tenantId, user_id: userId, premise_id: premiseId, role, rights }).execute();
}

/** A JSON request through the app, from a given client address. */
export function call(
  ctx: TestContext,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; client?: string; headers?: Record<string, string>; rawBody?: string } = {},
) {
  const headers: Record<string, string> = { 'x-forwarded-for': options.client ?? '203.0.113.1', ...options.headers };
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return ctx.app.request(path, {
    method,
    headers,
    ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

export async function login(ctx: TestContext, tenant: string, email: string, password = PASSWORD, remember = false) {
  const response = await call(ctx, 'POST', `/v1/${tenant}/auth/login`, { body: { email, password, remember } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { accessToken: string; refreshToken: string; user: { id: string; mustChangePassword: boolean } };
}
