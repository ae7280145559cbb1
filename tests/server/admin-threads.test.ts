/**
 * The manager's inbox: open threads across premises, unanswered and longest-waiting first, with
 * the premise's ref and label and the resident's name; reading one; replying as the manager (the
 * resident sees the reply and gets the existing reply email through a real SMTP server); closing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { adminForm, auditActions, pdfOfSize, PNG, premisesWithRefs, residentGet, residentOf } from './support/admin-content.ts';
import { createMailRig, type MailRig } from './support/mail.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let mail: MailRig;
let ogre: AdminTenant;
let ludza: AdminTenant;
let b1: { buildingId: string; premises: Record<string, string> };
let anna: { userId: string; token: string };
let peteris: { userId: string; token: string };
const threads: Record<string, string> = {};

async function ask(who: { token: string }, premiseId: string, subject: string, notifyByEmail = 'true', file?: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.append('subject', subject);
  form.append('body', `${subject}?`);
  form.append('notifyByEmail', notifyByEmail);
  if (file) form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
  const response = await ctx.app.request(`/v1/ogre/premises/${premiseId}/threads`, { method: 'POST', headers: { authorization: `Bearer ${who.token}` }, body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as { thread: { id: string } }).thread.id;
}

const reply = (threadId: string, body: string, extra: Record<string, string | { name: string; bytes: Uint8Array }> = {}, key = ogre.key) =>
  adminForm(ctx, ogre, key, 'POST', `/threads/${threadId}/replies`, { body, ...extra });

type Inbox = { items: { id: string; subject: string; status: string; premise: { externalRef: string; label: string }; resident: { name: string } }[]; nextCursor: string | null };
const inbox = async (query = '') => (await (await adminRequest(ctx, ogre, ogre.key, 'GET', `/threads${query}`)).json()) as Inbox;

beforeAll(async () => {
  ctx = await createTestApp();
  mail = await createMailRig(ctx.database);
  ogre = await createAdminTenant(ctx, 'ogre');
  ludza = await createAdminTenant(ctx, 'ludza');
  b1 = await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-111', 'P-112']);
  anna = await residentOf(ctx, ogre, 'anna@example.lv', b1.premises['P-111']!, { name: 'Anna Bērziņa' });
  peteris = await residentOf(ctx, ogre, 'peteris@example.lv', b1.premises['P-112']!, { name: 'Pēteris Kalniņš' });
  threads.meter = await ask(anna, b1.premises['P-111']!, 'Skaitītājs', 'true', { name: 'foto.png', bytes: PNG });
  ctx.clock.advance(1000);
  threads.heating = await ask(peteris, b1.premises['P-112']!, 'Apkure');
  ctx.clock.advance(1000);
  threads.quiet = await ask(anna, b1.premises['P-111']!, 'Bez e-pasta', 'false');
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});

describe('the inbox', () => {
  test('lists open threads, longest-waiting first, with the premise ref and label and the resident', async () => {
    const { items } = await inbox();
    expect(items.map((t) => t.subject)).toEqual(['Skaitītājs', 'Apkure', 'Bez e-pasta']);
    expect(items[0]).toMatchObject({ status: 'open', premise: { externalRef: 'P-111', label: 'Street B-1-P-111' }, resident: { name: 'Anna Bērziņa' } });
    expect(items[1]!.resident.name).toBe('Pēteris Kalniņš');
    expect((await (await adminRequest(ctx, ludza, ludza.key, 'GET', '/threads')).json()).items).toEqual([]);
  });

  test('reads one thread with its messages and the resident’s attachment', async () => {
    const response = await adminRequest(ctx, ogre, ogre.key, 'GET', `/threads/${threads.meter}`);
    expect(response.status).toBe(200);
    const detail = await response.json();
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ authorKind: 'resident', authorName: 'Anna Bērziņa', body: 'Skaitītājs?', attachment: { fileName: 'foto.png' } });
    const file = await adminRequest(ctx, ogre, ogre.key, 'GET', `/threads/${threads.meter}/messages/${detail.messages[0].id}/file`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    for (const id of ['nope', crypto.randomUUID()]) expect((await adminRequest(ctx, ogre, ogre.key, 'GET', `/threads/${id}`)).status).toBe(404);
    expect((await adminRequest(ctx, ludza, ludza.key, 'GET', `/threads/${threads.meter}`)).status).toBe(404);
  });
});

describe('replying', () => {
  test('the reply is the manager’s, the resident sees it and gets the reply email', async () => {
    const response = await reply(threads.meter!, 'Atnāksim rīt.');
    expect(response.status).toBe(201);
    const detail = await response.json();
    expect(detail.emailQueued).toBe(true);
    expect(detail.thread.status).toBe('answered');
    expect(detail.messages[1]).toMatchObject({ authorKind: 'manager', authorName: 'Manager ogre', body: 'Atnāksim rīt.' });
    const row = await ctx.database.db.selectFrom('thread_messages').select(['author_kind', 'author_id']).where('body', '=', 'Atnāksim rīt.').executeTakeFirstOrThrow();
    expect(row).toEqual({ author_kind: 'manager', author_id: null });

    const seen = await (await residentGet(ctx, ogre, anna.token, `/premises/${b1.premises['P-111']}/threads/${threads.meter}/messages`)).json();
    expect(seen.thread.status).toBe('answered');
    expect(seen.messages.at(-1)).toMatchObject({ authorKind: 'manager', body: 'Atnāksim rīt.', mine: false });

    const arrived = await mail.deliver();
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.envelope.to).toEqual(['anna@example.lv']);
    expect(arrived[0]!.parsed.subject).toBe('Atbilde uz Jūsu jautājumu: Skaitītājs');
    expect(arrived[0]!.parsed.text).toContain(`#thread=${threads.meter}`);
    expect((await auditActions(ctx, ogre.id)).map((a) => a.action)).toContain('admin.thread.replied');
  });

  test('answered threads go below the unanswered ones; no mail when the resident did not want one', async () => {
    expect((await inbox()).items.map((t) => t.subject)).toEqual(['Apkure', 'Bez e-pasta', 'Skaitītājs']);
    expect((await inbox('?status=open')).items.map((t) => t.subject)).toEqual(['Apkure', 'Bez e-pasta']);
    const quiet = await reply(threads.quiet!, 'Labi.');
    expect((await quiet.json()).emailQueued).toBe(false);
    expect(await mail.deliver()).toEqual([]);
  });

  test('reply and close together; a closed thread leaves the inbox; the resident cannot write into it', async () => {
    const response = await reply(threads.heating!, 'Apkure ieslēgta.', { close: 'true' });
    expect((await response.json()).thread.status).toBe('closed');
    expect((await inbox()).items.map((t) => t.subject)).not.toContain('Apkure');
    expect((await inbox('?status=closed')).items.map((t) => t.subject)).toEqual(['Apkure']);
    expect((await mail.deliver()).map((m) => m.envelope.to[0])).toEqual(['peteris@example.lv']);
    const form = new FormData();
    form.append('body', 'Paldies!');
    const again = await ctx.app.request(`/v1/ogre/premises/${b1.premises['P-112']}/threads/${threads.heating}/messages`, { method: 'POST', headers: { authorization: `Bearer ${peteris.token}` }, body: form });
    expect(again.status).toBe(409);
  });

  test('close without a message is audited once', async () => {
    const first = await adminRequest(ctx, ogre, ogre.key, 'POST', `/threads/${threads.quiet}/close`);
    expect(first.status).toBe(200);
    expect((await first.json()).thread.status).toBe('closed');
    await adminRequest(ctx, ogre, ogre.key, 'POST', `/threads/${threads.quiet}/close`);
    expect((await auditActions(ctx, ogre.id)).filter((a) => a.action === 'admin.thread.closed')).toHaveLength(1);
  });

  test('bad replies: empty body 400, PNG renamed .pdf 422, too large 413, JSON 415, read key 403 — nothing written', async () => {
    const count = async () => (await ctx.database.db.selectFrom('thread_messages').select('id').execute()).length;
    const before = await count();
    const empty = await reply(threads.meter!, '  ');
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields).toMatchObject({ body: 'required' });
    const renamed = await reply(threads.meter!, 'See file', { file: { name: 'plan.pdf', bytes: PNG } });
    expect(renamed.status).toBe(422);
    expect((await renamed.json()).error.code).toBe('file_type_not_allowed');
    const large = await reply(threads.meter!, 'Big', { file: { name: 'big.pdf', bytes: pdfOfSize(10 * 1024 * 1024 + 1) } });
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe('file_too_large');
    const json = await adminRequest(ctx, ogre, ogre.key, 'POST', `/threads/${threads.meter}/replies`, { body: 'JSON' });
    expect(json.status).toBe(415);
    const reader = (await createKey(ctx, ogre, ['read'])).secret;
    expect((await reply(threads.meter!, 'Reader', {}, reader)).status).toBe(403);
    expect((await adminForm(ctx, ludza, ludza.key, 'POST', `/threads/${threads.meter}/replies`, { body: 'Other tenant' })).status).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('paging', () => {
  test('pages through the whole inbox once in order, while a new question arrives', async () => {
    for (let i = 0; i < 4; i++) {
      ctx.clock.advance(1000);
      await ask(anna, b1.premises['P-111']!, `Q${i}`);
    }
    const whole = (await inbox('?limit=100')).items.map((t) => t.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = false;
    do {
      const page: Inbox = await inbox(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
      if (!added) {
        added = true;
        ctx.clock.advance(1000);
        whole.splice(4, 0, await ask(peteris, b1.premises['P-112']!, 'Late'));
      }
    } while (cursor);
    expect(seen).toEqual(whole);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', '/threads?cursor=bogus')).status).toBe(400);
  });
});

describe('who the reply email still reaches', () => {
  test('a resident whose grant has expired since asking is not emailed the reply', async () => {
    const threadId = await ask(peteris, b1.premises['P-112']!, 'Pilnvara');
    const grant = () => ctx.database.db.updateTable('grants').where('user_id', '=', peteris.userId).where('premise_id', '=', b1.premises['P-112']!);
    await grant().set({ expires_at: new Date(ctx.clock.now().getTime() - 1000) }).execute();
    try {
      const response = await reply(threadId, 'Atbilde.');
      expect(response.status).toBe(201);
      expect((await response.json()).emailQueued).toBe(false);
      expect(await mail.deliver()).toEqual([]);
    } finally {
      await grant().set({ expires_at: null }).execute();
    }
    const again = await reply(threadId, 'Vēlreiz.');
    expect((await again.json()).emailQueued).toBe(true);
    expect((await mail.deliver()).map((m) => m.envelope.to[0])).toEqual(['peteris@example.lv']);
  });
});
