/**
 * @module
 * Registration with proof, its confirmation, and the password reset. The rules live elsewhere
 * (proof.ts, email-tokens.ts, limits.ts, the password policy); this file puts them in order.
 *
 * Enumeration: once the proof holds, a taken email and a free one take the same path up to the
 * email that is queued (both hash the password, both write one outbox row), and answer the same.
 * The reset answers the same for unknown emails; its rate limits count unknown emails too.
 */
import type { AppDeps } from '../deps.ts';
import { hashPassword } from '../auth/passwords.ts';
import { passwordProblems } from '../auth/password-policy.ts';
import { clearCountersOfEmail } from '../auth/login-attempts.repository.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { ApiError, conflict, unprocessable, validationFailed } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { requireEmailAddress } from '../mail/address.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { queueResidentRegisteredEvent } from '../webhooks/webhook-events.ts';
import { alreadyRegisteredEmail, passwordChangedEmail, passwordResetEmail, registrationConfirmEmail } from '../mail/templates.ts';
import { checkRateLimit, consumeRateLimit, countHit } from '../rate-limit/rate-limit.repository.ts';
import { consumeEmailToken, issueEmailToken, requireUsableToken, retireUserTokens } from './email-tokens.repository.ts';
import { ACCOUNT_LIMITS } from './limits.ts';
import { proofMatches } from './proof.ts';
import { audit, createConfirmedAccount, findAccountByEmail, premiseForProof } from './registration.repository.ts';
import { forgotPasswordRoute, registerConfirmRoute, registerRoute, resetPasswordRoute } from './registration.routes.ts';

type Language = 'lv' | 'en' | 'ru';

const passwordRejected = (problems: string[]) =>
  unprocessable('password_rejected', 'The password does not meet the rules.', { password: problems });

const proofInvalid = () =>
  unprocessable(
    'registration_proof_invalid',
    'The account number, invoice number and invoice total do not match one of the last three invoices.',
  );

interface RegistrationPayload {
  premiseId: string;
  passwordHash: string;
  language: Language;
  invoicesByEmail: boolean;
}

export function registrationRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(registerRoute, async (c) => {
    const body = c.req.valid('json');
    const tenant = c.var.tenant;
    const now = c.var.clock.now();
    const email = requireEmailAddress(body.email);
    if (!body.acceptTerms) throw validationFailed({ acceptTerms: 'must_accept' }, 'Accept the terms of use first.');
    const problems = passwordProblems(body.password, email);
    if (problems.length > 0) throw passwordRejected(problems);
    const accountNumber = body.accountNumber.replace(/\s+/g, '');
    const language: Language = body.language ?? tenant.default_language;

    const clientLimit = { tenantId: tenant.id, bucket: 'register_proof_client', key: c.var.clientKey };
    const accountLimit = { tenantId: tenant.id, bucket: 'register_proof_account', key: accountNumber };
    // The failure must be counted even though the request fails, so it is thrown after commit.
    const proof = await deps.database.withTenant(tenant.id, async (trx) => {
      await checkRateLimit(trx, clientLimit, ACCOUNT_LIMITS.proofFailuresPerClient, now);
      await checkRateLimit(trx, accountLimit, ACCOUNT_LIMITS.proofFailuresPerAccount, now);
      const premise = await premiseForProof(trx, tenant.id, accountNumber);
      if (premise && proofMatches(premise.invoices, body.invoiceNumber, body.invoiceTotal)) return { premiseId: premise.id };
      await countHit(trx, clientLimit, ACCOUNT_LIMITS.proofFailuresPerClient, now);
      await countHit(trx, accountLimit, ACCOUNT_LIMITS.proofFailuresPerAccount, now);
      return undefined;
    });
    if (!proof) {
      c.var.log.info('registration proof refused');
      throw proofInvalid();
    }

    // Outside any transaction: Argon2 must not hold a connection. Done for taken emails too.
    const passwordHash = await hashPassword(body.password);
    await deps.database.withTenant(tenant.id, async (trx) => {
      await consumeRateLimit(trx, { tenantId: tenant.id, bucket: 'register_email', key: email }, ACCOUNT_LIMITS.registrationsPerEmail, now);
      const existing = await findAccountByEmail(trx, tenant.id, email);
      if (existing) {
        await enqueueEmail(trx, tenant.id, alreadyRegisteredEmail(tenant, { email: existing.email, name: existing.name, language: existing.language }));
        return;
      }
      const payload: RegistrationPayload = { premiseId: proof.premiseId, passwordHash, language, invoicesByEmail: body.invoicesByEmail };
      const token = await issueEmailToken(trx, { tenantId: tenant.id, purpose: 'register_confirm', email, payload: { ...payload }, now });
      await enqueueEmail(trx, tenant.id, registrationConfirmEmail(tenant, { email, language }, token));
    });
    return c.json({ status: 'confirmation_sent' as const, message: 'A confirmation was sent to your email address.' }, 202);
  });

  router.openapi(registerConfirmRoute, async (c) => {
    const { token } = c.req.valid('json');
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const email = await deps.database.withTenant(tenantId, async (trx) => {
      const row = await requireUsableToken(trx, tenantId, token, 'register_confirm', now);
      const payload = row.payload as Partial<RegistrationPayload>;
      if (!payload.premiseId || !payload.passwordHash) throw new ApiError(400, 'token_invalid', 'This link is not valid.', { token: 'token_invalid' });
      if (await findAccountByEmail(trx, tenantId, row.email)) {
        throw conflict('email_taken', 'This email already has an account. Log in, or reset the password.', { email: 'taken' });
      }
      await consumeEmailToken(trx, row.id, now);
      const account = await createConfirmedAccount(trx, {
        tenantId,
        email: row.email,
        passwordHash: payload.passwordHash,
        language: payload.language ?? 'lv',
        premiseId: payload.premiseId,
        invoicesByEmail: payload.invoicesByEmail === true,
        now,
      });
      // Other confirmation links for the same email (registered twice) can no longer be used.
      await trx
        .updateTable('email_tokens')
        .set({ used_at: now, payload: JSON.stringify({}) })
        .where('purpose', '=', 'register_confirm')
        .where('email', '=', row.email)
        .where('used_at', 'is', null)
        .execute();
      await audit(trx, { tenantId, actorId: account.id, action: 'registration.confirmed', details: { premises: account.premiseIds.length }, now });
      await queueResidentRegisteredEvent(trx, tenantId, { id: account.id, email: row.email, language: payload.language ?? 'lv' }, account.premiseIds, now);
      return row.email;
    });
    c.var.log.info('registration confirmed');
    return c.json({ status: 'registered' as const, email }, 200);
  });

  router.openapi(forgotPasswordRoute, async (c) => {
    const email = requireEmailAddress(c.req.valid('json').email);
    const tenant = c.var.tenant;
    const now = c.var.clock.now();
    await deps.database.withTenant(tenant.id, async (trx) => {
      await consumeRateLimit(trx, { tenantId: tenant.id, bucket: 'reset_client', key: c.var.clientKey }, ACCOUNT_LIMITS.resetsPerClient, now);
      await consumeRateLimit(trx, { tenantId: tenant.id, bucket: 'reset_email', key: email }, ACCOUNT_LIMITS.resetsPerEmail, now);
      const user = await findAccountByEmail(trx, tenant.id, email);
      if (!user || user.status !== 'active') return;
      const token = await issueEmailToken(trx, { tenantId: tenant.id, purpose: 'password_reset', userId: user.id, email: user.email, now });
      await enqueueEmail(trx, tenant.id, passwordResetEmail(tenant, { email: user.email, name: user.name, language: user.language }, token));
    });
    return c.json({ status: 'reset_email_sent' as const, message: 'If the email has an account, a reset link is on its way.' }, 202);
  });

  router.openapi(resetPasswordRoute, async (c) => {
    const { token, password } = c.req.valid('json');
    const tenant = c.var.tenant;
    const now = c.var.clock.now();
    const found = await deps.database.withTenant(tenant.id, async (trx) => {
      const row = await requireUsableToken(trx, tenant.id, token, 'password_reset', now);
      const user = row.user_id
        ? await trx.selectFrom('users').select(['id', 'email', 'status']).where('id', '=', row.user_id).executeTakeFirst()
        : undefined;
      if (!user || user.status !== 'active') throw new ApiError(400, 'token_invalid', 'This link is not valid.', { token: 'token_invalid' });
      return { tokenId: row.id, user };
    });
    const problems = passwordProblems(password, found.user.email);
    if (problems.length > 0) throw passwordRejected(problems);
    const passwordHash = await hashPassword(password);

    await deps.database.withTenant(tenant.id, async (trx) => {
      await consumeEmailToken(trx, found.tokenId, now);
      const user = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now })
        .where('id', '=', found.user.id)
        .returning(['id', 'email', 'name', 'language', 'email_confirmed_at'])
        .executeTakeFirstOrThrow();
      // Following the link proved the mailbox.
      if (!user.email_confirmed_at) await trx.updateTable('users').set({ email_confirmed_at: now }).where('id', '=', user.id).execute();
      await revokeUserSessions(trx, user.id);
      await retireUserTokens(trx, user.id, 'password_reset', now);
      // The owner who just proved the mailbox is not kept out by an attacker's failed logins.
      await clearCountersOfEmail(trx, tenant.id, user.email);
      await enqueueEmail(trx, tenant.id, passwordChangedEmail(tenant, { email: user.email, name: user.name, language: user.language }));
      await audit(trx, { tenantId: tenant.id, actorId: user.id, action: 'password.reset', now });
    });
    c.var.log.info('password reset', { userId: found.user.id });
    return c.json({ status: 'password_reset' as const, message: 'The password was changed. Log in with the new password.' }, 200);
  });

  return router;
}
