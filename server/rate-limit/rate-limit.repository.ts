/**
 * @module
 * Storage of the fixed-window counters (table rate_limits); the rule is in fixed-window.ts.
 * `checkRateLimit` only looks, `countHit` counts: flows that limit *failures* (wrong registration
 * proofs) check first and count only when the attempt fails, flows that limit every request
 * (reset emails) call `consumeRateLimit`, which does both.
 *
 * The row is locked (SELECT … FOR UPDATE) between reading and writing, so two concurrent hits on
 * one key are both counted.
 */
import type { Tx } from '../db/database.ts';
import { tooManyRequests } from '../errors.ts';
import { afterHit, retryAfterSeconds, type RateLimitRule, type WindowState } from './fixed-window.ts';

export interface RateLimitTarget {
  tenantId: string;
  bucket: string;
  key: string;
}

async function readState(trx: Tx, target: RateLimitTarget, forUpdate: boolean): Promise<WindowState | undefined> {
  let query = trx
    .selectFrom('rate_limits')
    .select(['window_start', 'count'])
    .where('tenant_id', '=', target.tenantId)
    .where('bucket', '=', target.bucket)
    .where('key', '=', target.key);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { windowStart: row.window_start, count: row.count } : undefined;
}

/** Throws 429 `rate_limited` (with Retry-After) when the key has used up its window. */
export async function checkRateLimit(trx: Tx, target: RateLimitTarget, rule: RateLimitRule, now: Date): Promise<void> {
  const seconds = retryAfterSeconds(await readState(trx, target, false), now, rule);
  if (seconds > 0) throw tooManyRequests(seconds);
}

/** Counts one hit. */
export async function countHit(trx: Tx, target: RateLimitTarget, rule: RateLimitRule, now: Date): Promise<WindowState> {
  return lockedHit(trx, target, rule, now, false);
}

/** Checks and counts under one row lock; throws 429 when the key has used up its window. */
export async function consumeRateLimit(trx: Tx, target: RateLimitTarget, rule: RateLimitRule, now: Date): Promise<void> {
  await lockedHit(trx, target, rule, now, true);
}

async function lockedHit(trx: Tx, target: RateLimitTarget, rule: RateLimitRule, now: Date, refuseWhenFull: boolean): Promise<WindowState> {
  // Make sure the row exists so that it can be locked; a concurrent insert of the same key waits.
  await trx
    .insertInto('rate_limits')
    .values({ tenant_id: target.tenantId, bucket: target.bucket, key: target.key, window_start: now, count: 0 })
    .onConflict((oc) => oc.columns(['tenant_id', 'bucket', 'key']).doNothing())
    .execute();
  const state = await readState(trx, target, true);
  if (refuseWhenFull) {
    const seconds = retryAfterSeconds(state, now, rule);
    if (seconds > 0) throw tooManyRequests(seconds);
  }
  const next = afterHit(state, now, rule);
  await trx
    .updateTable('rate_limits')
    .set({ window_start: next.windowStart, count: next.count })
    .where('tenant_id', '=', target.tenantId)
    .where('bucket', '=', target.bucket)
    .where('key', '=', target.key)
    .execute();
  return next;
}
