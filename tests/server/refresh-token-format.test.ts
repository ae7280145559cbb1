/**
 * The refresh token of migration 0092 (`<row id>.<secret>`, found by its id, checked by its hash)
 * and the tokens issued before it (the secret alone, found by its hash), which must keep working:
 * a widget holding one is traded a new-format token, and replaying the old one afterwards is reuse.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uuidv7 } from '../../server/auth/ids.ts';
import { randomToken, sha256Hex } from '../../server/auth/tokens.ts';
import { call, createTenant, createTestApp, createUser, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  tenantId = (await createTenant(ctx.database, 'ogre')).id;
  userId = (await createUser(ctx.database, tenantId, 'anna@example.lv')).id;
});
afterAll(() => ctx.close());

const refresh = (refreshToken: string) => call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken } });

/** A session and its live token as the server made them before migration 0092. */
async function sessionOfBefore(): Promise<{ sessionId: string; token: string }> {
  const now = ctx.clock.now();
  const session = await ctx.database.db
    .insertInto('sessions')
    .values({ tenant_id: tenantId, user_id: userId, remember: true, created_at: now, last_used_at: now, expires_at: new Date(now.getTime() + 86_400_000), absolute_expires_at: new Date(now.getTime() + 2 * 86_400_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = randomToken();
  await ctx.database.db.insertInto('refresh_tokens').values({ token_hash: await sha256Hex(token), tenant_id: tenantId, session_id: session.id, created_at: now }).execute();
  return { sessionId: session.id, token };
}

test('UUIDv7: version 7, variant 10, and ordered by the millisecond it was made in', () => {
  const early = uuidv7(Date.UTC(2026, 0, 1));
  const late = uuidv7(Date.UTC(2026, 0, 1) + 1);
  expect(early).toMatch(/^019b76da-a800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(early < late).toBe(true);
  expect(new Set(Array.from({ length: 1000 }, () => uuidv7(0))).size).toBe(1000);
});

describe('refresh token format', () => {
  test('a token carries its row id; only the hash is stored', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv');
    const [id] = tokens.refreshToken.split('.');
    expect(tokens.refreshToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/);
    const row = await ctx.database.db.selectFrom('refresh_tokens').select(['token_hash']).where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(await sha256Hex(tokens.refreshToken));
    expect(row.token_hash).not.toContain(tokens.refreshToken.split('.')[1]);
  });

  test('a real id with a forged secret is unknown, and the session lives on', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv');
    const [id] = tokens.refreshToken.split('.');
    expect((await refresh(`${id}.${randomToken()}`)).status).toBe(401);
    expect((await refresh(tokens.refreshToken)).status).toBe(200);
  });

  test('a token of before 0092 is traded for a new one; replaying it then revokes the session', async () => {
    const old = await sessionOfBefore();
    const traded = await refresh(old.token);
    expect(traded.status).toBe(200);
    const next = (await traded.json()) as { refreshToken: string; accessToken: string };
    expect(next.refreshToken).toContain('.');
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: next.accessToken })).status).toBe(200);

    expect((await refresh(old.token)).status).toBe(401);
    const session = await ctx.database.db.selectFrom('sessions').select(['revoked_reason']).where('id', '=', old.sessionId).executeTakeFirstOrThrow();
    expect(session.revoked_reason).toBe('refresh_token_reused');
    expect((await refresh(next.refreshToken)).status).toBe(401);
  });

  test('a superseded token of before 0092 is reuse too', async () => {
    const old = await sessionOfBefore();
    const stale = randomToken();
    const now = ctx.clock.now();
    await ctx.database.db
      .insertInto('refresh_tokens')
      .values({ token_hash: await sha256Hex(stale), tenant_id: tenantId, session_id: old.sessionId, created_at: now, superseded_at: now })
      .execute();
    expect((await refresh(stale)).status).toBe(401);
    expect((await refresh(old.token)).status).toBe(401);
  });

  test('logout everywhere ends the sessions of both formats; a new login works', async () => {
    const old = await sessionOfBefore();
    const fresh = await login(ctx, 'ogre', 'anna@example.lv');
    expect((await call(ctx, 'POST', '/v1/ogre/auth/logout-everywhere', { token: fresh.accessToken })).status).toBe(204);
    expect((await refresh(old.token)).status).toBe(401);
    expect((await refresh(fresh.refreshToken)).status).toBe(401);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: fresh.accessToken })).status).toBe(401);
    const again = await login(ctx, 'ogre', 'anna@example.lv');
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: again.accessToken })).status).toBe(200);
    expect((await refresh(again.refreshToken)).status).toBe(200);
  });
});
