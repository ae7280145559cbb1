import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { afterHit, currentWindow, retryAfterSeconds } from '../../server/rate-limit/fixed-window.ts';
import { checkRateLimit, consumeRateLimit, countHit } from '../../server/rate-limit/rate-limit.repository.ts';
import { ApiError } from '../../server/errors.ts';
import { createTestApp, createTenant, type TestContext } from './support/test-app.ts';

const rule = { max: 3, windowSeconds: 60 };
const at = (seconds: number) => new Date(Date.UTC(2026, 4, 20, 9, 0, seconds));

describe('the fixed-window rule', () => {
  test('allows max hits per window, then tells how long to wait', () => {
    let state = undefined as ReturnType<typeof afterHit> | undefined;
    for (let i = 0; i < 3; i += 1) {
      expect(retryAfterSeconds(state, at(i), rule)).toBe(0);
      state = afterHit(state, at(i), rule);
    }
    expect(state).toEqual({ windowStart: at(0), count: 3 });
    expect(retryAfterSeconds(state, at(10), rule)).toBe(50);
    expect(retryAfterSeconds(state, at(59), rule)).toBe(1);
    expect(retryAfterSeconds(state, at(60), rule)).toBe(0);
  });

  test('a new window starts fresh at the first hit after the old one ended', () => {
    const full = { windowStart: at(0), count: 3 };
    expect(currentWindow(full, at(75), rule)).toEqual({ windowStart: at(75), count: 0 });
    expect(afterHit(full, at(75), rule)).toEqual({ windowStart: at(75), count: 1 });
  });

  test('a window "from the future" (the clock went back) is treated as over', () => {
    expect(currentWindow({ windowStart: at(30), count: 3 }, at(0), rule)).toEqual({ windowStart: at(0), count: 0 });
  });
});

describe('the repository', () => {
  let ctx: TestContext;
  let tenantId: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    tenantId = (await createTenant(ctx.database, 'ogre')).id;
  });
  afterAll(() => ctx.close());

  test('counts, refuses with 429 and Retry-After, and opens again after the window', async () => {
    const target = { tenantId, bucket: 'test', key: 'a' };
    for (let i = 0; i < 3; i += 1) await ctx.database.withTenant(tenantId, (trx) => consumeRateLimit(trx, target, rule, at(i)));
    const refused = await ctx.database.withTenant(tenantId, (trx) => consumeRateLimit(trx, target, rule, at(5))).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'Retry-After': '55' } });
    await ctx.database.withTenant(tenantId, (trx) => consumeRateLimit(trx, target, rule, at(61)));
    // Other keys and buckets are not affected.
    await ctx.database.withTenant(tenantId, (trx) => checkRateLimit(trx, { ...target, key: 'b' }, rule, at(5)));
    await ctx.database.withTenant(tenantId, (trx) => checkRateLimit(trx, { ...target, bucket: 'other' }, rule, at(5)));
  });

  test('concurrent hits on one key are all counted', async () => {
    const target = { tenantId, bucket: 'test', key: 'concurrent' };
    await Promise.all(Array.from({ length: 10 }, () => ctx.database.withTenant(tenantId, (trx) => countHit(trx, target, { max: 100, windowSeconds: 60 }, at(0)))));
    const row = await ctx.database.db.selectFrom('rate_limits').select('count').where('key', '=', 'concurrent').executeTakeFirstOrThrow();
    expect(row.count).toBe(10);
  });

  test('concurrent consumers cannot go past the limit together', async () => {
    const target = { tenantId, bucket: 'test', key: 'race' };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => ctx.database.withTenant(tenantId, (trx) => consumeRateLimit(trx, target, rule, at(0)))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  });
});
