/**
 * The plan guard itself (support/plan-guard.ts, support/plan-rules.ts): what it refuses in a plan,
 * that it sees a request's statements as the request ran them, and, on Postgres, that it would
 * have caught login's `lower(email)` lookup of before migration 0010 and passes today's.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { testDatabaseKind } from './support/database.ts';
import { collectedStatements, findWholeTableReads, type SentStatement } from './support/plan-guard.ts';
import { conditionClauses, narrowsBeyondTenant, planProblems, SMALL_PER_TENANT, SMALL_TABLES, type PlanNode } from './support/plan-rules.ts';
import { call, createTenant, createTestApp, createUser, login, type TestContext } from './support/test-app.ts';

const sizes = {
  small: SMALL_TABLES,
  smallPerTenant: SMALL_PER_TENANT,
  tableOfIndex: new Map([
    ['users_tenant_email', 'users'],
    ['users_pkey', 'users'],
    ['notices_publish', 'notices'],
    ['grants_user_premise', 'grants'],
    ['reading_window_overrides_tenant_id_period_key', 'reading_window_overrides'],
  ]),
};
const RLS = "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)";

/** Login's plan before migration 0010, as the guard printed it with sequential scans off. */
const loginBefore: PlanNode = {
  'Node Type': 'Result',
  Plans: [
    {
      'Node Type': 'Bitmap Heap Scan',
      'Relation Name': 'users',
      Filter: "(lower(email) = 'anna@example.lv'::text)",
      Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'users_tenant_email', 'Index Cond': "(tenant_id = '0b6f…'::uuid)" }],
    },
  ],
};

describe('plan rules', () => {
  test('an index condition is split into its top-level AND clauses, parentheses and quotes respected', () => {
    expect(conditionClauses("((tenant_id = 'a'::uuid) AND (email = 'x AND y'::text))")).toEqual(["(tenant_id = 'a'::uuid)", "(email = 'x AND y'::text)"]);
    expect(conditionClauses(RLS)).toEqual([RLS.slice(1, -1)]);
  });

  test('a condition narrows beyond the tenant only with a clause on another column', () => {
    expect(narrowsBeyondTenant(RLS)).toBe(false);
    expect(narrowsBeyondTenant("(u.tenant_id = 'a'::uuid)")).toBe(false);
    expect(narrowsBeyondTenant(undefined)).toBe(false);
    expect(narrowsBeyondTenant(`(${RLS.slice(1, -1)} AND (email = 'anna@example.lv'::text))`)).toBe(true);
    expect(narrowsBeyondTenant('(id = g.premise_id)')).toBe(true);
  });

  test('login before the fix reads the whole tenant; an index lookup by email does not', () => {
    expect(planProblems(loginBefore, sizes)).toEqual([
      "Bitmap Heap Scan on users reads the whole tenant: Index Cond users_tenant_email: (tenant_id = '0b6f…'::uuid)",
    ]);
    const after: PlanNode = {
      'Node Type': 'Index Scan',
      'Relation Name': 'users',
      'Index Name': 'users_tenant_email',
      'Index Cond': "((tenant_id = '0b6f…'::uuid) AND (email = 'anna@example.lv'::text))",
    };
    expect(planProblems(after, sizes)).toEqual([]);
  });

  test('a Seq Scan is refused on a growing table, allowed on a small one', () => {
    expect(planProblems({ 'Node Type': 'Seq Scan', 'Relation Name': 'email_tokens' }, sizes)).toEqual(['Seq Scan on email_tokens: no index serves this statement']);
    expect(planProblems({ 'Node Type': 'Seq Scan', 'Relation Name': 'tenants' }, sizes)).toEqual([]);
    expect(planProblems({ 'Node Type': 'Seq Scan', 'Relation Name': 'reading_window_overrides' }, sizes)).toHaveLength(1);
  });

  test('a tenant-only index scan is allowed under a Limit and on a table small per tenant', () => {
    const newest: PlanNode = { 'Node Type': 'Index Scan', 'Relation Name': 'notices', 'Index Name': 'notices_publish', 'Index Cond': RLS };
    expect(planProblems(newest, sizes)).toHaveLength(1);
    expect(planProblems({ 'Node Type': 'Limit', Plans: [newest] }, sizes)).toEqual([]);
    const overrides: PlanNode = { 'Node Type': 'Index Scan', 'Relation Name': 'reading_window_overrides', 'Index Name': 'reading_window_overrides_tenant_id_period_key', 'Index Cond': RLS };
    expect(planProblems(overrides, sizes)).toEqual([]);
  });

  test('a cursor (a streamed bulk export) may read its tenant whole, but not every tenant', () => {
    const all: PlanNode = { 'Node Type': 'Index Scan', 'Relation Name': 'notices', 'Index Name': 'notices_publish', 'Index Cond': RLS };
    expect(planProblems(all, sizes, { streamed: true })).toEqual([]);
    expect(planProblems({ 'Node Type': 'Seq Scan', 'Relation Name': 'notices' }, sizes, { streamed: true })).toHaveLength(1);
  });

  test('an index scan with no condition at all reads the whole index', () => {
    const whole: PlanNode = { 'Node Type': 'Index Scan', 'Relation Name': 'users', 'Index Name': 'users_pkey', Filter: '(id = $1)' };
    expect(planProblems(whole, sizes)).toEqual(['Index Scan on users using users_pkey reads the whole index (no Index Cond)']);
  });

  test('bitmaps: an AND with one selective side narrows, an OR needs every side to', () => {
    const tenantOnly: PlanNode = { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'users_tenant_email', 'Index Cond': RLS };
    const byUser: PlanNode = { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'grants_user_premise', 'Index Cond': '(user_id = $1)' };
    const heap = (child: PlanNode): PlanNode => ({ 'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'grants', Plans: [child] });
    expect(planProblems(heap({ 'Node Type': 'BitmapAnd', Plans: [tenantOnly, byUser] }), sizes)).toEqual([]);
    expect(planProblems(heap({ 'Node Type': 'BitmapOr', Plans: [tenantOnly, byUser] }), sizes)).toHaveLength(1);
  });
});

describe.skipIf(testDatabaseKind() !== 'postgres')('on Postgres', () => {
  let ctx: TestContext;
  let tenantId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    tenantId = (await createTenant(ctx.database, 'guard')).id;
    await createUser(ctx.database, tenantId, 'anna@example.lv');
    const session = await login(ctx, 'guard', 'Anna@Example.LV');
    expect((await call(ctx, 'GET', '/v1/guard/me', { token: session.accessToken })).status).toBe(200);
    expect((await call(ctx, 'POST', '/v1/guard/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
  });
  afterAll(() => ctx.close());

  const sentBy = (route: string, pattern: RegExp) => collectedStatements().filter((s) => s.sentBy === route && pattern.test(s.text));

  test('a request’s statements are collected with their route, parameters and tenant scope', () => {
    const [lookup] = sentBy('POST /v1/guard/auth/login', /from "users"/);
    expect(lookup).toMatchObject({ tenantId, values: [tenantId, 'anna@example.lv'] });
    // The tenant is found by its slug on the owner's connection, outside any tenant scope.
    const [tenant] = sentBy('POST /v1/guard/auth/login', /from "tenants"/);
    expect(tenant).toBeDefined();
    expect(tenant!.tenantId).toBeUndefined();
  });

  test('the session statement of a resident request is collected once, in the tenant scope', () => {
    const session = sentBy('GET /v1/guard/me', /from "sessions" as "s"/);
    expect(session).toHaveLength(1);
    expect(session[0]).toMatchObject({ tenantId });
  });

  test('test code outside a request is not the app’s and is not collected', () => {
    expect(collectedStatements().filter((s) => /insert into "tenants"/.test(s.text))).toEqual([]);
  });

  test('the guard refuses login’s lookup of before migration 0010, and passes today’s', async () => {
    const [today] = sentBy('POST /v1/guard/auth/login', /from "users"/) as [SentStatement];
    expect(today.text).toMatch(/and "email" = \$2$/);
    const before = { ...today, text: today.text.replace('"email" = $2', 'lower("email") = $2') };
    const findings = await findWholeTableReads(inject('planGuardUrl')!, [before, today]);
    expect(findings.map((f) => f.statement.text)).toEqual([before.text]);
    expect(findings[0]!.problems).toEqual([expect.stringMatching(/^Bitmap Heap Scan on users reads the whole tenant: Index Cond users_tenant_email: \(tenant_id = /)]);
    expect(findings[0]!.plan).toMatch(/Filter: \(lower\(email\) = 'anna@example\.lv'::text\)/);
  });

  // The peak bench saw this lookup read `sessions` whole: its few hundred sessions were a page or
  // two, where reading the table is the cheaper plan. With a country's sessions it is one token
  // by its key and one session by its key, which this keeps so (and a join that lost the session's
  // key would be caught).
  test('the refresh token lookup finds one token and its session by their keys', async () => {
    const [lookup] = sentBy('POST /v1/guard/auth/refresh', /from "refresh_tokens" as "r" inner join "sessions" as "s"/) as [SentStatement];
    expect(lookup).toMatchObject({ tenantId });
    expect(await findWholeTableReads(inject('planGuardUrl')!, [lookup])).toEqual([]);
    const keyless = { ...lookup, text: lookup.text.replace('"s"."id" = "r"."session_id"', '"s"."id"::text = "r"."session_id"::text') };
    expect(keyless.text).not.toBe(lookup.text);
    const findings = await findWholeTableReads(inject('planGuardUrl')!, [keyless]);
    expect(findings.flatMap((f) => f.problems)).toEqual([expect.stringMatching(/ on sessions\b/)]);
  });
});
