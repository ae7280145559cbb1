/**
 * @module
 * Who calls, and what each operation expects of them: the caller fixtures of the reliability
 * suites (fuzz, headers, conformance).
 *
 * The world is the access matrix's (tests/server/access-matrix.fixture.ts): tenant `matrix` with
 * a target premise, its owner, proxy and members with each set of rights, a neighbour, a resident
 * of another building, a resident of another tenant, no token and an expired token. Added here:
 * a forged token (signed with another key), a token that is not a JWT, and the other tenant's
 * resident presenting its token on this tenant's path.
 *
 * Each operation of the document needs a fixture, or the suites fail naming it:
 * - resident operations take theirs from the access matrix's table
 *   (tests/server/access-matrix.expectations.ts): who is allowed follows from its scope and
 *   action through the rights module, and `prepare` gives the request;
 * - public operations are in PUBLIC_FIXTURES below;
 * - the manager's admin API (`/v1/{tenant}/admin/…`, API keys `dsk_…`): who may call follows
 *   from the admin matrix's table (tests/server/admin-access.expectations.ts) through the admin
 *   rights module; the request is a row of ADMIN_PLANS;
 * - the operator's API (`/v1/operator/…`): a row of OPERATOR_PLANS.
 * - the staff's own session routes (`/v1/{tenant}/staff/…` with a staff token): STAFF_PLANS.
 * The management callers (keys of each scope, another tenant's key, the operator, staff of each
 * role and another tenant's staff) are made in managementCallers.
 */
import { randomUUID } from 'node:crypto';
import { signAccessToken, createTokenKeys } from '../../../server/auth/tokens.ts';
import { insertApiKey } from '../../../server/admin/api-keys.repository.ts';
import { insertDelivery, insertEndpoint } from '../../../server/webhooks/webhooks.repository.ts';
import type { ApiKeyScope, StaffRole } from '../../../server/db/types.ts';
import { mayAdmin, type AdminAction } from '../../../server/rights/admin-rights.ts';
import { openStaffAccount, prepareStaffAccount } from '../../../server/staff/staff-accounts.ts';
import { createStaffSession } from '../../../server/staff/staff-sessions.ts';
import { decide, type Action } from '../../../server/rights/rights.ts';
import { ADMIN_ROUTE_ACTIONS } from '../../server/admin-access.expectations.ts';
import { freshThread, ROUTE_EXPECTATIONS, type RequestPlan as MatrixPlan, type RouteExpectation } from '../../server/access-matrix.expectations.ts';
import { buildMatrixWorld, OTHER_TENANT, TENANT, type MatrixFixture, type Persona, type PersonaName } from '../../server/access-matrix.fixture.ts';
import { PDF } from '../../server/support/admin-content.ts';
import { createTenant, createUser, grant, login, PASSWORD } from '../../server/support/test-app.ts';
import type { Operation } from './operations.ts';
import { urlFor } from './operations.ts';

export interface RequestPlan extends Omit<MatrixPlan, 'form'> {
  /** Sent as multipart/form-data instead (uploads); a File is sent as a file part. */
  form?: Record<string, string | File>;
  /** A body sent as is, with this content type (the fuzz's malformed bodies). */
  raw?: { contentType: string; body: string | Uint8Array };
}

export type ManagementCallerName =
  | 'admin key (read)'
  | 'admin key (write)'
  | 'admin key (read, write)'
  | "another tenant's admin key"
  | 'operator'
  | 'staff (admin)'
  | 'staff (staff)'
  | "another tenant's staff";
export type CallerName = PersonaName | 'forged token' | 'not a JWT' | 'resident of another tenant, on this path' | ManagementCallerName;

export interface Caller {
  name: CallerName;
  /** The tenant slug of the path (`{tenant}`). */
  tenant: string;
  /** The resident persona behind it, if any (for fresh sessions and the leak check). */
  persona?: Persona;
  /** An admin key's scopes. */
  scopes?: ApiKeyScope[];
  /** A staff session's account (of this tenant), for its role and for throwaway sessions. */
  staff?: { tenantId: string; staffId: string; role: StaffRole };
  authorization?: string;
}

export interface OperationFixture {
  /** Callers who get `success` for `prepare`'s request. */
  allowed: CallerName[];
  /** Callers who may neither see nor change anything here: 401/403/404, and no row written. */
  forbidden: CallerName[];
  success: number[];
  prepare: (world: World) => Promise<RequestPlan> | RequestPlan;
  /** The operation ends sessions: each call gets a session of its own. */
  throwawaySession?: boolean;
}

export interface World {
  fx: MatrixFixture;
  callers: Caller[];
  caller(name: CallerName): Caller;
}

/**
 * Public operations: no resident token opens them (login, links from emails). `prepare` is the
 * honest request of someone who has what the operation asks for, or, where that is a single-use
 * emailed token, a stale one: the documented refusal is the success of that call.
 */
const PUBLIC_FIXTURES: Record<string, Omit<OperationFixture, 'allowed' | 'forbidden'>> = {
  'POST /v1/{tenant}/auth/login': { success: [200], prepare: () => ({ body: { email: 'owner@example.lv', password: PASSWORD } }) },
  'POST /v1/{tenant}/auth/refresh': {
    success: [200],
    prepare: async (w) => ({ body: { refreshToken: (await login(w.fx.ctx, TENANT, 'proxy@example.lv')).refreshToken } }),
  },
  'POST /v1/{tenant}/auth/logout': {
    success: [204],
    prepare: async (w) => ({ body: { refreshToken: (await login(w.fx.ctx, TENANT, 'proxy@example.lv')).refreshToken } }),
  },
  'POST /v1/{tenant}/auth/register': {
    success: [202, 429],
    prepare: async (w) => ({
      body: { ...(await registrationProof(w.fx)), email: `${w.fx.unique('reg')}@example.lv`, password: 'Kalnu-Ezers-Jauns-2026', name: 'Jauns', acceptTerms: true },
    }),
  },
  'POST /v1/{tenant}/auth/register/confirm': { success: [400], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/auth/password/forgot': { success: [202, 429], prepare: () => ({ body: { email: 'owner@example.lv' } }) },
  'POST /v1/{tenant}/auth/password/reset': { success: [400], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail', password: 'Kalnu-Ezers-Jauns-2026' } }) },
  'POST /v1/{tenant}/me/email/confirm': { success: [400], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/email/unsubscribe': { success: [400], prepare: () => ({ query: { token: 'stale-token-from-an-old-mail' } }) },
  // Strong login (issue 12): the world has no identity provider configured, so a start finds no
  // provider, a callback no login and a one-time code nothing: those documented refusals are the honest answers.
  'GET /v1/{tenant}/auth/oidc/providers': { success: [200], prepare: () => ({}) },
  'GET /v1/{tenant}/auth/oidc/{slug}/start': { success: [400, 404], prepare: () => ({ params: { slug: 'bank' }, query: { origin: 'https://www.example.lv' } }) },
  'GET /v1/{tenant}/auth/oidc/{slug}/callback': { success: [200], prepare: () => ({ params: { slug: 'bank' }, query: { state: 'stale-state', code: 'stale-code' } }) },
  'POST /v1/{tenant}/auth/oidc/exchange': { success: [401], prepare: () => ({ body: { code: 'stale-one-time-code' } }) },
  'POST /v1/{tenant}/invitations/lookup': { success: [404], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/staff/login': { success: [200, 423], prepare: () => ({ body: { email: STAFF_EMAIL.admin, password: STAFF_PASSWORD } }) },
  'POST /v1/{tenant}/staff/login/totp': { success: [401], prepare: () => ({ body: { loginToken: 'dsc_stale-login-token', code: '123456' } }) },
  'POST /v1/{tenant}/invitations/accept': { success: [404], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail', password: 'Kalnu-Ezers-Jauns-2026' } }) },
};

/** What a paper invoice of the target premise tells its reader: the proof registration asks for. */
async function registrationProof(fx: MatrixFixture) {
  const number = fx.unique('REG-INV-');
  await fx.ctx.database.db
    .insertInto('invoices')
    .values({ tenant_id: fx.tenantId, premise_id: fx.target.id, number, issue_date: '2026-05-05', period: '2026-04', due_date: '2026-05-25', amount: '45.67', total_due: '45.67' })
    .execute();
  return { accountNumber: fx.target.accountNumber, invoiceNumber: number, invoiceTotal: '45,67' };
}

type Plan = Omit<OperationFixture, 'allowed' | 'forbidden'>;

/**
 * The manager's admin API (`/v1/{tenant}/admin/…`, keyed like the admin matrix's table): the
 * request an allowed key makes. Who is allowed comes from the admin matrix's table
 * (ADMIN_ROUTE_ACTIONS) through the admin rights module. One row per admin route.
 */
const ADMIN_PLANS: Record<string, Plan> = {
  'GET /keys': { success: [200], prepare: () => ({}) },
  'POST /keys': { success: [201], prepare: () => ({ body: { name: 'Billing system', scopes: ['read'] } }) },
  'DELETE /keys/{keyId}': { success: [204], prepare: async (w) => ({ params: { keyId: (await freshKey(w.fx, w.fx.tenantId, ['read'])).id } }) },
  'GET /staff': { success: [200], prepare: () => ({}) },
  'POST /staff': { success: [201], prepare: (w) => ({ body: { email: `${w.fx.unique('clerk-')}@example.lv`, name: 'Lietvede', role: 'staff' } }) },
  'DELETE /staff/{staffId}': {
    success: [204],
    prepare: async (w) => ({ params: { staffId: (await freshStaff(w.fx, w.fx.tenantId, `${w.fx.unique('leaver-')}@example.lv`, 'staff')).staff.staffId } }),
  },
  'PATCH /staff/{staffId}': {
    success: [200],
    prepare: async (w) => ({ params: { staffId: (await freshStaff(w.fx, w.fx.tenantId, `${w.fx.unique('promoted-')}@example.lv`, 'staff')).staff.staffId }, body: { role: 'admin' } }),
  },
  'POST /staff/{staffId}/password-reset': {
    success: [200],
    prepare: async (w) => ({ params: { staffId: (await freshStaff(w.fx, w.fx.tenantId, `${w.fx.unique('forgetful-')}@example.lv`, 'staff')).staff.staffId } }),
  },
  'POST /staff/{staffId}/totp-reset': {
    success: [200],
    prepare: async (w) => ({ params: { staffId: (await freshStaff(w.fx, w.fx.tenantId, `${w.fx.unique('lost-phone-')}@example.lv`, 'staff')).staff.staffId } }),
  },
  // The manager's lists (issue #11's later routes): a plain read of the first page.
  ...Object.fromEntries(
    ['/invoices', '/notices', '/documents', '/threads', '/settings', '/buildings', '/customers', '/premises', '/meters', '/reading-windows'].map((path) => [
      `GET ${path}`,
      { success: [200], prepare: () => ({}) },
    ]),
  ),
  'GET /readings/missing': { success: [200], prepare: () => ({ query: { period: '2026-05' } }) },
  'GET /readings/summary': { success: [200], prepare: () => ({ query: { period: '2026-05' } }) },
  'GET /jobs': { success: [200], prepare: () => ({ query: { status: 'done' } }) },
  'POST /users': { success: [201], prepare: (w) => ({ body: { email: `${w.fx.unique('admin-made-')}@example.lv`, name: 'Jānis Ozols', signIn: 'invitation' } }) },
  'GET /users': { success: [200], prepare: () => ({}) },
  'GET /users/{userId}': { success: [200], prepare: async (w) => ({ params: { userId: await freshResident(w.fx) } }) },
  'POST /users/{userId}/invitation': { success: [201], prepare: async (w) => ({ params: { userId: await freshResident(w.fx, 'pending') } }) },
  'GET /users/{userId}/grants': { success: [200], prepare: async (w) => ({ params: { userId: await freshResident(w.fx) } }) },
  'PUT /users/{userId}/personal-code': { success: [200], prepare: async (w) => ({ params: { userId: await freshResident(w.fx) }, body: { personalCode: null } }) },
  'GET /premises/{premiseRef}/grants': { success: [200], prepare: (w) => ({ params: { premiseRef: w.fx.target.id } }) },
  'GET /resident-search': { success: [200], prepare: () => ({ query: { q: 'malkalnes' } }) },
  'PUT /premises/{premiseRef}/grants/{userId}': {
    success: [201],
    prepare: async (w) => ({ params: { premiseRef: w.fx.target.id, userId: await freshResident(w.fx) }, body: { role: 'owner' } }),
  },
  'DELETE /premises/{premiseRef}/grants/{userId}': {
    success: [204],
    prepare: async (w) => {
      const userId = await freshResident(w.fx);
      await grant(w.fx.ctx.database, w.fx.tenantId, userId, w.fx.target.id, 'owner');
      return { params: { premiseRef: w.fx.target.id, userId } };
    },
  },
  // The registry (buildings, customers, premises, meters): each call gets things of its own.
  'GET /buildings/{externalRef}': { success: [200], prepare: async (w) => ({ params: { externalRef: await freshBuilding(w) } }) },
  'GET /oidc-providers': { success: [200], prepare: () => ({}) },
  'PUT /oidc-providers/{slug}': {
    success: [201],
    prepare: (w) => ({
      params: { slug: w.fx.unique('idp-') },
      body: { displayName: 'Internetbanka', icon: 'bank', issuer: 'https://idp.example', clientId: 'doorstep', clientSecret: 'client-secret-0123456789' },
    }),
  },
  'DELETE /oidc-providers/{slug}': {
    success: [204],
    // Each call deletes a provider of its own, made straight in the database.
    prepare: async (w) => {
      const slug = w.fx.unique('idp-');
      await w.fx.ctx.database.withTenant(w.fx.tenantId, (trx) =>
        trx
          .insertInto('oidc_providers')
          .values({ tenant_id: w.fx.tenantId, slug, display_name: 'Smart-ID', icon: 'smart-id', issuer: 'https://idp.example', client_id: 'doorstep', client_secret_encrypted: 'sealed', scopes: ['openid'], personal_code_claim: 'personal_code' })
          .execute(),
      );
      return { params: { slug } };
    },
  },
  'GET /webhooks': { success: [200], prepare: () => ({}) },
  'POST /webhooks': {
    success: [201],
    // A tenant has at most 20 endpoints: each call starts from none.
    prepare: async (w) => {
      await w.fx.ctx.database.withTenant(w.fx.tenantId, (trx) => trx.deleteFrom('webhook_endpoints').where('tenant_id', '=', w.fx.tenantId).execute());
      return { body: { url: 'https://billing.example/doorstep', events: ['reading.submitted'] } };
    },
  },
  'PATCH /webhooks/{endpointId}': { success: [200], prepare: async (w) => ({ params: { endpointId: await freshWebhook(w.fx) }, body: { enabled: false } }) },
  'DELETE /webhooks/{endpointId}': { success: [204], prepare: async (w) => ({ params: { endpointId: await freshWebhook(w.fx) } }) },
  'GET /webhooks/{endpointId}/deliveries': { success: [200], prepare: async (w) => ({ params: { endpointId: await freshWebhook(w.fx) } }) },
  'POST /webhooks/{endpointId}/deliveries/{deliveryId}/replay': { success: [202], prepare: async (w) => ({ params: await freshWebhookDelivery(w.fx) }) },
  'PUT /buildings/{externalRef}': { success: [201], prepare: (w) => ({ params: { externalRef: w.fx.unique('B-') }, body: { address: 'Malkalnes prospekts 3', city: 'Ogre' } }) },
  'GET /customers/{externalRef}': { success: [200], prepare: async (w) => ({ params: { externalRef: await freshCustomer(w) } }) },
  'PUT /customers/{externalRef}': { success: [201], prepare: (w) => ({ params: { externalRef: w.fx.unique('C-') }, body: { name: 'Anna Bērziņa', phone: '+371 20000000' } }) },
  'GET /premises/{externalRef}': { success: [200], prepare: async (w) => ({ params: { externalRef: await freshPremise(w) } }) },
  'PUT /premises/{externalRef}': {
    success: [201],
    prepare: async (w) => ({
      params: { externalRef: w.fx.unique('P-') },
      body: { buildingRef: await freshBuilding(w), customerRef: await freshCustomer(w), label: 'Malkalnes prospekts 3-111', accountNumber: w.fx.unique('ACC-'), areaM2: '54.30' },
    }),
  },
  'GET /meters/{externalRef}': { success: [200], prepare: async (w) => ({ params: { externalRef: await freshMeter(w) } }) },
  'PUT /meters/{externalRef}': {
    success: [201],
    prepare: async (w) => ({ params: { externalRef: w.fx.unique('M-') }, body: { premiseRef: await freshPremise(w), kind: 'cold_water', serialNumber: w.fx.unique('CW-'), location: 'Vannas istaba' } }),
  },
  'PUT /meters/{externalRef}/verification': { success: [200], prepare: async (w) => ({ params: { externalRef: await freshMeter(w) }, body: { verificationDue: '2027-01-15' } }) },
  'POST /meters/{externalRef}/remove': { success: [200], prepare: async (w) => ({ params: { externalRef: await freshMeter(w) }, body: {} }) },
  'POST /meters/{externalRef}/replace': {
    success: [201],
    prepare: async (w) => ({
      params: { externalRef: await freshMeter(w) },
      body: { lastReading: '5', newMeter: { externalRef: w.fx.unique('M-'), serialNumber: w.fx.unique('CW-'), initialValue: '0' } },
    }),
  },
  // Reading windows: one building's window of a period, so every call has its own.
  'PUT /reading-windows/{period}': {
    success: [201],
    prepare: async (w) => ({ params: { period: '2026-05' }, body: { closesAt: '2026-06-03T23:59:59+03:00', building: await freshBuilding(w), note: 'Lieldienas' } }),
  },
  'DELETE /reading-windows/{period}': {
    success: [204],
    prepare: async (w) => {
      const building = await freshBuilding(w);
      await adminCall(w, 'PUT', '/reading-windows/2026-05', { closesAt: '2026-06-03T23:59:59+03:00', building });
      return { params: { period: '2026-05' }, query: { building } };
    },
  },
  'PATCH /settings': { success: [200], prepare: () => ({ body: { plausibilityFactor: 3 } }) },
  'POST /settings/window-preview': { success: [200], prepare: () => ({ body: { windowRule: { kind: 'fixed_days', fromDay: 25, toDay: 28 } } }) },
  'GET /readings/export': { success: [200], prepare: () => ({ query: { period: '2026-05', format: 'csv' } }) },
  // Invoices: multipart, `invoice` = JSON, `pdf` = the PDF.
  'GET /invoices/{number}': { success: [200], prepare: async (w) => ({ params: { number: await freshInvoice(w) } }) },
  'GET /invoices/{number}/pdf': { success: [200], prepare: async (w) => ({ params: { number: await freshInvoice(w) } }) },
  'PUT /invoices/{number}': {
    success: [201],
    prepare: async (w) => ({ params: { number: w.fx.unique('INV-') }, form: { invoice: JSON.stringify(invoiceInput(await freshPremise(w))), pdf: pdfFile('invoice.pdf') } }),
  },
  'PATCH /invoices/{number}': { success: [200], prepare: async (w) => ({ params: { number: await freshInvoice(w) }, body: { paidAmount: '20.00' } }) },
  // Notices: multipart, `notice` = JSON, `attachments` = files.
  'GET /notices/{notice}': { success: [200], prepare: async (w) => ({ params: { notice: (await freshNotice(w)).ref } }) },
  'GET /notices/{notice}/readers': { success: [200], prepare: async (w) => ({ params: { notice: (await freshNotice(w)).ref } }) },
  'GET /notices/{notice}/attachments/{fileId}': {
    success: [200],
    prepare: async (w) => {
      const { ref, fileId } = await freshNotice(w);
      return { params: { notice: ref, fileId } };
    },
  },
  'POST /notices': { success: [201], prepare: (w) => ({ form: { notice: JSON.stringify(noticeInput(w.fx.unique('N-'))), attachments: pdfFile('schedule.pdf') } }) },
  'PUT /notices/{notice}': { success: [201], prepare: (w) => ({ params: { notice: w.fx.unique('N-') }, form: { notice: JSON.stringify(noticeInput()), attachments: pdfFile('schedule.pdf') } }) },
  'POST /notices/{notice}/withdraw': { success: [200], prepare: async (w) => ({ params: { notice: (await freshNotice(w)).ref } }) },
  'DELETE /notices/{notice}': { success: [204], prepare: async (w) => ({ params: { notice: (await freshNotice(w)).ref } }) },
  // Documents: multipart, `document` = JSON, `file` = the file.
  'GET /documents/{document}': { success: [200], prepare: async (w) => ({ params: { document: await freshDocument(w) } }) },
  'GET /documents/{document}/file': { success: [200], prepare: async (w) => ({ params: { document: await freshDocument(w) } }) },
  'POST /documents': {
    success: [201],
    prepare: async (w) => ({ form: { document: JSON.stringify({ ...documentInput(await freshBuilding(w)), externalRef: w.fx.unique('D-') }), file: pdfFile('estimate.pdf') } }),
  },
  'PUT /documents/{document}': {
    success: [201],
    prepare: async (w) => ({ params: { document: w.fx.unique('D-') }, form: { document: JSON.stringify(documentInput(await freshBuilding(w))), file: pdfFile('estimate.pdf') } }),
  },
  'DELETE /documents/{document}': { success: [204], prepare: async (w) => ({ params: { document: await freshDocument(w) } }) },
  // Threads: a resident's question of the target premise, answered with a file.
  'GET /threads/{threadId}': { success: [200], prepare: async (w) => ({ params: { threadId: (await freshThread(w.fx, w.fx.target)).threadId } }) },
  'GET /threads/{threadId}/messages/{messageId}/file': { success: [200], prepare: async (w) => ({ params: await freshThread(w.fx, w.fx.target) }) },
  'POST /threads/{threadId}/replies': {
    success: [201],
    prepare: async (w) => ({ params: { threadId: (await freshThread(w.fx, w.fx.target)).threadId }, form: { body: 'Paldies, nāksim rīt.', close: 'false', file: pdfFile('answer.pdf') } }),
  },
  'POST /threads/{threadId}/close': { success: [200], prepare: async (w) => ({ params: { threadId: (await freshThread(w.fx, w.fx.target)).threadId } }) },
  // Imports take the file as the body: a premises CSV of new references.
  'POST /imports/{kind}': {
    success: [200],
    prepare: (w) => {
      const n = w.fx.unique('');
      const csv = [
        'building_ref,building_address,building_city,premise_ref,premise_label,account_number,area_m2,customer_ref,customer_name,meter_ref,meter_kind,meter_serial',
        `IB-${n},Rīgas iela 21,Ogre,IP-${n},Rīgas iela 21-5,IACC-${n},"48,20",IC-${n},Ilze Ozoliņa,IM-${n},cold_water,S-${n}`,
      ].join('\n');
      return { params: { kind: 'premises' }, query: { dryRun: 'false' }, raw: { contentType: 'text/csv', body: `${csv}\n` } };
    },
  },
};

/** A call to the admin API with a key that may read and write; throws unless it succeeds. */
async function adminCall(w: World, method: string, path: string, body?: unknown, init: { form?: FormData; raw?: { contentType: string; body: string } } = {}): Promise<Record<string, unknown>> {
  const key = await freshKey(w.fx, w.fx.tenantId, ['read', 'write']);
  const headers: Record<string, string> = { authorization: `Bearer ${key.secret}` };
  let payload: BodyInit | undefined = init.form ?? init.raw?.body;
  if (init.raw) headers['content-type'] = init.raw.contentType;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await w.fx.ctx.app.request(`/v1/${TENANT}/admin${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  if (response.status >= 300) throw new Error(`fixture: ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
}

async function freshBuilding(w: World): Promise<string> {
  const ref = w.fx.unique('B-');
  await adminCall(w, 'PUT', `/buildings/${ref}`, { address: `Street ${ref}`, city: 'Ogre' });
  return ref;
}

async function freshCustomer(w: World): Promise<string> {
  const ref = w.fx.unique('C-');
  await adminCall(w, 'PUT', `/customers/${ref}`, { name: 'Anna Bērziņa' });
  return ref;
}

async function freshPremise(w: World): Promise<string> {
  const ref = w.fx.unique('P-');
  await adminCall(w, 'PUT', `/premises/${ref}`, { buildingRef: await freshBuilding(w), label: `Label ${ref}`, accountNumber: w.fx.unique('ACC-') });
  return ref;
}

async function freshMeter(w: World): Promise<string> {
  const ref = w.fx.unique('M-');
  await adminCall(w, 'PUT', `/meters/${ref}`, { premiseRef: await freshPremise(w), kind: 'cold_water', serialNumber: w.fx.unique('CW-'), installedAt: '2026-01-01' });
  return ref;
}

const pdfFile = (name: string) => new File([PDF as Uint8Array<ArrayBuffer>], name, { type: 'application/pdf' });

const invoiceInput = (premiseRef: string) => ({
  premiseRef,
  issueDate: '2026-05-08',
  period: '2026-04',
  dueDate: '2026-05-31',
  amount: '42.17',
  lines: [
    { service: 'Apsaimniekošana', quantity: '54.3', unit: 'm²', unitPrice: '0.45', sum: '24.44' },
    { service: 'Aukstais ūdens', quantity: '3.2', unit: 'm³', unitPrice: '5.5406', sum: '17.73' },
  ],
});

const noticeInput = (externalRef?: string) => ({ ...(externalRef ? { externalRef } : {}), title: 'Karstā ūdens atslēgšana', body: 'Rīt no 9 līdz 15.' });

const documentInput = (buildingRef: string) => ({ buildingRef, category: 'estimate', title: 'Tāme: jumta remonts', date: '2026-03-31', period: '2026' });

function formOf(fields: Record<string, string | File>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

async function freshInvoice(w: World): Promise<string> {
  const number = w.fx.unique('INV-');
  await adminCall(w, 'PUT', `/invoices/${number}`, undefined, { form: formOf({ invoice: JSON.stringify(invoiceInput(await freshPremise(w))), pdf: pdfFile('invoice.pdf') }) });
  return number;
}

async function freshNotice(w: World): Promise<{ ref: string; fileId: string }> {
  const ref = w.fx.unique('N-');
  const answer = await adminCall(w, 'POST', '/notices', undefined, { form: formOf({ notice: JSON.stringify(noticeInput(ref)), attachments: pdfFile('schedule.pdf') }) });
  const item = answer.item as { attachments: Array<{ id: string }> };
  return { ref, fileId: item.attachments[0]!.id };
}

async function freshDocument(w: World): Promise<string> {
  const ref = w.fx.unique('D-');
  await adminCall(w, 'POST', '/documents', undefined, { form: formOf({ document: JSON.stringify({ ...documentInput(await freshBuilding(w)), externalRef: ref }), file: pdfFile('estimate.pdf') }) });
  return ref;
}

/** A resident account of the matrix tenant, made for one call. */
async function freshResident(fx: MatrixFixture, status: 'active' | 'pending' = 'active'): Promise<string> {
  return (await createUser(fx.ctx.database, fx.tenantId, `${fx.unique('resident-')}@example.lv`, { status })).id;
}

/** The operator's API (`/v1/operator/…`): only the operator's token opens it. One row per route. */
const OPERATOR_PLANS: Record<string, Plan> = {
  'GET /tenants': { success: [200], prepare: () => ({}) },
  'POST /tenants': { success: [201], prepare: (w) => ({ body: { slug: w.fx.unique('new-tenant-'), name: 'Jauns Namsaimnieks', allowedOrigins: ['https://jauns.example'] } }) },
  'GET /tenants/{slug}': { success: [200], prepare: () => ({ params: { slug: OTHER_TENANT } }) },
  'PATCH /tenants/{slug}': { success: [200], prepare: async (w) => ({ params: { slug: await freshTenant(w.fx) }, body: { name: 'Pārdēvēts' } }) },
  'POST /tenants/{slug}/staff': { success: [201], prepare: (w) => ({ params: { slug: OTHER_TENANT }, body: { email: `${w.fx.unique('first-admin-')}@example.lv`, name: 'Pirmā', role: 'admin' } }) },
  'POST /tenants/{slug}/keys': { success: [201], prepare: () => ({ params: { slug: OTHER_TENANT }, body: { name: 'The manager lost its keys', scopes: ['read'] } }) },
  // The reliability app has no bucket configured: moving and sweeping answer 409 bucket_not_configured.
  'POST /files/migrate': { success: [200, 409], prepare: () => ({ body: { to: 's3', limit: 1 } }) },
  'POST /files/sweep': { success: [200, 409], prepare: () => ({ body: { graceHours: 24 } }) },
};

/** The staff's own session routes (`/v1/{tenant}/staff/…` with a staff token): staff of this tenant only. */
const STAFF_PLANS: Record<string, Plan> = {
  'GET /staff/session': { success: [200], prepare: () => ({}) },
  'POST /staff/logout': { success: [204], prepare: () => ({}), throwawaySession: true },
  // A new password the rules refuse: the documented refusal, checked before the current password
  // is (so the shared callers keep theirs); the change itself is in staff-security.test.ts.
  'POST /staff/password': { success: [422], prepare: () => ({ body: { currentPassword: STAFF_PASSWORD, newPassword: 'short' } }) },
};

const STAFF_PASSWORD = 'Kantoris-Matrix-2026';
const STAFF_EMAIL = { admin: 'console-admin@example.lv', staff: 'console-staff@example.lv' } as const;

/** A staff account of the tenant with its password, and a live session of it. */
async function freshStaff(fx: MatrixFixture, tenantId: string, email: string, role: StaffRole) {
  const prepared = await prepareStaffAccount({ email, name: role, role, password: STAFF_PASSWORD });
  const now = fx.ctx.clock.now();
  return fx.ctx.database.withTenant(tenantId, async (trx) => {
    const { staff } = await openStaffAccount(trx, { id: tenantId, default_language: 'lv' }, prepared, now);
    const session = await createStaffSession(trx, { tenantId, staffId: staff.id, stage: 'active', now });
    return { staff: { tenantId, staffId: staff.id, role }, authorization: `Bearer ${session.token}` };
  });
}

/** The management callers, made once the world is: keys of each scope, another tenant's key, the operator, staff. */
async function managementCallers(fx: MatrixFixture): Promise<Array<Caller & { scopes?: ApiKeyScope[] }>> {
  const otherTenantId = fx.otherTenant.tenantId;
  const read = await freshKey(fx, fx.tenantId, ['read']);
  const write = await freshKey(fx, fx.tenantId, ['write']);
  const both = await freshKey(fx, fx.tenantId, ['read', 'write']);
  const foreign = await freshKey(fx, otherTenantId, ['read', 'write']);
  return [
    { name: 'admin key (read)', tenant: TENANT, authorization: `Bearer ${read.secret}`, scopes: ['read'] },
    { name: 'admin key (write)', tenant: TENANT, authorization: `Bearer ${write.secret}`, scopes: ['write'] },
    { name: 'admin key (read, write)', tenant: TENANT, authorization: `Bearer ${both.secret}`, scopes: ['read', 'write'] },
    { name: "another tenant's admin key", tenant: TENANT, authorization: `Bearer ${foreign.secret}` },
    { name: 'operator', tenant: TENANT, authorization: `Bearer ${fx.ctx.deps.config.operatorToken}` },
    { name: 'staff (admin)', tenant: TENANT, ...(await freshStaff(fx, fx.tenantId, STAFF_EMAIL.admin, 'admin')) },
    { name: 'staff (staff)', tenant: TENANT, ...(await freshStaff(fx, fx.tenantId, STAFF_EMAIL.staff, 'staff')) },
    { name: "another tenant's staff", tenant: TENANT, authorization: (await freshStaff(fx, otherTenantId, STAFF_EMAIL.admin, 'admin')).authorization },
  ];
}

/** Whether an admin caller (a key by its scopes, staff by its role) may do `action`. */
function callerMayAdmin(caller: Caller, action: AdminAction): boolean {
  if (caller.staff) return mayAdmin({ kind: 'staff', staffId: caller.staff.staffId, sessionId: '', role: caller.staff.role }, action);
  return caller.scopes !== undefined && mayAdmin({ kind: 'api_key', keyId: '', scopes: caller.scopes }, action);
}

async function freshKey(fx: MatrixFixture, tenantId: string, scopes: ApiKeyScope[]) {
  const now = fx.ctx.clock.now();
  const { row, secret } = await fx.ctx.database.withTenant(tenantId, (trx) => insertApiKey(trx, { tenantId, name: fx.unique('key '), scopes, expiresAt: null, now }));
  return { id: row.id, secret };
}

async function freshWebhook(fx: MatrixFixture): Promise<string> {
  const now = fx.ctx.clock.now();
  const tenantId = fx.tenantId;
  const row = await fx.ctx.database.withTenant(tenantId, (trx) =>
    insertEndpoint(trx, { id: randomUUID(), tenant_id: tenantId, url: 'https://billing.example/doorstep', events: ['reading.submitted'], secret_encrypted: 'v1.unused.unused', description: null, created_at: now, updated_at: now }),
  );
  return row.id;
}

/** An endpoint with one failed delivery, which may be replayed. */
async function freshWebhookDelivery(fx: MatrixFixture): Promise<{ endpointId: string; deliveryId: string }> {
  const endpointId = await freshWebhook(fx);
  const { id } = await fx.ctx.database.withTenant(fx.tenantId, (trx) =>
    insertDelivery(trx, { tenant_id: fx.tenantId, endpoint_id: endpointId, event_type: 'reading.submitted', payload: JSON.stringify({ type: 'reading.submitted', timestamp: '2026-05-30T10:00:00.000Z', data: {} }) }),
  );
  await fx.ctx.database.withTenant(fx.tenantId, (trx) => trx.updateTable('webhook_deliveries').set({ status: 'failed' }).where('id', '=', id).execute());
  return { endpointId, deliveryId: `msg_${id}` };
}

async function freshTenant(fx: MatrixFixture): Promise<string> {
  const slug = fx.unique('renamed-');
  await createTenant(fx.ctx.database, slug);
  return slug;
}

const RESIDENT_PREFIX = '/v1/{tenant}';
const NO_TOKEN: CallerName[] = ['no token', 'expired token', 'forged token', 'not a JWT', 'resident of another tenant, on this path'];
const MANAGEMENT: CallerName[] = [
  'admin key (read)',
  'admin key (write)',
  'admin key (read, write)',
  "another tenant's admin key",
  'operator',
  'staff (admin)',
  'staff (staff)',
  "another tenant's staff",
];
const ADMIN_PREFIX = '/v1/{tenant}/admin';
const OPERATOR_PREFIX = '/v1/operator';

export async function buildWorld(): Promise<World> {
  const { fx, personas } = await buildMatrixWorld();
  const owner = personas.find((p) => p.name === 'owner')!;
  const ownerClaims = JSON.parse(Buffer.from(owner.token!.split('.')[1]!, 'base64url').toString()) as { sid: string };
  const forged = await signAccessToken(
    createTokenKeys('an-attackers-secret-that-is-long-enough-0123'),
    { userId: owner.account!.userId, tenantId: fx.tenantId, sessionId: ownerClaims.sid, authLevel: 'strong', mustChangePassword: false },
    fx.ctx.clock.now(),
  );
  const callers: Caller[] = personas.map((persona) => ({
    name: persona.name,
    tenant: persona.tokenTenant,
    persona,
    ...(persona.token ? { authorization: `Bearer ${persona.token}` } : {}),
  }));
  const stranger = personas.find((p) => p.tokenTenant === OTHER_TENANT)!;
  callers.push(
    { name: 'forged token', tenant: TENANT, authorization: `Bearer ${forged.token}` },
    { name: 'not a JWT', tenant: TENANT, authorization: 'Bearer not.a.jwt' },
    { name: 'resident of another tenant, on this path', tenant: TENANT, persona: stranger, authorization: `Bearer ${stranger.token}` },
  );
  callers.push(...(await managementCallers(fx)));
  return {
    fx,
    callers,
    caller(name) {
      const found = callers.find((c) => c.name === name);
      if (!found) throw new Error(`no caller "${name}" in the world (add it to managementCallers in tests/reliability/support/callers.ts)`);
      return found;
    },
  };
}

/** The fixture of an operation, or undefined: the suites then fail naming the operation. */
export function fixtureFor(op: Operation, world: World): OperationFixture | undefined {
  if (op.key in PUBLIC_FIXTURES) return { ...PUBLIC_FIXTURES[op.key]!, allowed: ['no token'], forbidden: [] };
  const everyone = world.callers.map((c) => c.name);
  if (op.path.startsWith(`${OPERATOR_PREFIX}/`)) {
    const plan = OPERATOR_PLANS[`${op.method} ${op.path.slice(OPERATOR_PREFIX.length)}`];
    return plan && { ...plan, allowed: ['operator'], forbidden: everyone.filter((name) => name !== 'operator') };
  }
  if (op.path.startsWith(`${ADMIN_PREFIX}/`)) {
    const route = `${op.method} ${op.path.slice(ADMIN_PREFIX.length)}`;
    const plan = ADMIN_PLANS[route];
    const action = ADMIN_ROUTE_ACTIONS[route];
    if (!plan || !action) return undefined;
    const allowed = world.callers.filter((c) => callerMayAdmin(c, action)).map((c) => c.name);
    return { ...plan, allowed, forbidden: everyone.filter((name) => !allowed.includes(name)) };
  }
  if (!op.path.startsWith(`${RESIDENT_PREFIX}/`)) return undefined;
  const staffPlan = STAFF_PLANS[`${op.method} ${op.path.slice(RESIDENT_PREFIX.length)}`];
  if (staffPlan) {
    const allowed = world.callers.filter((c) => c.staff?.tenantId === world.fx.tenantId).map((c) => c.name);
    return { ...staffPlan, allowed, forbidden: everyone.filter((name) => !allowed.includes(name)) };
  }
  const expectation = ROUTE_EXPECTATIONS[`${op.method} ${op.path.slice(RESIDENT_PREFIX.length)}`];
  if (!expectation || expectation.scope === 'public' || expectation.scope === 'admin') return undefined;
  return residentFixture(expectation, world);
}

function residentFixture(expectation: Exclude<RouteExpectation, { scope: 'public' | 'admin' }>, world: World): OperationFixture {
  const { fx } = world;
  const allowed: CallerName[] = [];
  const forbidden: CallerName[] = [...NO_TOKEN, ...MANAGEMENT];
  for (const caller of world.callers) {
    const persona = caller.persona;
    if (!persona?.token || forbidden.includes(caller.name)) continue;
    const pinned = expectation.overrides?.[persona.name];
    if (pinned !== undefined) {
      (pinned < 400 ? allowed : forbidden).push(caller.name);
      continue;
    }
    if (expectation.scope === 'user') {
      allowed.push(caller.name);
      continue;
    }
    const action: Action = expectation.action;
    const reaches = persona.grants.filter((g) =>
      expectation.scope === 'premise' ? g.premise.id === fx.target.id : g.premise.buildingId === fx.target.buildingId && g.premise.tenantId === fx.target.tenantId,
    );
    const decision = reaches.some((g) => decide({ premiseId: g.premise.id, role: g.role, rights: g.rights }, action) === 'allow');
    (decision ? allowed : forbidden).push(caller.name);
  }
  const success = expectation.success ?? 200;
  return {
    allowed,
    forbidden,
    success: Array.isArray(success) ? success : [success],
    prepare: async () => (await expectation.prepare?.(fx)) ?? {},
    throwawaySession: expectation.session === 'throwaway',
  };
}

/** Builds the request of `plan` by `caller`; path parameters default to the target premise. */
export function requestFor(world: World, op: Operation, plan: RequestPlan, caller: Caller, authorization = caller.authorization): Request {
  const { fx } = world;
  const values: Record<string, string> = { tenant: caller.tenant, premiseId: fx.target.id, buildingId: fx.target.buildingId, ...plan.params };
  const url = `http://doorstep.test${urlFor(op.path, values, plan.query)}`;
  const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.7' };
  if (authorization) headers.authorization = authorization;
  let body: BodyInit | undefined;
  if (plan.raw) {
    headers['content-type'] = plan.raw.contentType;
    body = plan.raw.body as BodyInit;
  } else if (plan.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(plan.form)) form.append(name, value);
    body = form;
  } else if (plan.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(plan.body);
  }
  return new Request(url, { method: op.method, headers, ...(body !== undefined ? { body } : {}) });
}

/**
 * After an operation that ends every session of the account (logout everywhere), the callers of
 * that account log in again, so the operations after it still see them.
 */
export async function renewSessions(world: World, fixture: OperationFixture, caller: Caller): Promise<void> {
  const persona = caller.persona;
  if (!fixture.throwawaySession || !persona?.account || caller.name === 'expired token') return;
  const email = `${persona.name.replace(/[^a-z]+/g, '-')}@example.lv`;
  persona.token = (await login(world.fx.ctx, persona.tokenTenant, email)).accessToken;
  for (const other of world.callers) if (other.persona === persona && other.authorization) other.authorization = `Bearer ${persona.token}`;
}

/** The caller's authorization for one call: a session of its own when the operation ends sessions. */
export async function authorizationFor(world: World, fixture: OperationFixture, caller: Caller): Promise<string | undefined> {
  if (fixture.throwawaySession && caller.staff) {
    const { tenantId, staffId } = caller.staff;
    const now = world.fx.ctx.clock.now();
    return `Bearer ${(await world.fx.ctx.database.withTenant(tenantId, (trx) => createStaffSession(trx, { tenantId, staffId, stage: 'active', now }))).token}`;
  }
  const account = caller.persona?.account;
  if (!fixture.throwawaySession || !account || caller.name === 'expired token' || caller.name === 'resident of another tenant, on this path') return caller.authorization;
  const email = `${caller.persona!.name.replace(/[^a-z]+/g, '-')}@example.lv`;
  const tenant = caller.persona!.tokenTenant;
  return `Bearer ${(await login(world.fx.ctx, tenant, email)).accessToken}`;
}
