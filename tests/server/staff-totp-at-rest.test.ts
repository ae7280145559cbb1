/**
 * Staff TOTP keys at rest (migration 0085): the columns hold the key sealed under
 * DOORSTEP_ENCRYPTION_KEY, never the base32 key an authenticator app holds; a database of before
 * the migration is sealed on the next start and its staff still log in with the codes of their
 * app; a sealed key copied to another account or read under another encryption key opens nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTokenKeys } from '../../server/auth/tokens.ts';
import { ManualClock } from '../../server/clock.ts';
import { migrate, readMigrations } from '../../server/db/migrator.ts';
import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
import { createLogger } from '../../server/http/logger.ts';
import { createSecretBox } from '../../server/secrets/secret-box.ts';
import { newTotpKey, totpCode } from '../../server/staff/totp.ts';
import { sealPlainTotpSecrets } from '../../server/staff/totp-secrets.ts';
import { createAdminTenant } from './support/admin.ts';
import { createTestDatabase } from './support/database.ts';
import { loginStaff, openStaffByOperator, passwordStep, STAFF_PASSWORD } from './support/staff.ts';
import { call, createTestApp, OPERATOR_TOKEN, personalCodeKey, secretBox, type TestContext } from './support/test-app.ts';

const stored = async (ctx: Pick<TestContext, 'database'>, staffId: string) =>
  (await ctx.database.db.selectFrom('staff_accounts').select('totp_secret').where('id', '=', staffId).executeTakeFirstOrThrow()).totp_secret;

describe('a TOTP key is stored sealed', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
    await createAdminTenant(ctx, 'sealco');
  });
  afterAll(() => ctx.close());

  test('enrolment keeps the pending key and the confirmed key sealed, and the next login opens it', async () => {
    const account = await openStaffByOperator(ctx, 'sealco', 'sealed@sealco.example');
    const first = (await (await passwordStep(ctx, 'sealco', account.email)).json()) as { loginToken: string; enrolment: { secret: string } };
    const pending = await ctx.database.db.selectFrom('staff_sessions').select('pending_totp_secret').where('staff_id', '=', account.id).executeTakeFirstOrThrow();
    expect(pending.pending_totp_secret).toMatch(/^v1\./);
    expect(pending.pending_totp_secret).not.toContain(first.enrolment.secret);
    const done = await call(ctx, 'POST', '/v1/sealco/staff/login/totp', { body: { loginToken: first.loginToken, code: totpCode(first.enrolment.secret, new Date()) } });
    expect(done.status).toBe(200);
    const secret = await stored(ctx, account.id);
    expect(secret).toMatch(/^v1\./);
    expect(secret).not.toContain(first.enrolment.secret);
    // Nothing in either table holds the key in any spelling.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from staff_accounts a, staff_sessions s
      where position(${first.enrolment.secret} in coalesce(a.totp_secret, '') || coalesce(s.pending_totp_secret, '')) > 0
         or position(${first.enrolment.secret.toLowerCase()} in lower(coalesce(a.totp_secret, '') || coalesce(s.pending_totp_secret, ''))) > 0`.execute(ctx.database.db);
    expect(rows[0]!.n).toBe(0);

    // A later login: the code of the app (the plain key) opens the sealed key.
    const again = (await (await passwordStep(ctx, 'sealco', account.email)).json()) as { next: string; loginToken: string };
    expect(again.next).toBe('totp');
    const later = new Date(Date.now() + 30_000);
    const second = await call(ctx, 'POST', '/v1/sealco/staff/login/totp', { body: { loginToken: again.loginToken, code: totpCode(first.enrolment.secret, later) } });
    expect(second.status).toBe(200);
  });

  test('the database refuses a plain key written by anything', async () => {
    const account = await openStaffByOperator(ctx, 'sealco', 'plain@sealco.example');
    await expect(ctx.database.db.updateTable('staff_accounts').set({ totp_secret: newTotpKey() }).where('id', '=', account.id).execute()).rejects.toThrow(/staff_accounts_totp_secret_sealed/);
  });

  test("a sealed key copied into another account's row opens nothing: a clear 503, not a 500", async () => {
    const victim = await openStaffByOperator(ctx, 'sealco', 'victim@sealco.example');
    const thief = await openStaffByOperator(ctx, 'sealco', 'thief@sealco.example');
    await loginStaff(ctx, victim);
    await loginStaff(ctx, thief);
    await ctx.database.db
      .updateTable('staff_accounts')
      .set({ totp_secret: await stored(ctx, victim.id), totp_last_step: null })
      .where('id', '=', thief.id)
      .execute();
    const step = (await (await passwordStep(ctx, 'sealco', thief.email)).json()) as { loginToken: string };
    const response = await call(ctx, 'POST', '/v1/sealco/staff/login/totp', { body: { loginToken: step.loginToken, code: totpCode(victim.secret!, new Date()) } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('totp_key_unreadable');
  });
});

describe('upgrading a database whose keys were plain', () => {
  test('the start after 0085 seals every key (accounts and enrolments under way); the staff log in with their apps as before', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      const all = await readMigrations();
      // Every migration but 0085: today's code opens the staff (later migrations add columns it
      // writes, e.g. 0086's must_change_password), then 0085 and the start seal the plain keys.
      await migrate(database, all.filter((m) => !m.name.startsWith('0085_')));
      const ctx = {
        database,
        app: createApp({
          database,
          clock: new ManualClock('2026-05-20T09:00:00Z'),
          keys: createTokenKeys('test-secret-that-is-long-enough-0123456789'),
          personalCodeKey,
          secretBox,
          logger: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'),
          files: fileStores(postgresFileStore(database)),
          config: { demoMode: false, trustProxy: true, operatorToken: OPERATOR_TOKEN },
        }),
      } as unknown as TestContext;
      await createAdminTenant(ctx, 'oldco');
      // As the code of before wrote them: the base32 key itself.
      const enrolled = await openStaffByOperator(ctx, 'oldco', 'enrolled@oldco.example');
      const enrolledKey = newTotpKey();
      await database.db.updateTable('staff_accounts').set({ totp_secret: enrolledKey, totp_confirmed_at: new Date() }).where('id', '=', enrolled.id).execute();
      const midway = await openStaffByOperator(ctx, 'oldco', 'midway@oldco.example');
      const started = (await (await passwordStep(ctx, 'oldco', midway.email)).json()) as { loginToken: string };
      const midwayKey = newTotpKey();
      await database.db.updateTable('staff_sessions').set({ pending_totp_secret: midwayKey }).where('staff_id', '=', midway.id).execute();

      expect((await migrate(database)).map((name) => name.slice(0, 4))).toContain('0085');
      expect(await sealPlainTotpSecrets(database, secretBox)).toEqual({ accounts: 1, sessions: 1 });
      expect(await sealPlainTotpSecrets(database, secretBox)).toEqual({ accounts: 0, sessions: 0 });

      const after = await database.db.selectFrom('staff_accounts').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
      expect(after).toHaveLength(1);
      expect(after[0]!.totp_secret).toMatch(/^v1\./);
      expect(after[0]!.totp_secret).not.toContain(enrolledKey);
      const pending = await database.db.selectFrom('staff_sessions').select('pending_totp_secret').where('staff_id', '=', midway.id).executeTakeFirstOrThrow();
      expect(pending.pending_totp_secret).toMatch(/^v1\./);

      const step = (await (await passwordStep(ctx, 'oldco', enrolled.email, STAFF_PASSWORD)).json()) as { next: string; loginToken: string };
      expect(step.next).toBe('totp');
      const login = await call(ctx, 'POST', '/v1/oldco/staff/login/totp', { body: { loginToken: step.loginToken, code: totpCode(enrolledKey, new Date()) } });
      expect(login.status).toBe(200);
      const enrol = await call(ctx, 'POST', '/v1/oldco/staff/login/totp', { body: { loginToken: started.loginToken, code: totpCode(midwayKey, new Date()) } });
      expect(enrol.status).toBe(200);
      expect(await database.db.selectFrom('staff_accounts').select('totp_secret').where('id', '=', midway.id).executeTakeFirstOrThrow()).toEqual({ totp_secret: expect.stringMatching(/^v1\./) });

      // Under another DOORSTEP_ENCRYPTION_KEY the keys do not open: a clear error, never a login.
      const otherBox = createSecretBox('another-encryption-key-0123456789abcdefgh');
      const stranger = createApp({ database, clock: new ManualClock('2026-05-20T09:00:00Z'), keys: createTokenKeys('test-secret-that-is-long-enough-0123456789'), personalCodeKey, secretBox: otherBox, logger: createLogger('silent'), files: fileStores(postgresFileStore(database)), config: { demoMode: false, trustProxy: true } });
      const strangerCtx = { database, app: stranger } as unknown as TestContext;
      const third = (await (await passwordStep(strangerCtx, 'oldco', enrolled.email)).json()) as { loginToken: string };
      const refused = await call(strangerCtx, 'POST', '/v1/oldco/staff/login/totp', { body: { loginToken: third.loginToken, code: totpCode(enrolledKey, new Date(Date.now() + 30_000)) } });
      expect(refused.status).toBe(503);
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
