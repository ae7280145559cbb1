/**
 * @module
 * Storage of single-use email tokens (table email_tokens); the rules are in email-tokens.ts.
 */
import type { Tx } from '../db/database.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import { TOKEN_SHAPE, tokenError, tokenFailure, TOKEN_LIFETIMES_MS, type EmailTokenPurpose } from './email-tokens.ts';

export interface IssueTokenInput {
  tenantId: string;
  purpose: keyof typeof TOKEN_LIFETIMES_MS;
  userId?: string | null;
  email: string;
  payload?: Record<string, unknown>;
  now: Date;
}

/** Creates a token and returns it; only its hash is stored. */
export async function issueEmailToken(trx: Tx, input: IssueTokenInput): Promise<string> {
  const token = randomToken();
  await trx
    .insertInto('email_tokens')
    .values({
      tenant_id: input.tenantId,
      purpose: input.purpose,
      token_hash: await sha256Hex(token),
      user_id: input.userId ?? null,
      email: input.email,
      payload: JSON.stringify(input.payload ?? {}),
      expires_at: new Date(input.now.getTime() + TOKEN_LIFETIMES_MS[input.purpose]),
      created_at: input.now,
    })
    .execute();
  return token;
}

export async function findEmailToken(trx: Tx, tenantId: string, token: string) {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  return trx
    .selectFrom('email_tokens')
    .select(['id', 'purpose', 'user_id', 'email', 'payload', 'expires_at', 'used_at'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', await sha256Hex(token))
    .executeTakeFirst();
}

export type FoundToken = NonNullable<Awaited<ReturnType<typeof findEmailToken>>>;

/** The token if it may be used for `purpose` now; throws its failure code otherwise. */
export async function requireUsableToken(trx: Tx, tenantId: string, token: string, purpose: EmailTokenPurpose, now: Date): Promise<FoundToken> {
  const row = await findEmailToken(trx, tenantId, token);
  const failure = tokenFailure(row, purpose, now);
  if (failure || !row) throw tokenError(failure ?? 'token_invalid');
  return row;
}

/**
 * Marks the token used. The update is conditional, so of two concurrent uses exactly one wins;
 * the loser gets `token_used`. The payload is emptied: it may hold a password hash.
 */
export async function consumeEmailToken(trx: Tx, id: string, now: Date): Promise<void> {
  const row = await trx
    .updateTable('email_tokens')
    .set({ used_at: now, payload: JSON.stringify({}) })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw tokenError('token_used');
}

/** Ends every other open token of a user for one purpose (after a reset, the older reset links die). */
export async function retireUserTokens(trx: Tx, userId: string, purpose: EmailTokenPurpose, now: Date): Promise<void> {
  await trx
    .updateTable('email_tokens')
    .set({ used_at: now, payload: JSON.stringify({}) })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}
