/**
 * The manager's notices: publish to the tenant, buildings or premises by externalRef, urgent ones
 * with an expiry, attachments through the upload policy, upsert by externalRef, paged list,
 * withdraw and delete — and residents seeing each change at once in their feed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { adminForm, auditActions, PDF, pdfOfSize, PNG, premisesWithRefs, residentGet, residentOf } from './support/admin-content.ts';
import { call, createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;
let b1: { buildingId: string; premises: Record<string, string> };
let b2: { buildingId: string; premises: Record<string, string> };
let anna: { token: string };
let peteris: { token: string };

const feed = async (who: { token: string }, premiseId: string) => {
  const response = await residentGet(ctx, ogre, who.token, `/notices?premise=${premiseId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { notices: { id: string; title: string; pinned: boolean; attachments: { id: string; fileName: string }[] }[] };
};
const titles = async (who: { token: string }, premiseId: string) => (await feed(who, premiseId)).notices.map((n) => n.title);

const post = (notice: object, attachments?: { name: string; bytes: Uint8Array }[], tenant = ogre) =>
  adminForm(ctx, tenant, tenant.key, 'POST', '/notices', { notice, ...(attachments ? { attachments } : {}) });
const put = (ref: string, notice: object, attachments?: { name: string; bytes: Uint8Array }[]) =>
  adminForm(ctx, ogre, ogre.key, 'PUT', `/notices/${encodeURIComponent(ref)}`, { notice, ...(attachments ? { attachments } : {}) });

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  ludza = await createAdminTenant(ctx, 'ludza');
  b1 = await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-111', 'P-112']);
  b2 = await premisesWithRefs(ctx, ogre.id, 'B-2', ['P-201']);
  await premisesWithRefs(ctx, ludza.id, 'L-B', ['L-P']);
  anna = await residentOf(ctx, ogre, 'anna@example.lv', b1.premises['P-111']!);
  peteris = await residentOf(ctx, ogre, 'peteris@example.lv', b2.premises['P-201']!);
});
afterAll(() => ctx.close());

describe('publishing', () => {
  test('to the whole tenant, with an attachment: every resident sees it at once and can open the file', async () => {
    const response = await post({ title: 'Kopsapulce', body: 'Sapulce 3. jūnijā.' }, [{ name: 'darba kārtība.pdf', bytes: PDF }]);
    expect(response.status).toBe(201);
    const { item, result } = await response.json();
    expect(result).toBe('created');
    expect(item).toMatchObject({ title: 'Kopsapulce', audience: 'tenant', state: 'live', externalRef: null, attachments: [{ fileName: 'darba kārtība.pdf', contentType: 'application/pdf' }] });
    expect(await titles(anna, b1.premises['P-111']!)).toContain('Kopsapulce');
    expect(await titles(peteris, b2.premises['P-201']!)).toContain('Kopsapulce');
    const file = await residentGet(ctx, ogre, anna.token, `/notices/${item.id}/attachments/${item.attachments[0].id}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    const adminFile = await adminRequest(ctx, ogre, ogre.key, 'GET', `/notices/${item.id}/attachments/${item.attachments[0].id}`);
    expect(adminFile.status).toBe(200);
    expect((await auditActions(ctx, ogre.id)).map((a) => a.action)).toContain('admin.notice.created');
  });

  test('to one building by externalRef, urgent with an expiry: pinned for that building only', async () => {
    const response = await post({
      title: 'Ūdens atslēgšana',
      body: 'Rīt no 9 līdz 12.',
      kind: 'urgent',
      audience: 'buildings',
      buildingRefs: ['B-2'],
      expiresAt: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(response.status).toBe(201);
    expect((await response.json()).item.buildings).toEqual([{ id: b2.buildingId, externalRef: 'B-2' }]);
    const peterisFeed = await feed(peteris, b2.premises['P-201']!);
    expect(peterisFeed.notices[0]).toMatchObject({ title: 'Ūdens atslēgšana', pinned: true });
    expect(await titles(anna, b1.premises['P-111']!)).not.toContain('Ūdens atslēgšana');
  });

  test('who has read an urgent notice: nobody at first, then the resident who opened it, by name', async () => {
    const response = await post({ title: 'Lifts nestrādā', body: 'Remonts līdz piektdienai.', kind: 'urgent', audience: 'buildings', buildingRefs: ['B-2'], expiresAt: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString() });
    const { item } = await response.json();
    const readers = async (tenant = ogre) => adminRequest(ctx, tenant, tenant.key, 'GET', `/notices/${item.id}/readers`);
    expect(await (await readers()).json()).toEqual({ items: [] });
    expect((await call(ctx, 'POST', `/v1/ogre/notices/${item.id}/read`, { token: peteris.token })).status).toBe(204);
    const after = (await (await readers()).json()) as { items: { name: string; email: string; readAt: string }[] };
    expect(after.items).toEqual([{ userId: expect.any(String), name: 'peteris', email: 'peteris@example.lv', readAt: ctx.clock.now().toISOString() }]);
    // Another tenant's key on its own path does not find this notice.
    expect((await readers(ludza)).status).toBe(404);
  });

  test('to premises by externalRef, scheduled for later: nobody sees it before its time', async () => {
    const publishAt = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
    const response = await post({ title: 'Skaitītāju maiņa', body: 'Jūsu dzīvoklī.', audience: 'premises', premiseRefs: ['P-111'], publishAt });
    expect(response.status).toBe(201);
    expect((await response.json()).item.state).toBe('scheduled');
    expect(await titles(anna, b1.premises['P-111']!)).not.toContain('Skaitītāju maiņa');
    ctx.clock.advance(60_000);
    expect(await titles(anna, b1.premises['P-111']!)).toContain('Skaitītāju maiņa');
    expect(await titles(peteris, b2.premises['P-201']!)).not.toContain('Skaitītāju maiņa');
  });

  test('the rules: urgent needs an expiry, targets fit the audience, expiry after publish', async () => {
    const cases: [object, string, string][] = [
      [{ title: 'U', body: 'x', kind: 'urgent' }, 'expiresAt', 'urgent_needs_expiry'],
      [{ title: 'B', body: 'x', audience: 'buildings' }, 'buildingRefs', 'required'],
      [{ title: 'T', body: 'x', buildingRefs: ['B-1'] }, 'buildingRefs', 'not_for_this_audience'],
      [{ title: 'E', body: 'x', publishAt: '2026-06-01T00:00:00Z', expiresAt: '2026-05-01T00:00:00Z' }, 'expiresAt', 'expiry_before_publish'],
      [{ title: ' ', body: 'x' }, 'title', 'required'],
      [{ title: 'x'.repeat(201), body: 'x' }, 'title', 'too_long'],
      [{ title: 'K', body: 'x', kind: 'loud' }, 'kind', 'invalid_value'],
      [{ title: 'K', body: 'x', publishAt: 'tomorrow' }, 'publishAt', 'invalid_format'],
      [{ title: 'K', body: 'x', publishAt: '0000-01-01T00:00:00Z' }, 'publishAt', 'out_of_range'],
    ];
    for (const [notice, field, code] of cases) {
      const response = await post(notice);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect((await response.json()).error.fields).toMatchObject({ [field]: code });
    }
  });

  test("an unknown or another tenant's building or premise ref answers 404 and publishes nothing", async () => {
    const before = await ctx.database.db.selectFrom('notices').select('id').execute();
    const premise = await post({ title: 'X', body: 'x', audience: 'premises', premiseRefs: ['P-111', 'L-P'] });
    expect(premise.status).toBe(404);
    expect((await premise.json()).error).toMatchObject({ code: 'not_found', fields: { 'premiseRefs.1': 'not_found' } });
    const building = await post({ title: 'X', body: 'x', audience: 'buildings', buildingRefs: ['L-B'] });
    expect(building.status).toBe(404);
    expect(await ctx.database.db.selectFrom('notices').select('id').execute()).toHaveLength(before.length);
  });

  test('a PNG renamed .pdf is 422 file_type_not_allowed, too large is 413, too many files 400', async () => {
    const renamed = await post({ title: 'R', body: 'x' }, [{ name: 'plan.pdf', bytes: PNG }]);
    expect(renamed.status).toBe(422);
    expect((await renamed.json()).error.code).toBe('file_type_not_allowed');
    const large = await post({ title: 'L', body: 'x' }, [{ name: 'big.pdf', bytes: pdfOfSize(25 * 1024 * 1024 + 1) }]);
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe('file_too_large');
    const many = await post({ title: 'M', body: 'x' }, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, bytes: PDF })));
    expect(many.status).toBe(400);
    const png = await post({ title: 'P', body: 'x' }, [{ name: 'plan.png', bytes: PNG }]);
    expect(png.status).toBe(201);
  });
});

describe('upsert by externalRef, list, withdraw, delete', () => {
  test('PUT creates, repeats unchanged, updates what residents see; POST with a taken ref is 409', async () => {
    const notice = { title: 'Apkure', body: 'Apkures sezona sākas.', audience: 'buildings', buildingRefs: ['B-1'] };
    const created = await put('N-2026-01', notice, [{ name: 'grafiks.pdf', bytes: PDF }]);
    expect(created.status).toBe(201);
    const again = await put('N-2026-01', notice);
    expect(again.status).toBe(200);
    expect((await again.json())).toMatchObject({ result: 'unchanged', item: { externalRef: 'N-2026-01', attachments: [{ fileName: 'grafiks.pdf' }] } });
    const sameFile = await put('N-2026-01', notice, [{ name: 'grafiks.pdf', bytes: PDF }]);
    expect((await sameFile.json()).result).toBe('unchanged');

    const moved = await put('N-2026-01', { ...notice, title: 'Apkure (precizēts)', buildingRefs: ['B-2'], clearAttachments: true });
    expect((await moved.json())).toMatchObject({ result: 'updated', item: { title: 'Apkure (precizēts)', attachments: [] } });
    expect(await titles(peteris, b2.premises['P-201']!)).toContain('Apkure (precizēts)');
    expect(await titles(anna, b1.premises['P-111']!)).not.toContain('Apkure (precizēts)');

    const taken = await post({ ...notice, externalRef: 'N-2026-01' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe('external_ref_taken');
    const byRef = await adminRequest(ctx, ogre, ogre.key, 'GET', '/notices/N-2026-01');
    expect((await byRef.json()).item.title).toBe('Apkure (precizēts)');
  });

  test('the list pages through every notice once and filters by state', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; state: string }[]; nextCursor: string | null } = await (
        await adminRequest(ctx, ogre, ogre.key, 'GET', `/notices?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      all.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    const count = (await ctx.database.db.selectFrom('notices').select('id').where('tenant_id', '=', ogre.id).execute()).length;
    expect(new Set(all).size).toBe(count);
    expect(all.length).toBe(count);
    const live = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/notices?state=live')).json();
    expect(live.items.every((n: { state: string }) => n.state === 'live')).toBe(true);
    const other = await (await adminRequest(ctx, ludza, ludza.key, 'GET', '/notices')).json();
    expect(other.items).toEqual([]);
    expect((await adminRequest(ctx, ludza, ludza.key, 'GET', '/notices/N-2026-01')).status).toBe(404);
  });

  test('withdraw ends a live notice for residents at once; a scheduled one must be deleted instead', async () => {
    ctx.clock.advance(1000);
    const withdrawn = await adminRequest(ctx, ogre, ogre.key, 'POST', '/notices/N-2026-01/withdraw');
    expect(withdrawn.status).toBe(200);
    expect((await withdrawn.json()).item.state).toBe('expired');
    expect(await titles(peteris, b2.premises['P-201']!)).not.toContain('Apkure (precizēts)');
    expect((await (await adminRequest(ctx, ogre, ogre.key, 'POST', '/notices/N-2026-01/withdraw')).json()).result).toBe('unchanged');

    const later = await put('N-LATER', { title: 'Later', body: 'x', publishAt: '2027-01-01T00:00:00Z' });
    expect(later.status).toBe(201);
    const refused = await adminRequest(ctx, ogre, ogre.key, 'POST', '/notices/N-LATER/withdraw');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('notice_not_published');
  });

  test('delete removes the notice, its attachments and files; residents no longer see it', async () => {
    const created = await (await put('N-DEL', { title: 'Dzēšamais', body: 'x' }, [{ name: 'a.pdf', bytes: PDF }])).json();
    expect(await titles(anna, b1.premises['P-111']!)).toContain('Dzēšamais');
    const fileId = created.item.attachments[0].id;
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', `/notices/${created.item.id}`)).status).toBe(204);
    expect(await titles(anna, b1.premises['P-111']!)).not.toContain('Dzēšamais');
    expect(await ctx.database.db.selectFrom('stored_files').select('id').where('id', '=', fileId).execute()).toEqual([]);
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/notices/N-DEL')).status).toBe(404);
    expect((await auditActions(ctx, ogre.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['admin.notice.deleted', 'admin.notice.withdrawn', 'admin.notice.updated']));
  });
});
