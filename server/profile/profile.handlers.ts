/**
 * @module
 * The profile: contact details and preferences, the email change (a link to the new address, a
 * notice to the old one, the change only on confirmation), logout everywhere, and unsubscribing
 * from reminder-type mail.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { withResident } from '../auth/resident.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { ApiError, conflict, validationFailed } from '../errors.ts';
import { createRouter, type AppEnv } from '../http/context.ts';
import { requireEmailAddress } from '../mail/address.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { alreadyRegisteredEmail, emailChangeConfirmEmail, emailChangeNoticeEmail } from '../mail/templates.ts';
import { verifyUnsubscribeToken } from '../mail/unsubscribe.ts';
import { consumeRateLimit } from '../rate-limit/rate-limit.repository.ts';
import { consumeEmailToken, issueEmailToken, requireUsableToken, retireUserTokens } from '../registration/email-tokens.repository.ts';
import { ACCOUNT_LIMITS } from '../registration/limits.ts';
import { audit, findAccountByEmail } from '../registration/registration.repository.ts';
import { nameProblem, normalizePhone } from './contact-details.ts';
import { effectivePreferences, loadProfile, saveProfile } from './profile.repository.ts';
import {
  confirmEmailChangeRoute,
  getProfileRoute,
  logoutEverywhereRoute,
  patchProfileRoute,
  requestEmailChangeRoute,
  unsubscribeRoute,
} from './profile.routes.ts';

const tokenInvalid = () => new ApiError(400, 'token_invalid', 'This link is not valid.', { token: 'token_invalid' });

export function profileRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(getProfileRoute, async (c) => {
    const profile = await withResident(deps, c, ({ trx, resident, now }) => loadProfile(trx, resident.userId, now), {
      allowPendingPasswordChange: true,
    });
    return c.json(profile, 200);
  });

  router.openapi(patchProfileRoute, async (c) => {
    const body = c.req.valid('json');
    const fields: Record<string, string> = {};
    const name = body.name?.trim();
    if (name !== undefined && nameProblem(name)) fields.name = nameProblem(name)!;
    const phone = body.phone === undefined ? undefined : normalizePhone(body.phone);
    if (body.phone !== undefined && phone === undefined) fields.phone = 'invalid_format';
    if (Object.keys(fields).length > 0) throw validationFailed(fields);

    const profile = await withResident(deps, c, async ({ trx, resident, now }) => {
      await saveProfile(
        trx,
        resident.userId,
        {
          ...(name !== undefined ? { name } : {}),
          ...(phone !== undefined ? { phone } : {}),
          ...(body.language ? { language: body.language } : {}),
          ...(body.emailPreferences ? { emailPreferences: body.emailPreferences } : {}),
        },
        now,
      );
      return loadProfile(trx, resident.userId, now);
    });
    return c.json(profile, 200);
  });

  router.openapi(requestEmailChangeRoute, async (c) => {
    const body = c.req.valid('json');
    const newEmail = requireEmailAddress(body.newEmail, 'newEmail');
    const tenant = c.var.tenant;
    // The attempt is counted even when the password is wrong, so the failure is thrown after commit.
    const outcome = await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      await consumeRateLimit(trx, { tenantId, bucket: 'email_change_user', key: resident.userId }, ACCOUNT_LIMITS.emailChangesPerUser, now);
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email', 'name', 'language', 'password_hash'])
        .where('id', '=', resident.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, body.currentPassword))) return 'wrong_password' as const;
      if (newEmail === user.email.toLowerCase()) return 'same_as_current' as const;
      const taken = await findAccountByEmail(trx, tenantId, newEmail);
      if (taken) {
        // The same answer as for a free address; the owner of that address learns why by email.
        await enqueueEmail(trx, tenantId, alreadyRegisteredEmail(tenant, { email: taken.email, name: taken.name, language: taken.language }));
        return 'sent' as const;
      }
      await retireUserTokens(trx, user.id, 'email_change', now);
      const token = await issueEmailToken(trx, { tenantId, purpose: 'email_change', userId: user.id, email: newEmail, payload: { oldEmail: user.email }, now });
      await enqueueEmail(trx, tenantId, emailChangeConfirmEmail(tenant, { email: newEmail, name: user.name, language: user.language }, token));
      await enqueueEmail(trx, tenantId, emailChangeNoticeEmail(tenant, { email: user.email, name: user.name, language: user.language }, newEmail));
      await audit(trx, { tenantId, actorId: user.id, action: 'email.change_requested', now });
      return 'sent' as const;
    });
    if (outcome === 'wrong_password') {
      throw new ApiError(400, 'current_password_incorrect', 'The current password is not right.', { currentPassword: 'incorrect' });
    }
    if (outcome === 'same_as_current') throw validationFailed({ newEmail: 'same_as_current' });
    return c.json({ status: 'confirmation_sent' as const, message: 'A confirmation link was sent to the new address.' }, 202);
  });

  router.openapi(confirmEmailChangeRoute, async (c) => {
    const { token } = c.req.valid('json');
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const email = await deps.database.withTenant(tenantId, async (trx) => {
      const row = await requireUsableToken(trx, tenantId, token, 'email_change', now);
      const user = row.user_id
        ? await trx.selectFrom('users').select(['id', 'email', 'status']).where('id', '=', row.user_id).executeTakeFirst()
        : undefined;
      const oldEmail = (row.payload as { oldEmail?: unknown }).oldEmail;
      // A link from before another email change no longer describes the account.
      if (!user || user.status !== 'active' || oldEmail !== user.email) throw tokenInvalid();
      const taken = await findAccountByEmail(trx, tenantId, row.email);
      if (taken && taken.id !== user.id) throw conflict('email_taken', 'This email already has an account.', { email: 'taken' });
      await consumeEmailToken(trx, row.id, now);
      await trx.updateTable('users').set({ email: row.email, email_confirmed_at: now, updated_at: now }).where('id', '=', user.id).execute();
      await retireUserTokens(trx, user.id, 'email_change', now);
      // Reset links sent to the old address must not work any more.
      await retireUserTokens(trx, user.id, 'password_reset', now);
      await audit(trx, { tenantId, actorId: user.id, action: 'email.changed', now });
      return row.email;
    });
    c.var.log.info('email changed');
    return c.json({ status: 'email_changed' as const, email }, 200);
  });

  router.openapi(logoutEverywhereRoute, async (c) => {
    await withResident(
      deps,
      c,
      async ({ trx, resident, tenantId, now }) => {
        await revokeUserSessions(trx, resident.userId);
        await audit(trx, { tenantId, actorId: resident.userId, action: 'sessions.revoked_all', now });
      },
      { allowPendingPasswordChange: true },
    );
    return c.body(null, 204);
  });

  router.openapi(unsubscribeRoute, async (c) => {
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const token = c.req.valid('query').token ?? (await tokenFromJson(c));
    const target = token ? await verifyUnsubscribeToken(deps.keys, token, tenantId, now) : null;
    if (!target) throw tokenInvalid();
    await deps.database.withTenant(tenantId, async (trx) => {
      const user = await trx.selectFrom('users').select(['id', 'email_preferences']).where('id', '=', target.userId).executeTakeFirst();
      if (!user) throw tokenInvalid();
      const preferences = { ...effectivePreferences(user.email_preferences), [target.category]: false };
      await trx.updateTable('users').set({ email_preferences: JSON.stringify(preferences), updated_at: now }).where('id', '=', user.id).execute();
      await audit(trx, { tenantId, actorId: user.id, action: 'email.unsubscribed', details: { category: target.category }, now });
    });
    return c.json({ status: 'unsubscribed' as const, category: target.category }, 200);
  });

  return router;
}

/** The widget sends `{ "token": "…" }`; a mail client's one-click body is a form and carries none. */
async function tokenFromJson(c: Context<AppEnv>): Promise<string | undefined> {
  if (!(c.req.header('content-type') ?? '').includes('json')) return undefined;
  try {
    const value = (await c.req.json()) as { token?: unknown };
    return typeof value?.token === 'string' && value.token.length <= 2048 ? value.token : undefined;
  } catch {
    return undefined;
  }
}
