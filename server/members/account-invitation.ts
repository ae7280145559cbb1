/**
 * @module
 * Account invitations: the manager opens a portal account for a resident (POST /admin/users with
 * `signIn: "invitation"`) without choosing its password; the resident gets a link and chooses it.
 *
 * They are email_tokens with the purpose `invitation`, like an owner's household invitation, so
 * the link, the `<invitation-accept>` element and the routes that look up and accept it are the
 * same (members/invitations.handlers.ts tells the two apart by the payload's `kind`). What differs
 * is what accepting does: a household invitation grants access to premises; an account invitation
 * only sets the password of the account the manager made and activates it. Which premises that
 * account reaches is the manager's to decide (admin/people grants), before or after, so accepting
 * never widens anyone's access.
 *
 * The account waits as `pending` meanwhile, so it cannot log in. Inviting again replaces the
 * earlier link: only the newest works.
 */
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { Right, Tenant } from '../db/types.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import type { Language } from '../mail/layout.ts';
import { ALL_RIGHTS, effectiveRights } from '../rights/rights.ts';
import { accountInvitationEmail } from './account-invitation-email.ts';
import { invitationExpiresAt, invitationLifetimeDays } from './invitation-rules.ts';

export interface AccountInvitationPayload {
  kind: 'account';
  /** The account the manager made; the link sets its password. */
  userId: string;
  language: Language;
}

const PayloadSchema = z.object({ kind: z.literal('account'), userId: z.string(), language: z.enum(['lv', 'en', 'ru']) });

export interface AccountInvitationRow {
  id: string;
  email: string;
  payload: AccountInvitationPayload;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** The account invitation behind a token hash; undefined for any other token (a household invitation too). */
export async function findAccountInvitationByHash(trx: Tx, tokenHash: string): Promise<AccountInvitationRow | undefined> {
  const row = await trx
    .selectFrom('email_tokens')
    .select(['id', 'email', 'payload', 'created_at', 'expires_at', 'used_at'])
    .where('purpose', '=', 'invitation')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  const payload = PayloadSchema.safeParse(row?.payload);
  return row && payload.success ? { ...row, payload: payload.data } : undefined;
}

export interface InvitedAccount {
  id: string;
  email: string;
  language: Language;
}

/**
 * Sends the account its invitation: a fresh link (an earlier unused one stops working) in the
 * account's language, listing the premises it reaches so far. In the caller's transaction, so the
 * email is queued only if the change commits.
 */
export async function issueAccountInvitation(
  trx: Tx,
  input: { tenant: Pick<Tenant, 'id' | 'name' | 'settings' | 'time_zone'>; account: InvitedAccount; now: Date },
): Promise<{ id: string; createdAt: Date; expiresAt: Date }> {
  const { tenant, account, now } = input;
  await trx
    .deleteFrom('email_tokens')
    .where('purpose', '=', 'invitation')
    .where('user_id', '=', account.id)
    .where('used_at', 'is', null)
    .where(sql<boolean>`payload ->> 'kind' = 'account'`)
    .execute();
  const token = randomToken();
  const expiresAt = invitationExpiresAt(now, invitationLifetimeDays(tenant.settings));
  const payload: AccountInvitationPayload = { kind: 'account', userId: account.id, language: account.language };
  const row = await trx
    .insertInto('email_tokens')
    .values({
      tenant_id: tenant.id,
      purpose: 'invitation',
      token_hash: await sha256Hex(token),
      user_id: account.id,
      email: account.email,
      payload: JSON.stringify(payload),
      expires_at: expiresAt,
      created_at: now,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  const premises = await premisesInForce(trx, account.id, now);
  await enqueueEmail(
    trx,
    tenant.id,
    accountInvitationEmail({ tenant, to: account.email, language: account.language, addresses: premises.map((p) => p.label), token, expiresAt }),
  );
  return { id: row.id, createdAt: row.created_at, expiresAt };
}

/** The premises the user reaches at `now` (grants in force), by label. */
export async function premisesInForce(trx: Tx, userId: string, now: Date) {
  const rows = await trx
    .selectFrom('grants as g')
    .innerJoin('premises as p', 'p.id', 'g.premise_id')
    .select(['p.id', 'p.label', 'g.role', 'g.rights'])
    .where('g.user_id', '=', userId)
    .where((eb) => eb.or([eb('g.expires_at', 'is', null), eb('g.expires_at', '>', now)]))
    .orderBy('p.label')
    .execute();
  return rows;
}

/** What the invitee will be able to do, for the invitation page: every right any of the grants gives. */
export function offeredRights(premises: ReadonlyArray<{ id: string; role: 'owner' | 'proxy' | 'member'; rights: Right[] }>): Right[] {
  const rights = new Set(premises.flatMap((p) => effectiveRights({ premiseId: p.id, role: p.role, rights: p.rights })));
  return ALL_RIGHTS.filter((right) => rights.has(right));
}

export function invitedAccountOf(trx: Tx, userId: string) {
  return trx.selectFrom('users').select(['id', 'email', 'name', 'status']).where('id', '=', userId).executeTakeFirst();
}

/** The invitee chose a password: the pending account becomes active, its email proven by the link. */
export async function activateInvitedAccount(trx: Tx, userId: string, values: { passwordHash: string; name?: string | undefined }, now: Date): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: values.passwordHash,
      status: 'active',
      must_change_password: false,
      email_confirmed_at: now,
      password_changed_at: now,
      updated_at: now,
      ...(values.name ? { name: values.name } : {}),
    })
    .where('id', '=', userId)
    .where('status', '=', 'pending')
    .execute();
}
