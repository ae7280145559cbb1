/**
 * @module
 * The owner's side of household users: invite, list, change rights, remove, withdraw. Every
 * route asks the rights module for `members.manage` on each premise it touches, so members (who
 * lack it) get 403 and strangers 404. A change is visible to the member on its very next
 * request, because withResident loads the grants afresh for every request.
 */
import type { AppDeps } from '../deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requireAccess, withResident } from '../auth/resident.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import { conflict, notFound, tooManyRequests } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { requireEmailAddress } from '../mail/address.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { grantsOfUser } from '../premises/premises.repository.ts';
import { normalizeRights } from '../rights/rights.ts';
import { invitationEmail } from './invitation-email.ts';
import {
  INVITATIONS_PER_DAY,
  invitationExpiresAt,
  invitationLifetimeDays,
  invitationWindowStart,
  type InvitationPayload,
} from './invitation-rules.ts';
import {
  deleteGrant,
  findMember,
  findUserByEmail,
  insertInvitation,
  invitationsSentSince,
  membersOfPremise,
  pendingInvitations,
  premiseLabels,
  setMemberRights,
  withdrawPremise,
  type InvitationRow,
  type MemberRow,
} from './members.repository.ts';
import { isUuid } from '../http/ids.ts';
import { changeMemberRoute, inviteMemberRoute, listMembersRoute, removeMemberRoute, revokeInvitationRoute } from './members.routes.ts';

const memberJson = (row: Pick<MemberRow, 'user_id' | 'email' | 'name' | 'rights' | 'created_at' | 'updated_at'>) => ({
  userId: row.user_id,
  email: row.email,
  name: row.name,
  rights: normalizeRights(row.rights),
  grantedAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const invitationJson = (row: Pick<InvitationRow, 'id' | 'email' | 'payload' | 'created_at' | 'expires_at'>) => ({
  id: row.id,
  email: row.email,
  rights: row.payload.rights,
  premiseIds: row.payload.premiseIds,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

export function membersRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listMembersRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const body = await withResident(deps, c, async ({ trx, resident, now }) => {
      requireAccess(resident, premiseId, 'members.manage');
      // One after the other: a transaction is one connection.
      const members = await membersOfPremise(trx, premiseId);
      const invitations = await pendingInvitations(trx, premiseId, now);
      return { members: members.map(memberJson), invitations: invitations.map(invitationJson) };
    });
    return c.json(body, 200);
  });

  router.openapi(inviteMemberRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const input = c.req.valid('json');
    const tenant = c.var.tenant;
    const body = await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      const premiseIds = [...new Set([premiseId, ...(input.premiseIds ?? [])])];
      for (const id of premiseIds) requireAccess(resident, id, 'members.manage');

      if ((await invitationsSentSince(trx, resident.userId, invitationWindowStart(now))) >= INVITATIONS_PER_DAY) {
        throw tooManyRequests(3600);
      }

      // The stored normal form (trimmed, lower case, punycode domain), which lookups compare with `=`.
      const email = requireEmailAddress(input.email);
      const account = await findUserByEmail(trx, email);
      if (account) {
        const reached = new Set((await grantsOfUser(trx, account.id, now)).map((g) => g.premiseId));
        if (premiseIds.some((id) => reached.has(id))) {
          throw conflict('already_has_access', 'This person already has access to the address.', { email: 'already_has_access' });
        }
      }

      // Inviting again replaces the earlier link for these premises, so only the newest works.
      for (const id of premiseIds) {
        for (const earlier of await pendingInvitations(trx, id, now, email)) await withdrawPremise(trx, earlier, id);
      }

      const rights = normalizeRights(input.rights);
      const language = account?.language ?? input.language ?? resident.user.language;
      const payload: InvitationPayload = { premiseIds, rights, invitedBy: resident.userId, language };
      const token = randomToken();
      const expiresAt = invitationExpiresAt(now, invitationLifetimeDays(tenant.settings));
      const row = await insertInvitation(trx, {
        tenantId,
        email,
        userId: account?.id ?? null,
        tokenHash: await sha256Hex(token),
        payload,
        now,
        expiresAt,
      });

      const labels = await premiseLabels(trx, premiseIds);
      await enqueueEmail(
        trx,
        tenantId,
        invitationEmail({
          tenant,
          to: email,
          language,
          inviterName: resident.user.name || resident.user.email,
          addresses: labels.map((p) => p.label),
          rights,
          token,
          expiresAt,
        }),
      );
      await recordAudit(trx, {
        tenantId,
        actorId: resident.userId,
        action: 'invitation.sent',
        target: { type: 'invitation', id: row.id },
        details: { email, premiseIds, rights },
        at: now,
      });
      return invitationJson({ id: row.id, email, payload, created_at: row.created_at, expires_at: row.expires_at });
    });
    return c.json(body, 201);
  });

  router.openapi(changeMemberRoute, async (c) => {
    const { premiseId, memberId } = c.req.valid('param');
    const { rights: requested } = c.req.valid('json');
    const body = await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      requireAccess(resident, premiseId, 'members.manage');
      const member = await findMember(trx, premiseId, memberId);
      if (!member) throw notFound();
      const before = normalizeRights(member.rights);
      const rights = normalizeRights(requested);
      if (before.join() === rights.join()) return memberJson(member);
      const updated = await setMemberRights(trx, member.grant_id, rights, now);
      await recordAudit(trx, {
        tenantId,
        actorId: resident.userId,
        action: 'grant.changed',
        target: { type: 'grant', id: member.grant_id },
        details: { premiseId, userId: member.user_id, email: member.email, before, after: rights },
        at: now,
      });
      return memberJson({ ...member, ...updated });
    });
    return c.json(body, 200);
  });

  router.openapi(removeMemberRoute, async (c) => {
    const { premiseId, memberId } = c.req.valid('param');
    await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      requireAccess(resident, premiseId, 'members.manage');
      const member = await findMember(trx, premiseId, memberId);
      if (!member) throw notFound();
      await deleteGrant(trx, member.grant_id);
      await recordAudit(trx, {
        tenantId,
        actorId: resident.userId,
        action: 'grant.removed',
        target: { type: 'grant', id: member.grant_id },
        details: { premiseId, userId: member.user_id, email: member.email, rights: normalizeRights(member.rights) },
        at: now,
      });
    });
    return c.body(null, 204);
  });

  router.openapi(revokeInvitationRoute, async (c) => {
    const { premiseId, invitationId } = c.req.valid('param');
    await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      requireAccess(resident, premiseId, 'members.manage');
      const invitation = isUuid(invitationId) ? (await pendingInvitations(trx, premiseId, now)).find((i) => i.id === invitationId) : undefined;
      if (!invitation) throw notFound();
      await withdrawPremise(trx, invitation, premiseId);
      await recordAudit(trx, {
        tenantId,
        actorId: resident.userId,
        action: 'invitation.revoked',
        target: { type: 'invitation', id: invitation.id },
        details: { premiseId, email: invitation.email },
        at: now,
      });
    });
    return c.body(null, 204);
  });

  return router;
}
