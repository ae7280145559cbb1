import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isDocumentPublished, mayOpenDocument } from '../../server/documents/document-rules.ts';
import { withFileChanges } from '../../server/files/stored-files.ts';
import { publishDocument, type PublishDocumentInput } from '../../server/documents/documents.service.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

let ctx: TestContext;
let ogre: { id: string };
let riga: { id: string };
const premises: Record<string, { id: string; building_id: string }> = {};
const tokens: Record<string, string> = {};
const docs: Record<string, string> = {};

async function publish(tenantId: string, input: PublishDocumentInput) {
  return ctx.database.withTenant(tenantId, (trx) => withFileChanges(ctx.deps.files, (files) => publishDocument(trx, files, tenantId, input, ctx.clock.now())));
}

type DocumentList = { authLevel: string; lockedCount: number; documents: Array<{ id: string; title: string; category: string; locked: boolean; requiresStrongAuth: boolean; date: string; period: string | null; file: { fileName: string; contentType: string; sizeBytes: number } }> };

async function list(who: string, premiseId: string, query = ''): Promise<DocumentList> {
  const response = await call(ctx, 'GET', `/v1/ogre/premises/${premiseId}/documents${query}`, { token: tokens[who] });
  expect(response.status).toBe(200);
  return response.json();
}

const fileOf = (who: string, premiseId: string, documentId: string) =>
  call(ctx, 'GET', `/v1/ogre/premises/${premiseId}/documents/${documentId}/file`, { token: tokens[who] });

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createTenant(ctx.database, 'ogre');
  riga = await createTenant(ctx.database, 'riga');
  premises.a1 = await createPremise(ctx.database, ogre.id, 'Malkalnes prospekts 3-111', '111');
  premises.b1 = await createPremise(ctx.database, ogre.id, 'Brīvības iela 12-5', '205');
  premises.r1 = await createPremise(ctx.database, riga.id, 'Lāčplēša iela 87-1', '901');
  const people: Array<[string, string, 'owner' | 'proxy' | 'member']> = [
    ['anna', 'a1', 'owner'],
    ['maris', 'a1', 'proxy'],
    ['liga', 'a1', 'member'],
    ['peteris', 'b1', 'owner'],
    ['strong', 'a1', 'owner'],
  ];
  for (const [name, premise, role] of people) {
    const user = await createUser(ctx.database, ogre.id, `${name}@example.lv`);
    await grant(ctx.database, ogre.id, user.id, premises[premise]!.id, role, role === 'member' ? ['invoices', 'readings'] : []);
    tokens[name] = (await login(ctx, 'ogre', `${name}@example.lv`)).accessToken;
    if (name === 'strong') {
      // Strong login (bank, eParaksts, Smart-ID) comes in a later issue; its session looks like this.
      await ctx.database.db.updateTable('sessions').set({ auth_level: 'strong' }).where('user_id', '=', user.id).execute();
    }
  }
  const a = premises.a1!.building_id;
  docs.estimate = (await publish(ogre.id, { buildingId: a, category: 'estimate', title: 'Tāme 2026', date: '2025-11-20', period: '2026', file: { fileName: 'Tāme 2026.pdf', content: pdf('estimate') } })).id;
  docs.report = (await publish(ogre.id, { buildingId: a, category: 'report', title: 'Pārskats 2026. g. 1. ceturksnis', date: '2026-04-10', period: '2026-Q1', file: { fileName: 'parskats.png', content: PNG } })).id;
  docs.protocol = (await publish(ogre.id, { buildingId: a, category: 'meeting_protocol', title: 'Kopsapulces protokols', date: '2026-03-02', requiresStrongAuth: true, file: { fileName: 'protokols.pdf', content: pdf('votes') } })).id;
  docs.future = (await publish(ogre.id, { buildingId: a, category: 'other', title: 'Not yet', date: '2026-05-01', publishAt: new Date(ctx.clock.now().getTime() + 86_400_000), file: { fileName: 'later.pdf', content: pdf('later') } })).id;
  docs.otherBuilding = (await publish(ogre.id, { buildingId: premises.b1!.building_id, category: 'estimate', title: 'Brīvības tāme', date: '2025-11-18', file: { fileName: 'b.pdf', content: pdf('b') } })).id;
  docs.riga = (await publish(riga.id, { buildingId: premises.r1!.building_id, category: 'estimate', title: 'Riga', date: '2025-11-18', file: { fileName: 'r.pdf', content: pdf('r') } })).id;
});
afterAll(() => ctx.close());

describe('the list', () => {
  test("shows the published documents of the premise's building, newest first, strong ones locked in a basic session", async () => {
    const basic = await list('anna', premises.a1!.id);
    expect(basic.authLevel).toBe('basic');
    expect(basic.documents.map((d) => d.title)).toEqual(['Pārskats 2026. g. 1. ceturksnis', 'Kopsapulces protokols', 'Tāme 2026']);
    expect(basic.documents.map((d) => d.locked)).toEqual([false, true, false]);
    expect(basic.lockedCount).toBe(1);
    expect(basic.documents[0]).toMatchObject({ category: 'report', date: '2026-04-10', period: '2026-Q1', file: { fileName: 'parskats.png', contentType: 'image/png', sizeBytes: PNG.byteLength } });

    const strong = await list('strong', premises.a1!.id);
    expect(strong.authLevel).toBe('strong');
    expect(strong.documents.every((d) => !d.locked)).toBe(true);
    expect(strong.lockedCount).toBe(0);

    expect((await list('peteris', premises.b1!.id)).documents.map((d) => d.title)).toEqual(['Brīvības tāme']);
    expect((await list('maris', premises.a1!.id)).documents).toHaveLength(3);
  });

  test('filters by category', async () => {
    expect((await list('anna', premises.a1!.id, '?category=estimate')).documents.map((d) => d.title)).toEqual(['Tāme 2026']);
    const bad = await call(ctx, 'GET', `/v1/ogre/premises/${premises.a1!.id}/documents?category=secret`, { token: tokens.anna });
    expect(bad.status).toBe(400);
  });

  test('a member gets nothing; another address, tenant or a malformed id is 404; no login is 401', async () => {
    const member = await call(ctx, 'GET', `/v1/ogre/premises/${premises.a1!.id}/documents`, { token: tokens.liga });
    expect(member.status).toBe(403);
    expect((await member.json()).error.code).toBe('forbidden');
    for (const premiseId of [premises.b1!.id, premises.r1!.id, 'abc', '00000000-0000-0000-0000-000000000000']) {
      expect((await call(ctx, 'GET', `/v1/ogre/premises/${premiseId}/documents`, { token: tokens.anna })).status, premiseId).toBe(404);
    }
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${premises.a1!.id}/documents`)).status).toBe(401);
  });
});

describe('downloads', () => {
  test('an ordinary document downloads with its stored type as an attachment', async () => {
    const response = await fileOf('anna', premises.a1!.id, docs.estimate!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Tame 2026.pdf"; filename*=UTF-8''T%C4%81me%202026.pdf`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new TextDecoder().decode(await response.arrayBuffer())).toContain('% estimate');

    const image = await fileOf('maris', premises.a1!.id, docs.report!);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
  });

  test('a document that needs a strong login answers 403 strong_auth_required to a basic session, and opens in a strong one', async () => {
    const basic = await fileOf('anna', premises.a1!.id, docs.protocol!);
    expect(basic.status).toBe(403);
    expect((await basic.json()).error.code).toBe('strong_auth_required');
    const strong = await fileOf('strong', premises.a1!.id, docs.protocol!);
    expect(strong.status).toBe(200);
    expect(new TextDecoder().decode(await strong.arrayBuffer())).toContain('% votes');
  });

  test('a member gets nothing, even a strong-free document', async () => {
    const response = await fileOf('liga', premises.a1!.id, docs.estimate!);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
  });

  test("another building's, another tenant's, an unpublished or a malformed document is 404", async () => {
    for (const id of [docs.otherBuilding!, docs.riga!, docs.future!, 'not-a-uuid', `${docs.estimate}x`]) {
      const response = await fileOf('strong', premises.a1!.id, id);
      expect(response.status, id).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
    // Pēteris's own building's document, asked through Anna's premise id: not his premise.
    expect((await fileOf('peteris', premises.a1!.id, docs.estimate!)).status).toBe(404);
  });

  test('publishing refuses a file whose bytes are not what its name says', async () => {
    await expect(
      publish(ogre.id, { buildingId: premises.a1!.building_id, category: 'other', title: 'Fake', date: '2026-01-01', file: { fileName: 'fake.pdf', content: new TextEncoder().encode('<html>hi</html>') } }),
    ).rejects.toMatchObject({ code: 'file_type_not_allowed' });
    await expect(
      publish(ogre.id, { buildingId: premises.a1!.building_id, category: 'other', title: 'x', date: '2026-13-45', period: 'Q5', file: { fileName: 'a.pdf', content: pdf('a') } }),
    ).rejects.toMatchObject({ code: 'validation_failed', fields: { date: 'invalid_format', period: 'invalid_format' } });
  });
});

describe('rules', () => {
  test('strong documents open only in a strong session', () => {
    expect(mayOpenDocument({ requiresStrongAuth: true }, 'basic')).toBe(false);
    expect(mayOpenDocument({ requiresStrongAuth: true }, 'strong')).toBe(true);
    expect(mayOpenDocument({ requiresStrongAuth: false }, 'basic')).toBe(true);
  });

  test('a document shows from its publish time', () => {
    const at = new Date('2026-05-20T09:00:00Z');
    expect(isDocumentPublished({ publishAt: at }, at)).toBe(true);
    expect(isDocumentPublished({ publishAt: new Date(at.getTime() + 1) }, at)).toBe(false);
  });
});
