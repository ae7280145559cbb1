/**
 * Notices in the residents' languages (issue #14, migration 0090): the manager writes a notice in
 * Latvian and may add Russian and English versions; a resident's feed gives the version of the
 * request's Accept-Language, else the Latvian text, and says which language it is. A version
 * needs its title and its body; PUT replaces the versions whole and an unchanged PUT stays unchanged.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { adminForm, PDF, premisesWithRefs, residentOf } from './support/admin-content.ts';
import { call, createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let b1: { buildingId: string; premises: Record<string, string> };
let anna: { token: string };
let peteris: { token: string };

type FeedNotice = { id: string; title: string; body: string; language: string; attachments: { id: string }[] };
const feed = async (who: { token: string }, premiseId: string, language?: string) => {
  const response = await call(ctx, 'GET', `/v1/ogre/notices?premise=${premiseId}`, { token: who.token, ...(language ? { headers: { 'accept-language': language } } : {}) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { notices: FeedNotice[] }).notices;
};

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  b1 = await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-111', 'P-112']);
  anna = await residentOf(ctx, ogre, 'anna@example.lv', b1.premises['P-111']!);
  peteris = await residentOf(ctx, ogre, 'peteris@example.lv', b1.premises['P-112']!);
});
afterAll(() => ctx.close());

test('a notice with a Russian version to one premise: its resident reads Russian when asking for it, Latvian otherwise; the neighbour sees nothing', async () => {
  const notice = {
    title: 'Skaitītāju maiņa',
    body: 'Rīt jūsu dzīvoklī mainīs skaitītājus.',
    audience: 'premises',
    premiseRefs: ['P-111'],
    translations: { ru: { title: '  Замена счётчиков ', body: 'Завтра в вашей квартире заменят счётчики.' } },
  };
  const response = await adminForm(ctx, ogre, ogre.key, 'POST', '/notices', { notice, attachments: [{ name: 'grafiks.pdf', bytes: PDF }] });
  expect(response.status).toBe(201);
  const { item } = await response.json();
  expect(item.translations).toEqual({ ru: { title: 'Замена счётчиков', body: 'Завтра в вашей квартире заменят счётчики.' } });
  expect(item.premises).toEqual([{ id: b1.premises['P-111'], externalRef: 'P-111', label: expect.any(String) }]);

  const ru = (await feed(anna, b1.premises['P-111']!, 'ru-RU,ru;q=0.9,lv;q=0.5')).find((n) => n.id === item.id)!;
  expect(ru).toMatchObject({ title: 'Замена счётчиков', body: 'Завтра в вашей квартире заменят счётчики.', language: 'ru' });
  const file = await call(ctx, 'GET', `/v1/ogre/notices/${item.id}/attachments/${ru.attachments[0]!.id}`, { token: anna.token });
  expect(file.status).toBe(200);
  expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
  // No English version: English asks get the Latvian text, and say so.
  expect((await feed(anna, b1.premises['P-111']!, 'en')).find((n) => n.id === item.id)).toMatchObject({ title: 'Skaitītāju maiņa', language: 'lv' });
  expect((await feed(anna, b1.premises['P-111']!)).find((n) => n.id === item.id)).toMatchObject({ title: 'Skaitītāju maiņa', language: 'lv' });
  expect((await feed(peteris, b1.premises['P-112']!, 'ru')).map((n) => n.id)).not.toContain(item.id);
  expect((await call(ctx, 'GET', `/v1/ogre/notices/${item.id}/attachments/${ru.attachments[0]!.id}`, { token: peteris.token })).status).toBe(404);
});

test('a version needs its title and its body; unknown languages and fields are refused; nothing is published', async () => {
  const before = (await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/notices?limit=100')).json()).items.length;
  const bad = async (translations: unknown) => adminForm(ctx, ogre, ogre.key, 'POST', '/notices', { notice: { title: 'A', body: 'B', translations } });
  const missingBody = await bad({ en: { title: 'Meter change', body: '  ' } });
  expect(missingBody.status).toBe(400);
  expect((await missingBody.json()).error.fields).toMatchObject({ 'translations.en.body': 'required' });
  const tooLong = await bad({ ru: { title: 'я'.repeat(201), body: 'текст' } });
  expect(tooLong.status).toBe(400);
  expect((await tooLong.json()).error.fields).toMatchObject({ 'translations.ru.title': 'too_long' });
  expect((await bad({ de: { title: 'Zähler', body: 'Morgen' } })).status).toBe(400);
  expect((await bad({ ru: { title: 'Замена', body: 'Завтра', extra: 1 } })).status).toBe(400);
  expect((await bad('ru')).status).toBe(400);
  expect((await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/notices?limit=100')).json()).items.length).toBe(before);
});

test('PUT replaces the versions whole: the same again is unchanged, dropping one makes residents read Latvian again', async () => {
  const notice = { title: 'Kopsapulce', body: 'Sapulce 3. jūnijā.', translations: { en: { title: 'General meeting', body: 'Meeting on 3 June.' }, ru: { title: 'Собрание', body: 'Собрание 3 июня.' } } };
  expect((await adminForm(ctx, ogre, ogre.key, 'PUT', '/notices/N-1', { notice })).status).toBe(201);
  const again = await adminForm(ctx, ogre, ogre.key, 'PUT', '/notices/N-1', { notice: { ...notice, translations: { ru: notice.translations.ru, en: notice.translations.en } } });
  expect((await again.json()).result).toBe('unchanged');
  expect((await feed(anna, b1.premises['P-111']!, 'en')).find((n) => n.title === 'General meeting')).toBeDefined();
  const dropped = await adminForm(ctx, ogre, ogre.key, 'PUT', '/notices/N-1', { notice: { ...notice, translations: { ru: notice.translations.ru } } });
  expect(dropped.status).toBe(200);
  expect((await dropped.json()).result).toBe('updated');
  const en = await feed(anna, b1.premises['P-111']!, 'en');
  expect(en.find((n) => n.title === 'Kopsapulce')).toMatchObject({ language: 'lv' });
  expect((await feed(anna, b1.premises['P-111']!, 'ru')).find((n) => n.title === 'Собрание')).toMatchObject({ body: 'Собрание 3 июня.' });
});
