/**
 * @module
 * The handlers of the manager's account routes (see users.routes.ts). A temporary password is
 * checked and hashed before the transaction opens: Argon2 takes tens of milliseconds and must not
 * hold a connection.
 */
import type { AppDeps } from '../../deps.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { passwordProblems } from '../../auth/password-policy.ts';
import { conflict, notFound, unprocessable, validationFailed } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { parseEmailAddress, requireEmailAddress } from '../../mail/address.ts';
import { issueAccountInvitation } from '../../members/account-invitation.ts';
import { withAdmin } from '../admin-caller.ts';
import { afterId, toPage } from '../pagination.ts';
import { storedPersonalCode } from '../../personal-codes/personal-code-key.ts';
import { INVALID_PERSONAL_CODE } from '../../personal-codes/personal-code.ts';
import { findAccount, findAccountByEmail, findOtherAccountWithCode, insertAccount, listAccounts, listGrants, setAccountPersonalCode } from './people.repository.ts';
import { grantView, userView } from './people.service.ts';
import { generateTemporaryPassword } from './temporary-password.ts';
import { createUserRoute, getUserRoute, inviteUserRoute, listUsersRoute, putUserPersonalCodeRoute, userGrantsRoute } from './users.routes.ts';

const emailTaken = () => conflict('email_taken', 'An account with this email exists already.', { email: 'taken' });
const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

/** The temporary password to set (the caller's or a made one) and its hash, or 422 when it breaks the rules. */
async function temporaryPasswordFor(email: string, typed: string | undefined) {
  const generated = typed === undefined ? generateTemporaryPassword(email) : undefined;
  const password = typed ?? generated!;
  const problems = passwordProblems(password, email);
  if (problems.length > 0) throw unprocessable('password_rejected', 'The temporary password does not meet the password rules.', { temporaryPassword: problems });
  return { generated, hash: await hashPassword(password) };
}

export function usersRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(createUserRoute, async (c) => {
    const body = c.req.valid('json');
    const email = requireEmailAddress(body.email);
    const temporary = body.signIn === 'temporary_password';
    if (!temporary && body.temporaryPassword !== undefined) throw validationFailed({ temporaryPassword: 'only_with_temporary_password' });
    const password = temporary ? await temporaryPasswordFor(email, body.temporaryPassword) : undefined;

    try {
      const created = await withAdmin(deps, c, async ({ trx, tenant, tenantId, now, audit }) => {
        if (await findAccountByEmail(trx, email)) throw emailTaken();
        const row = await insertAccount(trx, {
          tenantId,
          email,
          name: body.name ?? '',
          phone: body.phone || null,
          language: body.language ?? tenant.default_language,
          passwordHash: password?.hash ?? null,
          now,
        });
        await audit('admin.user.created', { type: 'user', id: row.id }, { email, signIn: body.signIn, passwordMadeByServer: password?.generated !== undefined });
        const invitation = temporary ? undefined : await issueAccountInvitation(trx, { tenant, account: row, now });
        if (invitation) await audit('admin.invitation.sent', { type: 'invitation', id: invitation.id }, { userId: row.id, email });
        return {
          user: userView(row),
          ...(password?.generated !== undefined ? { temporaryPassword: password.generated } : {}),
          ...(invitation ? { invitation: { id: invitation.id, email, expiresAt: invitation.expiresAt.toISOString() } } : {}),
        };
      });
      return c.json(created, 201);
    } catch (error) {
      // Two requests for one new email at the same instant: the unique index decides, not a 500.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  });

  router.openapi(listUsersRoute, async (c) => {
    const { limit, cursor, email: rawEmail } = c.req.valid('query');
    let email: string | undefined;
    if (rawEmail !== undefined) {
      const parsed = parseEmailAddress(rawEmail);
      if (!parsed.ok) throw validationFailed({ email: parsed.problem });
      email = parsed.email;
    }
    const after = afterId(cursor);
    const page = await withAdmin(deps, c, async ({ trx }) => toPage(await listAccounts(trx, { email, afterId: after, limit }), limit, userView));
    return c.json(page, 200);
  });

  router.openapi(getUserRoute, async (c) => {
    const { userId } = c.req.valid('param');
    const user = await withAdmin(deps, c, async ({ trx }) => {
      const row = await findAccount(trx, userId);
      if (!row) throw notFound();
      return userView(row);
    });
    return c.json({ user }, 200);
  });

  router.openapi(inviteUserRoute, async (c) => {
    const { userId } = c.req.valid('param');
    const invitation = await withAdmin(deps, c, async ({ trx, tenant, now, audit }) => {
      const row = await findAccount(trx, userId);
      if (!row) throw notFound();
      if (row.status === 'active') throw conflict('account_active', 'The account has a password already; the resident logs in or resets it.');
      if (row.status === 'disabled') throw conflict('account_disabled', 'The account is disabled.');
      const sent = await issueAccountInvitation(trx, { tenant, account: row, now });
      await audit('admin.invitation.sent', { type: 'invitation', id: sent.id }, { userId: row.id, email: row.email });
      return { id: sent.id, email: row.email, expiresAt: sent.expiresAt.toISOString() };
    });
    return c.json({ invitation }, 201);
  });

  router.openapi(userGrantsRoute, async (c) => {
    const { userId } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const after = afterId(cursor);
    const page = await withAdmin(deps, c, async ({ trx, now }) => {
      if (!(await findAccount(trx, userId))) throw notFound();
      return toPage(await listGrants(trx, { userId }, { afterId: after, limit }), limit, (row) => grantView(row, now));
    });
    return c.json(page, 200);
  });

  router.openapi(putUserPersonalCodeRoute, async (c) => {
    const { userId } = c.req.valid('param');
    const { personalCode } = c.req.valid('json');
    const stored = personalCode === null ? null : storedPersonalCode(deps.personalCodeKey, personalCode);
    if (stored === undefined) throw validationFailed({ personalCode: INVALID_PERSONAL_CODE });
    const answer = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      const before = await findAccount(trx, userId);
      if (!before) throw notFound();
      const hash = stored?.hash ?? null;
      if (before.personal_code_hash === hash) return { user: userView(before), result: 'unchanged' as const };
      if (hash && (await findOtherAccountWithCode(trx, tenantId, before.id, hash))) {
        throw conflict('personal_code_taken', 'Another account of this manager has this personal code.', { personalCode: 'taken' });
      }
      const row = await setAccountPersonalCode(trx, tenantId, before.id, hash, now);
      if (!row) throw notFound();
      // The code itself is never written to the log, nor its hash.
      await audit(hash ? 'admin.user.personal_code_set' : 'admin.user.personal_code_removed', { type: 'user', id: row.id }, {});
      return { user: userView(row), result: hash ? ('updated' as const) : ('removed' as const) };
    });
    return c.json(answer, 200);
  });

  return router;
}
