import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishNotice, type PublishNoticeInput } from '../../server/notices/notices.service.ts';
import { withFileChanges } from '../../server/files/stored-files.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

const HOUR = 3600_000;
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

let ctx: TestContext;
let ogre: { id: string };
let riga: { id: string };
const premises: Record<string, { id: string; building_id: string }> = {};
const tokens: Record<string, string> = {};

async function publish(tenantId: string, input: PublishNoticeInput) {
  return ctx.database.withTenant(tenantId, (trx) => withFileChanges(ctx.deps.files, (files) => publishNotice(trx, files, tenantId, input, ctx.clock.now())));
}

async function feed(who: string, premiseId: string) {
  const response = await call(ctx, 'GET', `/v1/ogre/notices?premise=${premiseId}`, { token: tokens[who] });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    unreadCount: number;
    notices: Array<{ id: string; title: string; kind: string; pinned: boolean; read: boolean; readAt: string | null; attachments: Array<{ id: string; fileName: string }> }>;
  };
}

/** Moves the clock; access tokens live five minutes, so everyone logs in again. */
async function advance(ms: number) {
  ctx.clock.advance(ms);
  for (const name of ['anna', 'maris', 'peteris', 'liga']) tokens[name] = (await login(ctx, 'ogre', `${name}@example.lv`)).accessToken;
  tokens.rigaAnna = (await login(ctx, 'riga', 'anna@example.lv')).accessToken;
}

const titles = (list: Awaited<ReturnType<typeof feed>>) => list.notices.map((n) => n.title);

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createTenant(ctx.database, 'ogre');
  riga = await createTenant(ctx.database, 'riga');
  premises.a1 = await createPremise(ctx.database, ogre.id, 'Malkalnes prospekts 3-111', '111');
  premises.a2 = await createPremise(ctx.database, ogre.id, 'Malkalnes prospekts 3-112', '112', premises.a1.building_id);
  premises.b1 = await createPremise(ctx.database, ogre.id, 'Brīvības iela 12-5', '205');
  premises.r1 = await createPremise(ctx.database, riga.id, 'Lāčplēša iela 87-1', '901');
  const people: Array<[string, string, 'owner' | 'proxy' | 'member']> = [
    ['anna', 'a1', 'owner'],
    ['maris', 'a2', 'proxy'],
    ['peteris', 'b1', 'owner'],
    ['liga', 'a1', 'member'],
  ];
  for (const [name, premise, role] of people) {
    const user = await createUser(ctx.database, ogre.id, `${name}@example.lv`);
    await grant(ctx.database, ogre.id, user.id, premises[premise]!.id, role);
    tokens[name] = (await login(ctx, 'ogre', `${name}@example.lv`)).accessToken;
  }
  const rigaUser = await createUser(ctx.database, riga.id, 'anna@example.lv');
  await grant(ctx.database, riga.id, rigaUser.id, premises.r1.id, 'owner');
  tokens.rigaAnna = (await login(ctx, 'riga', 'anna@example.lv')).accessToken;
});
afterAll(() => ctx.close());

describe('targeting', () => {
  test('a building notice reaches that building only; a premise notice that premise only; a tenant notice everyone', async () => {
    await publish(ogre.id, { title: 'Lift repairs in building A', body: 'Lift off.', audience: 'buildings', buildingIds: [premises.a1!.building_id] });
    await publish(ogre.id, { title: 'For 112 only', body: 'Your meter.', audience: 'premises', premiseIds: [premises.a2!.id] });
    await publish(ogre.id, { title: 'Office closed', body: 'Closed on Friday.', audience: 'tenant' });

    expect(titles(await feed('anna', premises.a1!.id)).sort()).toEqual(['Lift repairs in building A', 'Office closed']);
    expect(titles(await feed('maris', premises.a2!.id)).sort()).toEqual(['For 112 only', 'Lift repairs in building A', 'Office closed']);
    expect(titles(await feed('peteris', premises.b1!.id))).toEqual(['Office closed']);
    // A member of the premise reads its notices too.
    expect(titles(await feed('liga', premises.a1!.id)).sort()).toEqual(['Lift repairs in building A', 'Office closed']);
  });

  test("another tenant's notices never show, and its users see only their own", async () => {
    await publish(riga.id, { title: 'Riga only', body: 'Riga.', audience: 'tenant' });
    expect(titles(await feed('peteris', premises.b1!.id))).not.toContain('Riga only');
    const response = await call(ctx, 'GET', `/v1/riga/notices?premise=${premises.r1!.id}`, { token: tokens.rigaAnna });
    expect((await response.json()).notices.map((n: { title: string }) => n.title)).toEqual(['Riga only']);
  });

  test('a notice shows from its publish time until its expiry, then vanishes', async () => {
    const now = ctx.clock.now().getTime();
    await publish(ogre.id, { title: 'Scheduled', body: 'Later.', publishAt: new Date(now + 2 * HOUR), expiresAt: new Date(now + 5 * HOUR) });
    expect(titles(await feed('peteris', premises.b1!.id))).not.toContain('Scheduled');
    await advance(3 * HOUR);
    expect(titles(await feed('peteris', premises.b1!.id))).toContain('Scheduled');
    await advance(2 * HOUR);
    expect(titles(await feed('peteris', premises.b1!.id))).not.toContain('Scheduled');
  });

  test('urgent notices are pinned above newer ones', async () => {
    const now = ctx.clock.now().getTime();
    await publish(ogre.id, {
      title: 'Water off tomorrow',
      body: 'Cold and hot water off 9–15.',
      kind: 'urgent',
      audience: 'buildings',
      buildingIds: [premises.b1!.building_id],
      publishAt: new Date(now - 10 * HOUR),
      expiresAt: new Date(now + 24 * HOUR),
    });
    await advance(60_000);
    await publish(ogre.id, { title: 'Newest normal', body: 'News.', audience: 'buildings', buildingIds: [premises.b1!.building_id] });
    const list = await feed('peteris', premises.b1!.id);
    expect(list.notices[0]).toMatchObject({ title: 'Water off tomorrow', kind: 'urgent', pinned: true });
    expect(list.notices[1]).toMatchObject({ title: 'Newest normal', pinned: false });
  });

  test('an urgent notice without an expiry cannot be published', async () => {
    await expect(publish(ogre.id, { title: 'Urgent forever', body: 'x', kind: 'urgent' })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { expiresAt: 'urgent_needs_expiry' },
    });
  });
});

describe('read state', () => {
  test('is per user, idempotent, and lowers the unread count', async () => {
    const { id } = await publish(ogre.id, { title: 'Read me', body: 'Text.', audience: 'buildings', buildingIds: [premises.a1!.building_id] });
    const before = await feed('anna', premises.a1!.id);
    expect(before.notices.find((n) => n.id === id)).toMatchObject({ read: false, readAt: null });

    expect((await call(ctx, 'POST', `/v1/ogre/notices/${id}/read`, { token: tokens.anna })).status).toBe(204);
    const after = await feed('anna', premises.a1!.id);
    const readAt = after.notices.find((n) => n.id === id)!.readAt;
    expect(readAt).toBe(ctx.clock.now().toISOString());
    expect(after.unreadCount).toBe(before.unreadCount - 1);

    await advance(60_000);
    expect((await call(ctx, 'POST', `/v1/ogre/notices/${id}/read`, { token: tokens.anna })).status).toBe(204);
    expect((await feed('anna', premises.a1!.id)).notices.find((n) => n.id === id)!.readAt).toBe(readAt);

    // Māris shares the building, not the read receipt.
    expect((await feed('maris', premises.a2!.id)).notices.find((n) => n.id === id)!.read).toBe(false);
  });

  test("a notice that does not reach the caller, another tenant's, or a malformed id answers 404", async () => {
    const { id: buildingA } = await publish(ogre.id, { title: 'A only', body: 'x', audience: 'buildings', buildingIds: [premises.a1!.building_id] });
    const { id: rigaNotice } = await publish(riga.id, { title: 'R', body: 'x' });
    for (const path of [`/v1/ogre/notices/${buildingA}/read`, `/v1/ogre/notices/${rigaNotice}/read`, '/v1/ogre/notices/not-a-uuid/read', `/v1/ogre/notices/${'9'.repeat(64)}/read`]) {
      const response = await call(ctx, 'POST', path, { token: tokens.peteris });
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  });
});

describe('the list', () => {
  test('needs a login, an address of the caller, and answers 404 for anything else', async () => {
    expect((await call(ctx, 'GET', `/v1/ogre/notices?premise=${premises.a1!.id}`)).status).toBe(401);
    for (const premise of [premises.b1!.id, premises.r1!.id, 'nope', "'; drop table notices;--"]) {
      const response = await call(ctx, 'GET', `/v1/ogre/notices?premise=${encodeURIComponent(premise)}`, { token: tokens.anna });
      expect(response.status, premise).toBe(404);
    }
    const missing = await call(ctx, 'GET', '/v1/ogre/notices', { token: tokens.anna });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ code: 'validation_failed', fields: { premise: 'required' } });
    expect((await call(ctx, 'GET', `/v1/ogre/notices?premise=${'x'.repeat(5000)}`, { token: tokens.anna })).status).toBe(400);
  });
});

describe('attachments', () => {
  test('download with the stored type as an attachment, for the people the notice reaches only', async () => {
    const { id } = await publish(ogre.id, {
      title: 'Schedule',
      body: 'See the attachment.',
      audience: 'buildings',
      buildingIds: [premises.a1!.building_id],
      expiresAt: new Date(ctx.clock.now().getTime() + HOUR),
      attachments: [{ fileName: 'Remontdarbu grafiks "3".pdf', content: pdf('schedule') }],
    });
    const notice = (await feed('anna', premises.a1!.id)).notices.find((n) => n.id === id)!;
    const file = notice.attachments[0]!;
    expect(file.fileName).toBe('Remontdarbu grafiks 3.pdf');
    const path = `/v1/ogre/notices/${id}/attachments/${file.id}`;

    const response = await call(ctx, 'GET', path, { token: tokens.maris });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Remontdarbu grafiks 3.pdf"; filename*=UTF-8''Remontdarbu%20grafiks%203.pdf`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(new TextDecoder().decode(await response.arrayBuffer())).toContain('% schedule');

    expect((await call(ctx, 'GET', path, { token: tokens.peteris })).status).toBe(404);
    expect((await call(ctx, 'GET', path)).status).toBe(401);
    expect((await call(ctx, 'GET', `/v1/ogre/notices/${id}/attachments/not-a-uuid`, { token: tokens.anna })).status).toBe(404);
    // A file that exists but belongs to another notice is not reachable through this one.
    const { id: other } = await publish(ogre.id, { title: 'Other', body: 'x', attachments: [{ fileName: 'b.pdf', content: pdf('b') }] });
    const otherFile = (await feed('peteris', premises.b1!.id)).notices.find((n) => n.id === other)!.attachments[0]!;
    expect((await call(ctx, 'GET', `/v1/ogre/notices/${id}/attachments/${otherFile.id}`, { token: tokens.anna })).status).toBe(404);

    await advance(2 * HOUR);
    expect((await call(ctx, 'GET', path, { token: tokens.anna })).status).toBe(404);
  });

  test('a manager attachment of a type we do not serve is refused', async () => {
    await expect(
      publish(ogre.id, { title: 'x', body: 'x', attachments: [{ fileName: 'page.html', content: new TextEncoder().encode('<script>alert(1)</script>') }] }),
    ).rejects.toMatchObject({ code: 'file_type_not_allowed' });
  });
});
