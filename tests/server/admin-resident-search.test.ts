/**
 * The console's resident search (GET /admin/resident-search, issue #14): a premise is found by a
 * fragment of its address, its account number, its customer's name, or the name or email of
 * anyone with a grant on it, with its people; pages in address order; staff of both roles and a
 * read key may search, a write-only key and a resident may not; another tenant's premises are
 * never found and its premise ids answer 404 on the grant routes the page uses; odd input is a
 * stable 400 (or simply no match), never a 500. The plan guard (Postgres) checks every statement
 * here is an index lookup.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeSearchCursor } from '../../server/admin/people/search.handlers.ts';
import { searchTerms } from '../../server/admin/people/search-terms.ts';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { loginStaff, openStaffByOperator } from './support/staff.ts';
import { createPremise, createUser, grant, login, type TestContext, createTestApp } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let riga: AdminTenant;
let staffToken: string;
let adminToken: string;
const ids: Record<string, string> = {};

interface Item {
  id: string;
  externalRef: string | null;
  label: string;
  accountNumber: string;
  building: { address: string; city: string | null };
  holder: string | null;
  people: Array<{ userId: string; name: string; email: string; role: string; accountStatus: string; expiresAt: string | null }>;
}
type Page = { items: Item[]; nextCursor: string | null };

const search = (query: string, token: string = staffToken, tenant: AdminTenant = ogre) => adminRequest(ctx, tenant, token, 'GET', `/resident-search?${query}`);
const found = async (q: string, token?: string, tenant?: AdminTenant) => {
  const response = await search(`q=${encodeURIComponent(q)}`, token, tenant);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Page;
};
const labels = async (q: string, token?: string, tenant?: AdminTenant) => (await found(q, token, tenant)).items.map((i) => i.label);
const errorOf = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { code: string; fields?: Record<string, unknown> } }).error });

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  riga = await createAdminTenant(ctx, 'riga');
  const db = ctx.database.db;
  const customer = await db.insertInto('customers').values({ tenant_id: ogre.id, name: 'Kārlis Ozoliņš', email: 'karlis@example.lv', external_ref: 'C-1' }).returning('id').executeTakeFirstOrThrow();
  const flat = await createPremise(ctx.database, ogre.id, 'Malkalnes prospekts 3-111', '400111');
  await db.updateTable('premises').set({ external_ref: 'D-111', customer_id: customer.id }).where('id', '=', flat.id).execute();
  ids.flat = flat.id;
  ids.other = (await createPremise(ctx.database, ogre.id, 'Brīvības iela 12-4', '400204')).id;
  for (let n = 1; n <= 5; n++) await createPremise(ctx.database, ogre.id, `Skolas iela 7-${n}`, `50000${n}`);
  const anna = await createUser(ctx.database, ogre.id, 'anna@example.lv', { name: 'Anna Bērziņa' });
  const invited = await createUser(ctx.database, ogre.id, 'janis.pending@example.lv', { name: 'Jānis Kalns', status: 'pending' });
  ids.anna = anna.id;
  await grant(ctx.database, ogre.id, anna.id, flat.id, 'owner');
  await grant(ctx.database, ogre.id, invited.id, flat.id, 'member', ['readings']);
  // Riga has a look-alike, which Ogre must never find.
  ids.riga = (await createPremise(ctx.database, riga.id, 'Malkalnes prospekts 3-112', '400112')).id;
  const rigaAnna = await createUser(ctx.database, riga.id, 'anna@example.lv', { name: 'Anna Rīdziniece' });
  await grant(ctx.database, riga.id, rigaAnna.id, ids.riga, 'owner');

  staffToken = await loginStaff(ctx, await openStaffByOperator(ctx, 'ogre', 'lietvede@example.lv', 'staff'));
  adminToken = await loginStaff(ctx, await openStaffByOperator(ctx, 'ogre', 'vaditaja@example.lv', 'admin'));
});
afterAll(() => ctx.close());

describe('what finds a premise', () => {
  test('an address fragment, several words, the flat number alone, the account number and the externalRef', async () => {
    expect(await labels('malk')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('Malkalnes 111')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('111')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('400111')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('4001')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('D-111')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('brīvības')).toEqual(['Brīvības iela 12-4']);
    expect(await labels('malkalnes 999')).toEqual([]);
  });

  test("a name or email of anyone with a grant, or the customer's, and the answer shows the premise's people", async () => {
    expect(await labels('bērz')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('anna@example.lv')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('kalns')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('Ozoliņš')).toEqual(['Malkalnes prospekts 3-111']);
    const [item] = (await found('anna')).items;
    expect(item).toMatchObject({
      id: ids.flat,
      externalRef: 'D-111',
      accountNumber: '400111',
      building: { address: 'Malkalnes prospekts 3', city: 'Ogre' },
      holder: 'Kārlis Ozoliņš',
    });
    expect(item!.people).toEqual([
      { userId: ids.anna, name: 'Anna Bērziņa', email: 'anna@example.lv', role: 'owner', accountStatus: 'active', expiresAt: null },
      expect.objectContaining({ name: 'Jānis Kalns', role: 'member', accountStatus: 'pending' }),
    ]);
  });

  test('pages in address order; the cursor carries on where the page ended', async () => {
    const first = await found('skolas');
    expect(first.items).toHaveLength(5);
    const page1 = (await (await search('q=skolas&limit=2')).json()) as Page;
    expect(page1.items.map((i) => i.label)).toEqual(['Skolas iela 7-1', 'Skolas iela 7-2']);
    const page2 = (await (await search(`q=skolas&limit=2&cursor=${page1.nextCursor}`)).json()) as Page;
    const page3 = (await (await search(`q=skolas&limit=2&cursor=${page2.nextCursor}`)).json()) as Page;
    expect([...page2.items, ...page3.items].map((i) => i.label)).toEqual(['Skolas iela 7-3', 'Skolas iela 7-4', 'Skolas iela 7-5']);
    expect(page3.nextCursor).toBeNull();
    expect(decodeSearchCursor(page1.nextCursor!)).toEqual({ label: 'Skolas iela 7-2', id: first.items[1]!.id });
  });
});

describe('who may search', () => {
  test('staff of both roles and a read-only key; a write-only key is refused, a resident and no token are 401', async () => {
    expect(await labels('malk', adminToken)).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('malk', ogre.key)).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('malk', (await createKey(ctx, ogre, ['read'])).secret)).toEqual(['Malkalnes prospekts 3-111']);
    const writeOnly = (await createKey(ctx, ogre, ['write'])).secret;
    expect(await errorOf(await search('q=malk', writeOnly))).toMatchObject({ status: 403, code: 'insufficient_scope' });
    const anna = await login(ctx, 'ogre', 'anna@example.lv');
    expect((await search('q=malk', anna.accessToken)).status).toBe(401);
    expect((await adminRequest(ctx, ogre, undefined, 'GET', '/resident-search?q=malk')).status).toBe(401);
  });

  test("one tenant never finds another's premises or people, and another tenant's premise id is 404 on the grant routes", async () => {
    expect(await labels('malkalnes')).toEqual(['Malkalnes prospekts 3-111']);
    expect(await labels('rīdziniece')).toEqual([]);
    expect(await labels('400112')).toEqual([]);
    expect(await labels('malkalnes', riga.key, riga)).toEqual(['Malkalnes prospekts 3-112']);
    expect((await found('anna', riga.key, riga)).items[0]!.people.map((p) => p.name)).toEqual(['Anna Rīdziniece']);
    // Riga's staff token is not Ogre's, and Ogre's is not Riga's.
    expect((await search('q=malk', staffToken, riga)).status).toBe(401);
    // The grant routes the Residents page uses: Riga's premise id is not there for Ogre.
    expect((await adminRequest(ctx, ogre, staffToken, 'GET', `/premises/${ids.riga}/grants`)).status).toBe(404);
    expect((await adminRequest(ctx, ogre, staffToken, 'PUT', `/premises/${ids.riga}/grants/${ids.anna}`, { role: 'proxy', authorizationRef: 'Pilnvara 1' })).status).toBe(404);
    expect((await adminRequest(ctx, ogre, staffToken, 'DELETE', `/premises/${ids.riga}/grants/${ids.anna}`)).status).toBe(404);
  });

  test("a premise's grants show the account's state, so the page can offer the invitation again", async () => {
    const response = await adminRequest(ctx, ogre, staffToken, 'GET', '/premises/D-111/grants');
    const { items } = (await response.json()) as { items: Array<{ user: { email: string; status: string } }> };
    expect(items.map((g) => g.user).sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { id: ids.anna, email: 'anna@example.lv', name: 'Anna Bērziņa', status: 'active' },
      expect.objectContaining({ email: 'janis.pending@example.lv', status: 'pending' }),
    ]);
  });
});

describe('bad input', () => {
  test.each([
    ['', { q: 'required' }],
    ['q=a', { q: 'too_short' }],
    [`q=${'x'.repeat(201)}`, { q: 'too_long' }],
    ['q=%25%25%20!!', { q: 'no_search_words' }],
    [`q=${encodeURIComponent('a b c d e f g h i')}`, { q: 'too_many_words' }],
    ['q=malk&limit=0', { limit: 'too_short' }],
    ['q=malk&limit=101', { limit: 'too_long' }],
    ['q=malk&limit=lots', { limit: 'expected_number' }],
    ['q=malk&cursor=nonsense', { cursor: 'invalid_cursor' }],
    [`q=malk&cursor=${btoa(JSON.stringify(['x', 'not-a-uuid']))}`, { cursor: 'invalid_cursor' }],
  ])('%s → 400 validation_failed with the field', async (query, fields) => {
    expect(await errorOf(await search(query))).toMatchObject({ status: 400, code: 'validation_failed', fields });
  });

  test("the text search query's own syntax is just text: no match or a match, never a 500", async () => {
    for (const q of ["a' & !b:*", 'malk:* | x', "\\'; drop table premises; --", 'ab\u0000cd', '((malk', '<-> 111', 'malk\\']) {
      const response = await search(`q=${encodeURIComponent(q)}`);
      expect([200, 400], `${q}: ${await response.clone().text()}`).toContain(response.status);
    }
    expect(await labels("(malk' & 111")).toEqual(['Malkalnes prospekts 3-111']);
  });

  test('the words: lower case, letters and digits, an email kept whole, duplicates once', () => {
    expect(searchTerms(' Malkalnes  3-111 malkalnes ')).toEqual({ ok: true, words: ['malkalnes', '3', '111'], tsquery: "'malkalnes':* & '3':* & '111':*" });
    expect(searchTerms('Anna@Example.lv.')).toMatchObject({ words: ['anna@example.lv'] });
    expect(searchTerms("' & | ! :*")).toEqual({ ok: false, problem: 'no_search_words' });
  });
});
