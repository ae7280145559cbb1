/**
 * @module
 * The invitee's side: look an invitation up, and accept it. These routes need no login (the
 * single-use token from the email is the proof), run in the path tenant's transaction (so another
 * manager's link is simply not found), and never take a role, rights or tenant from the body:
 * all of that comes from what the owner stored with the invitation.
 *
 * Accepting happens in two transactions with the password hashed between them, because Argon2
 * takes tens of milliseconds and must not hold a connection. The second transaction checks
 * everything again and claims the link with a conditional UPDATE, so a link raced twice is
 * accepted once.
 *
 * The same routes accept the manager's account invitations (account-invitation.ts): those set the
 * password of the pending account the manager made and grant nothing themselves.
 */
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { passwordProblems } from '../auth/password-policy.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { ApiError, conflict, unprocessable, validationFailed } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { grantsOfUser } from '../premises/premises.repository.ts';
import { decide, grantAfterInvitation } from '../rights/rights.ts';
import {
  activateInvitedAccount,
  findAccountInvitationByHash,
  invitedAccountOf,
  offeredRights,
  premisesInForce,
  type AccountInvitationRow,
} from './account-invitation.ts';
import { invitationState } from './invitation-rules.ts';
import {
  claimInvitation,
  findInvitationByHash,
  findUserByEmail,
  insertMemberGrant,
  premiseLabels,
  setInvitationUser,
  setMemberRights,
  userName,
  type InvitationRow,
} from './members.repository.ts';
import { acceptInvitationRoute, lookupInvitationRoute } from './members.routes.ts';

const invitationNotFound = () => new ApiError(404, 'invitation_not_found', 'This invitation link is not valid.');
const invitationUsed = () => conflict('invitation_used', 'This invitation has already been accepted.');
const invitationExpired = () => unprocessable('invitation_expired', 'This invitation has expired. Ask for a new one.');
const invitationWithdrawn = () => unprocessable('invitation_withdrawn', 'The person who invited you can no longer give access to this address.');
const accountDisabled = () => unprocessable('account_disabled', 'This account is disabled. Contact the manager.');

interface UsableInvitation extends InvitationRow {
  /** The premises the inviter still manages: only those can still be granted. */
  premiseIds: string[];
}

/** The invitation behind the token, if it can still be accepted; otherwise the error that says why. */
async function usableInvitation(trx: Tx, tokenHash: string, now: Date): Promise<UsableInvitation> {
  const invitation = await findInvitationByHash(trx, tokenHash);
  if (!invitation) throw invitationNotFound();
  const state = invitationState(invitation, now);
  if (state === 'used') throw invitationUsed();
  if (state === 'expired') throw invitationExpired();
  // The inviter may have lost the premise (sold, proxy revoked) since sending: ask the rights module again.
  const inviterGrants = new Map((await grantsOfUser(trx, invitation.payload.invitedBy, now)).map((g) => [g.premiseId, g]));
  const premiseIds = invitation.payload.premiseIds.filter((id) => decide(inviterGrants.get(id), 'members.manage') === 'allow');
  if (premiseIds.length === 0) throw invitationWithdrawn();
  return { ...invitation, premiseIds };
}

/** The account invitation behind the token if it can still be accepted, with its account; undefined for other tokens. */
async function usableAccountInvitation(trx: Tx, tokenHash: string, now: Date) {
  const invitation = await findAccountInvitationByHash(trx, tokenHash);
  if (!invitation) return undefined;
  const state = invitationState(invitation, now);
  if (state === 'used') throw invitationUsed();
  if (state === 'expired') throw invitationExpired();
  const account = await invitedAccountOf(trx, invitation.payload.userId);
  // The manager deleted the account meanwhile (its tokens go with it, so this is a race at most).
  if (!account) throw invitationNotFound();
  if (account.status === 'disabled') throw accountDisabled();
  return { invitation, account };
}

async function accountInvitationDetails(trx: Tx, tenantName: string, found: { invitation: AccountInvitationRow; account: { email: string; status: string; id: string } }, now: Date) {
  const premises = await premisesInForce(trx, found.account.id, now);
  return {
    email: found.account.email,
    inviterName: tenantName,
    premises: premises.map((p) => ({ id: p.id, label: p.label })),
    rights: offeredRights(premises),
    expiresAt: found.invitation.expires_at.toISOString(),
    accountExists: found.account.status !== 'pending',
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

export function invitationsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(lookupInvitationRoute, async (c) => {
    const { token } = c.req.valid('json');
    const now = c.var.clock.now();
    const tokenHash = await sha256Hex(token);
    const body = await deps.database.withTenant(c.var.tenant.id, async (trx) => {
      const forAccount = await usableAccountInvitation(trx, tokenHash, now);
      if (forAccount) return accountInvitationDetails(trx, c.var.tenant.name, forAccount, now);
      const invitation = await usableInvitation(trx, tokenHash, now);
      const inviter = await userName(trx, invitation.payload.invitedBy);
      const account = await findUserByEmail(trx, invitation.email);
      return {
        email: invitation.email,
        inviterName: inviter?.name || inviter?.email || '',
        premises: await premiseLabels(trx, invitation.premiseIds),
        rights: invitation.payload.rights,
        expiresAt: invitation.expires_at.toISOString(),
        accountExists: account !== undefined && account.status !== 'pending',
      };
    });
    return c.json(body, 200);
  });

  router.openapi(acceptInvitationRoute, async (c) => {
    const { token, password, name } = c.req.valid('json');
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const tokenHash = await sha256Hex(token);

    const plan = await deps.database.withTenant(tenantId, async (trx) => {
      const forAccount = await usableAccountInvitation(trx, tokenHash, now);
      if (forAccount) return { email: forAccount.account.email, needsPassword: forAccount.account.status === 'pending', forAccount: true };
      const invitation = await usableInvitation(trx, tokenHash, now);
      const account = await findUserByEmail(trx, invitation.email);
      if (account?.status === 'disabled') throw accountDisabled();
      // A pending account was registered but its email never confirmed: whoever chose that
      // password never proved the address. The invitee has, so the invitee sets the password.
      return { email: invitation.email, needsPassword: !account || account.status === 'pending', forAccount: false };
    });

    let passwordHash: string | undefined;
    if (plan.needsPassword) {
      if (!password) throw validationFailed({ password: 'required' });
      const problems = passwordProblems(password, plan.email);
      if (problems.length > 0) throw unprocessable('password_rejected', 'The password does not meet the rules.', { password: problems });
      passwordHash = await hashPassword(password);
    }

    if (plan.forAccount) {
      const body = await deps.database.withTenant(tenantId, async (trx) => {
        const found = await usableAccountInvitation(trx, tokenHash, now);
        if (!found) throw invitationNotFound();
        if (!(await claimInvitation(trx, found.invitation.id, now))) throw invitationUsed();
        const { account } = found;
        const activates = account.status === 'pending';
        if (activates) {
          if (!passwordHash) throw validationFailed({ password: 'required' });
          await activateInvitedAccount(trx, account.id, { passwordHash, name }, now);
        }
        const outcome = activates ? ('created' as const) : ('linked' as const);
        await recordAudit(trx, {
          tenantId,
          actorId: account.id,
          action: 'invitation.accepted',
          target: { type: 'invitation', id: found.invitation.id },
          details: { email: account.email, kind: 'account', outcome },
          at: now,
        });
        const premises = await premisesInForce(trx, account.id, now);
        return { outcome, email: account.email, premises: premises.map((p) => ({ id: p.id, label: p.label })) };
      });
      return c.json(body, 200);
    }

    try {
      const body = await deps.database.withTenant(tenantId, async (trx) => {
        const invitation = await usableInvitation(trx, tokenHash, now);
        // Claimed first, so a second acceptance racing this one waits here and then finds it used.
        if (!(await claimInvitation(trx, invitation.id, now))) throw invitationUsed();
        const { rights, invitedBy, language } = invitation.payload;
        const account = await findUserByEmail(trx, invitation.email);
        if (account?.status === 'disabled') throw accountDisabled();

        let userId: string;
        let outcome: 'created' | 'linked';
        if (account && account.status === 'active') {
          userId = account.id;
          outcome = 'linked';
        } else {
          if (!passwordHash) throw validationFailed({ password: 'required' });
          const values = { password_hash: passwordHash, status: 'active' as const, email_confirmed_at: now, password_changed_at: now, updated_at: now };
          const user = account
            ? await trx.updateTable('users').set({ ...values, ...(name ? { name } : {}) }).where('id', '=', account.id).returning('id').executeTakeFirstOrThrow()
            : await trx
                .insertInto('users')
                .values({ ...values, tenant_id: tenantId, email: invitation.email, name: name ?? '', language, email_preferences: JSON.stringify({}), created_at: now })
                .returning('id')
                .executeTakeFirstOrThrow();
          userId = user.id;
          outcome = 'created';
        }

        await setInvitationUser(trx, invitation.id, userId);

        const existing = new Map((await grantsOfUser(trx, userId, now)).map((g) => [g.premiseId, g]));
        for (const premiseId of invitation.premiseIds) {
          const before = existing.get(premiseId);
          const change = grantAfterInvitation(before, rights);
          if (change === 'keep') continue;
          const details = { premiseId, userId, email: invitation.email, invitationId: invitation.id };
          if (change === 'create') {
            const grant = await insertMemberGrant(trx, { tenantId, userId, premiseId, rights, grantedBy: invitedBy, now });
            await recordAudit(trx, { tenantId, actorId: invitedBy, action: 'grant.given', target: { type: 'grant', id: grant.id }, details: { ...details, rights }, at: now });
          } else {
            const grant = await trx.selectFrom('grants').select('id').where('user_id', '=', userId).where('premise_id', '=', premiseId).executeTakeFirstOrThrow();
            await setMemberRights(trx, grant.id, rights, now);
            await recordAudit(trx, {
              tenantId,
              actorId: invitedBy,
              action: 'grant.changed',
              target: { type: 'grant', id: grant.id },
              details: { ...details, before: before?.rights ?? [], after: rights },
              at: now,
            });
          }
        }
        await recordAudit(trx, {
          tenantId,
          actorId: userId,
          action: 'invitation.accepted',
          target: { type: 'invitation', id: invitation.id },
          details: { email: invitation.email, premiseIds: invitation.premiseIds, rights, invitedBy, outcome },
          at: now,
        });
        return { outcome, email: invitation.email, premises: await premiseLabels(trx, invitation.premiseIds) };
      });
      return c.json(body, 200);
    } catch (error) {
      // Two different invitations for one new email accepted at the same instant: one creates
      // the account, the other must not become a 500. Trying again links the account.
      if (isUniqueViolation(error)) throw conflict('invitation_conflict', 'The invitation could not be accepted just now. Try again.');
      throw error;
    }
  });

  return router;
}
