/**
 * @module
 * What every route under /v1/{tenant} expects of its callers: the one table the access matrix
 * (access-matrix.test.ts) checks. The matrix finds the routes itself, in the app's route list,
 * so a route added without an entry here FAILS it, and so does an entry for a route that is gone.
 *
 * Adding a route? Add one entry, keyed `METHOD /path` with `{param}` placeholders, the path as in
 * its createRoute (relative to /v1/{tenant}):
 *
 * - `scope: 'premise'` with the `action` the route asks the rights module for on `{premiseId}`.
 *   The matrix then expects, for every persona: the success status for those whose grant on the
 *   target premise allows the action, 403 for those who see the premise but lack the right, 404
 *   for everyone without a grant on it (neighbours, other buildings, the other tenant's
 *   resident asking on its own path), 401 without a token, with an expired one, or with another
 *   tenant's token.
 * - `scope: 'building'`: the same, decided by the persona's grants on any premise of the target's
 *   building (`{buildingId}` is the target's building).
 * - `scope: 'user'`: any logged-in resident of the tenant; 401 otherwise.
 * - `scope: 'public'`: no resident token needed (login, invitation links). Say why.
 * - `scope: 'admin'`: management routes; no resident token opens them.
 *
 * `prepare` returns a request the allowed personas can succeed with (path params, a query, a JSON
 * body or a multipart `form`);
 * it runs before every persona's request, so mutating routes get a fresh object each time.
 * `foreign` (optional) names an object of *another* premise while asking on the target premise:
 * the target's owner must get 404 (an id from elsewhere never opens anything).
 * `overrides` pins a persona's status where the generic rule does not fit (e.g. strong login);
 * `session: 'throwaway'` gives each call a session of its own (for routes that end sessions).
 */
import { sha256Hex } from '../../server/auth/tokens.ts';
import { publishDocument } from '../../server/documents/documents.service.ts';
import type { FileChanges } from '../../server/files/stored-files.ts';
import { attachInvoicePdf } from '../../server/invoices/invoices.repository.ts';
import { publishNotice } from '../../server/notices/notices.service.ts';
import type { Action } from '../../server/rights/rights.ts';
import { openThread, replyAsManager } from '../../server/threads/threads.service.ts';
import type { MatrixFixture, PersonaName, SeededPremise } from './access-matrix.fixture.ts';
import { createUser, grant, PASSWORD } from './support/test-app.ts';

export interface RequestPlan {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data instead (uploads). */
  form?: Record<string, string>;
}

type Prepare = (fx: MatrixFixture) => Promise<RequestPlan> | RequestPlan;

interface Common {
  /** Status of an allowed call (default 200); a list when several are right. */
  success?: number | number[];
  prepare?: Prepare;
  overrides?: Partial<Record<PersonaName, number>>;
  /** Why this route is shaped the way it is, when it is not obvious. */
  why?: string;
  /**
   * `throwaway`: each persona calls with a session opened just for this call, for routes that end
   * sessions (logout everywhere), so the personas' own sessions live on for the other routes.
   */
  session?: 'throwaway';
}

export type RouteExpectation =
  | ({ scope: 'premise' | 'building'; action: Action; foreign?: Prepare } & Common)
  | ({ scope: 'user' } & Common)
  | { scope: 'public'; why: string }
  | { scope: 'admin'; why: string };

/** A member of `premise`, created fresh, for routes that change or remove one. */
async function freshMember(fx: MatrixFixture, premise: SeededPremise): Promise<string> {
  const user = await createUser(fx.ctx.database, premise.tenantId, `${fx.unique('member')}@example.lv`);
  await grant(fx.ctx.database, premise.tenantId, user.id, premise.id, 'member', ['invoices']);
  return user.id;
}

/** A pending invitation to `premise`, written directly (its inviter is not one of the personas). */
async function freshInvitation(fx: MatrixFixture, premise: SeededPremise): Promise<string> {
  const inviter = await createUser(fx.ctx.database, premise.tenantId, `${fx.unique('inviter')}@example.lv`);
  await grant(fx.ctx.database, premise.tenantId, inviter.id, premise.id, 'owner');
  const row = await fx.ctx.database.db
    .insertInto('email_tokens')
    .values({
      tenant_id: premise.tenantId,
      purpose: 'invitation',
      token_hash: await sha256Hex(fx.unique('token')),
      email: `${fx.unique('invitee')}@example.lv`,
      payload: JSON.stringify({ premiseIds: [premise.id], rights: ['invoices'], invitedBy: inviter.id, language: 'lv' }),
      expires_at: new Date(fx.ctx.clock.now().getTime() + 24 * 3600 * 1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The premises an invitation covers are also rows, which is how it is found (migration 0010).
  await fx.ctx.database.db.insertInto('invitation_premises').values({ tenant_id: premise.tenantId, email_token_id: row.id, premise_id: premise.id }).execute();
  return row.id;
}

/** A fixture's files go to the app's stores; nothing to clean up after a committed setup. */
const changesOf = (fx: MatrixFixture): FileChanges => ({ stores: fx.ctx.deps.files, written: [], dropped: [] });

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

/** A live notice addressed to `premise` alone, with one attachment. */
async function freshNotice(fx: MatrixFixture, premise: SeededPremise): Promise<{ noticeId: string; fileId: string }> {
  return fx.ctx.database.withTenant(premise.tenantId, async (trx) => {
    const notice = await publishNotice(
      trx,
      changesOf(fx),
      premise.tenantId,
      { title: fx.unique('Notice '), body: 'Text', audience: 'premises', premiseIds: [premise.id], attachments: [{ fileName: 'a.pdf', content: pdf('notice') }] },
      fx.ctx.clock.now(),
    );
    const attachment = await trx.selectFrom('notice_attachments').select('file_id').where('notice_id', '=', notice.id).executeTakeFirstOrThrow();
    return { noticeId: notice.id, fileId: attachment.file_id };
  });
}

/** A published document of `premise`'s building that a basic login may open. */
async function freshDocument(fx: MatrixFixture, premise: SeededPremise): Promise<string> {
  return fx.ctx.database.withTenant(premise.tenantId, async (trx) => {
    const input = { buildingId: premise.buildingId, category: 'report' as const, title: fx.unique('Report '), date: '2026-01-31', file: { fileName: 'r.pdf', content: pdf('report') } };
    return (await publishDocument(trx, changesOf(fx), premise.tenantId, input, fx.ctx.clock.now())).id;
  });
}

/** A thread of `premise` with the manager's answer carrying a file. */
export async function freshThread(fx: MatrixFixture, premise: SeededPremise): Promise<{ threadId: string; messageId: string }> {
  return fx.ctx.database.withTenant(premise.tenantId, async (trx) => {
    const now = fx.ctx.clock.now();
    const thread = await openThread(trx, changesOf(fx), premise.tenantId, { premiseId: premise.id, userId: fx.ownerId, subject: fx.unique('Question '), body: 'Hello', notifyByEmail: false }, now);
    const tenant = await trx.selectFrom('tenants').select(['id', 'name', 'settings']).where('id', '=', premise.tenantId).executeTakeFirstOrThrow();
    const reply = await replyAsManager(trx, changesOf(fx), tenant, { threadId: thread.id, body: 'Answer', file: { fileName: 'answer.pdf', content: pdf('answer') } }, now);
    return { threadId: thread.id, messageId: reply.messageId };
  });
}

/**
 * A meter of `premise` with no readings yet, with the reading window held open around the test
 * clock by a manager's override, so an allowed submission is stored (201) rather than refused.
 */
async function freshMeter(fx: MatrixFixture, premise: SeededPremise): Promise<string> {
  const now = fx.ctx.clock.now();
  const db = fx.ctx.database.db;
  await db
    .insertInto('reading_window_overrides')
    .values({
      tenant_id: premise.tenantId,
      period: now.toISOString().slice(0, 7),
      opens_at: new Date(now.getTime() - 24 * 3600 * 1000),
      closes_at: new Date(now.getTime() + 24 * 3600 * 1000),
      note: 'access matrix: window open',
    })
    // The tenant-wide override (building_id null) is unique per period through a partial index.
    .onConflict((oc) => oc.columns(['tenant_id', 'period']).where('building_id', 'is', null).doNothing())
    .execute();
  const row = await db
    .insertInto('meters')
    .values({ tenant_id: premise.tenantId, premise_id: premise.id, kind: 'cold_water', serial_number: fx.unique('CW-') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An invoice of `premise` with its PDF. */
async function freshInvoice(fx: MatrixFixture, premise: SeededPremise): Promise<string> {
  return fx.ctx.database.withTenant(premise.tenantId, async (trx) => {
    const row = await trx
      .insertInto('invoices')
      .values({
        tenant_id: premise.tenantId,
        premise_id: premise.id,
        number: fx.unique('INV-'),
        issue_date: '2026-05-05',
        period: '2026-04',
        due_date: '2026-05-25',
        amount: '42.10',
        total_due: '42.10',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await attachInvoicePdf(trx, changesOf(fx), premise.tenantId, row.id, { fileName: 'invoice.pdf', content: pdf('invoice') });
    return row.id;
  });
}

export const ROUTE_EXPECTATIONS: Record<string, RouteExpectation> = {
  // --- auth (issue 1) ---
  'POST /auth/login': { scope: 'public', why: 'how a resident gets a token' },
  'POST /auth/refresh': { scope: 'public', why: 'the refresh token in the body is the credential' },
  'POST /auth/logout': { scope: 'public', why: 'ends the session of whatever token comes along; 204 for anyone' },

  // --- the manager's staff (issue 14): their own login, never a resident's token ---
  'POST /staff/login': { scope: 'public', why: "a staff member's first login step (email + password)" },
  'POST /staff/login/totp': { scope: 'public', why: 'the login token of the first step is the credential' },
  'POST /staff/logout': { scope: 'admin', why: 'needs a staff token; a resident token is refused' },
  'GET /staff/session': { scope: 'admin', why: 'needs a staff token; a resident token is refused' },
  'POST /staff/password': { scope: 'admin', why: "a staff member's own password change: needs a staff token; a resident token is refused" },
  'POST /auth/password/change': {
    scope: 'user',
    // A wrong current password: reaching the check proves the route let the caller in, and no
    // persona's session is revoked on the way (a real change would end them all).
    prepare: () => ({ body: { currentPassword: 'not-the-password-at-all', newPassword: 'Kalnu-Ezers-2027!' } }),
    success: 400,
  },

  // --- accounts: registration, reset, profile (issue 7) ---
  'POST /auth/register': { scope: 'public', why: 'a new resident proves the contract with invoice details' },
  // --- strong login (issue 12) ---
  'GET /auth/oidc/providers': { scope: 'public', why: 'the buttons a login widget shows, before anyone has logged in' },
  'GET /auth/oidc/{slug}/start': { scope: 'public', why: 'opened in a popup before anyone has logged in' },
  'GET /auth/oidc/{slug}/callback': { scope: 'public', why: "the provider's redirect; the state only this login knows is the credential" },
  'POST /auth/oidc/exchange': { scope: 'public', why: 'the one-time code, from its opener origin, is the credential' },
  'POST /auth/register/confirm': { scope: 'public', why: 'the single-use token from the email is the credential' },
  'POST /auth/password/forgot': { scope: 'public', why: 'answers alike for every email' },
  'POST /auth/password/reset': { scope: 'public', why: 'the single-use token from the email is the credential' },
  'POST /me/email/confirm': { scope: 'public', why: 'the single-use token from the email is the credential' },
  'POST /email/unsubscribe': { scope: 'public', why: 'the token from the unsubscribe link is the credential' },
  'GET /me/profile': { scope: 'user' },
  'PATCH /me': { scope: 'user', prepare: () => ({ body: { phone: '+371 20000000' } }) },
  'POST /me/email': {
    scope: 'user',
    success: 202,
    prepare: (fx) => ({ body: { newEmail: `${fx.unique('new')}@example.lv`, currentPassword: PASSWORD } }),
  },
  'POST /auth/logout-everywhere': { scope: 'user', success: 204, session: 'throwaway' },

  // --- me and members (issue 4) ---
  'GET /me': { scope: 'user' },
  'GET /premises/{premiseId}/members': { scope: 'premise', action: 'members.manage' },
  'POST /premises/{premiseId}/members': {
    scope: 'premise',
    action: 'members.manage',
    success: 201,
    prepare: (fx) => ({ body: { email: `${fx.unique('invitee')}@example.lv`, rights: ['invoices'] } }),
  },
  'PATCH /premises/{premiseId}/members/{memberId}': {
    scope: 'premise',
    action: 'members.manage',
    prepare: async (fx) => ({ params: { memberId: await freshMember(fx, fx.target) }, body: { rights: ['readings'] } }),
    foreign: async (fx) => ({ params: { memberId: await freshMember(fx, fx.neighbour) }, body: { rights: ['readings'] } }),
  },
  'DELETE /premises/{premiseId}/members/{memberId}': {
    scope: 'premise',
    action: 'members.manage',
    success: 204,
    prepare: async (fx) => ({ params: { memberId: await freshMember(fx, fx.target) } }),
    foreign: async (fx) => ({ params: { memberId: await freshMember(fx, fx.neighbour) } }),
  },
  'DELETE /premises/{premiseId}/invitations/{invitationId}': {
    scope: 'premise',
    action: 'members.manage',
    success: 204,
    prepare: async (fx) => ({ params: { invitationId: await freshInvitation(fx, fx.target) } }),
    foreign: async (fx) => ({ params: { invitationId: await freshInvitation(fx, fx.neighbour) } }),
  },
  'POST /invitations/lookup': { scope: 'public', why: 'the single-use token from the email is the credential' },
  'POST /invitations/accept': { scope: 'public', why: 'the single-use token from the email is the credential' },

  // --- invoices (issue 5) ---
  'GET /premises/{premiseId}/invoices': { scope: 'premise', action: 'invoices.view' },
  'GET /premises/{premiseId}/invoices/{invoiceId}': {
    scope: 'premise',
    action: 'invoices.view',
    prepare: async (fx) => ({ params: { invoiceId: await freshInvoice(fx, fx.target) } }),
    foreign: async (fx) => ({ params: { invoiceId: await freshInvoice(fx, fx.neighbour) } }),
  },
  'GET /premises/{premiseId}/invoices/{invoiceId}/pdf': {
    scope: 'premise',
    action: 'invoices.view',
    prepare: async (fx) => ({ params: { invoiceId: await freshInvoice(fx, fx.target) } }),
    foreign: async (fx) => ({ params: { invoiceId: await freshInvoice(fx, fx.neighbour) } }),
  },

  // --- readings (issue 3) ---
  'GET /premises/{premiseId}/meters': { scope: 'premise', action: 'readings.view' },
  'GET /premises/{premiseId}/meters/{meterId}/readings': {
    scope: 'premise',
    action: 'readings.view',
    prepare: async (fx) => ({ params: { meterId: await freshMeter(fx, fx.target) } }),
    foreign: async (fx) => ({ params: { meterId: await freshMeter(fx, fx.neighbour) } }),
  },
  'POST /premises/{premiseId}/meters/{meterId}/readings': {
    scope: 'premise',
    action: 'readings.submit',
    success: 201,
    prepare: async (fx) => ({ params: { meterId: await freshMeter(fx, fx.target) }, body: { value: '12,5', confirm: true } }),
    foreign: async (fx) => ({ params: { meterId: await freshMeter(fx, fx.neighbour) }, body: { value: '12,5', confirm: true } }),
  },

  // --- notices, documents, threads (issue 6) ---
  'GET /notices': { scope: 'premise', action: 'notices.view', prepare: (fx) => ({ query: { premise: fx.target.id } }) },
  'POST /notices/{noticeId}/read': {
    scope: 'premise',
    action: 'notices.view',
    success: 204,
    why: 'a notice addressed to the target premise alone: whoever reaches it may read it',
    prepare: async (fx) => ({ params: { noticeId: (await freshNotice(fx, fx.target)).noticeId } }),
    foreign: async (fx) => ({ params: { noticeId: (await freshNotice(fx, fx.otherBuilding)).noticeId } }),
  },
  'GET /notices/{noticeId}/attachments/{fileId}': {
    scope: 'premise',
    action: 'notices.view',
    prepare: async (fx) => ({ params: await freshNotice(fx, fx.target) }),
    foreign: async (fx) => ({ params: await freshNotice(fx, fx.otherBuilding) }),
  },
  'GET /premises/{premiseId}/documents': { scope: 'premise', action: 'documents.view' },
  'GET /premises/{premiseId}/documents/{documentId}/file': {
    scope: 'premise',
    action: 'documents.view',
    prepare: async (fx) => ({ params: { documentId: await freshDocument(fx, fx.target) } }),
    foreign: async (fx) => ({ params: { documentId: await freshDocument(fx, fx.otherBuilding) } }),
  },
  'GET /premises/{premiseId}/threads': { scope: 'premise', action: 'threads.use' },
  'POST /premises/{premiseId}/threads': {
    scope: 'premise',
    action: 'threads.use',
    success: 201,
    prepare: (fx) => ({ form: { subject: fx.unique('Subject '), body: 'A question' } }),
  },
  'GET /premises/{premiseId}/threads/{threadId}/messages': {
    scope: 'premise',
    action: 'threads.use',
    prepare: async (fx) => ({ params: { threadId: (await freshThread(fx, fx.target)).threadId } }),
    foreign: async (fx) => ({ params: { threadId: (await freshThread(fx, fx.neighbour)).threadId } }),
  },
  'POST /premises/{premiseId}/threads/{threadId}/messages': {
    scope: 'premise',
    action: 'threads.use',
    success: 201,
    prepare: async (fx) => ({ params: { threadId: (await freshThread(fx, fx.target)).threadId }, form: { body: 'More' } }),
    foreign: async (fx) => ({ params: { threadId: (await freshThread(fx, fx.neighbour)).threadId }, form: { body: 'More' } }),
  },
  'GET /premises/{premiseId}/threads/{threadId}/messages/{messageId}/file': {
    scope: 'premise',
    action: 'threads.use',
    prepare: async (fx) => ({ params: await freshThread(fx, fx.target) }),
    foreign: async (fx) => ({ params: await freshThread(fx, fx.neighbour) }),
  },
};
