import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyAsManager } from '../../server/threads/threads.service.ts';
import { withFileChanges } from '../../server/files/stored-files.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

let ctx: TestContext;
let ogre: Awaited<ReturnType<typeof createTenant>>;
let riga: Awaited<ReturnType<typeof createTenant>>;
const premises: Record<string, { id: string; building_id: string }> = {};
const users: Record<string, string> = {};
const tokens: Record<string, string> = {};

type Detail = {
  thread: { id: string; subject: string; status: string; notifyByEmail: boolean; messageCount: number; lastAuthorKind: string | null; createdBy: { name: string; mine: boolean } };
  messages: Array<{ id: string; authorKind: string; authorName: string; mine: boolean; body: string; attachment: { id: string; fileName: string; contentType: string; sizeBytes: number } | null }>;
};

function form(fields: Record<string, string | { name: string; bytes: Uint8Array; type?: string }>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') data.append(key, value);
    else data.append(key, new Blob([value.bytes as Uint8Array<ArrayBuffer>], { type: value.type ?? 'application/octet-stream' }), value.name);
  }
  return data;
}

function post(path: string, body: FormData | string, token?: string, headers: Record<string, string> = {}) {
  return ctx.app.request(path, {
    method: 'POST',
    body,
    headers: { 'x-forwarded-for': '203.0.113.9', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

const threadsPath = (premise: string, tenant = 'ogre') => `/v1/${tenant}/premises/${premises[premise]?.id ?? premise}/threads`;

async function openThread(who: string, premise: string, fields: Parameters<typeof form>[0]): Promise<Detail> {
  const response = await post(threadsPath(premise), form(fields), tokens[who]);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json();
}

async function reply(threadId: string, body: string, options: { close?: boolean; tenant?: typeof ogre } = {}) {
  const tenant = options.tenant ?? ogre;
  return ctx.database.withTenant(tenant.id, (trx) => withFileChanges(ctx.deps.files, (files) => replyAsManager(trx, files, tenant, { threadId, body, close: options.close ?? false }, ctx.clock.now())));
}

const outbox = () => ctx.database.db.selectFrom('email_outbox').selectAll().orderBy('created_at').execute();

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createTenant(ctx.database, 'ogre', { name: 'Ogres Namsaimnieks' });
  riga = await createTenant(ctx.database, 'riga');
  premises.a1 = await createPremise(ctx.database, ogre.id, 'Malkalnes prospekts 3-111', '111');
  premises.a2 = await createPremise(ctx.database, ogre.id, 'Skolas iela 8-2', '112');
  premises.b1 = await createPremise(ctx.database, ogre.id, 'Brīvības iela 12-5', '205');
  premises.r1 = await createPremise(ctx.database, riga.id, 'Lāčplēša iela 87-1', '901');
  const people: Array<[string, string[], 'owner' | 'proxy' | 'member']> = [
    ['anna', ['a1', 'a2'], 'owner'],
    ['maris', ['a1'], 'proxy'],
    ['liga', ['a1'], 'member'],
    ['peteris', ['b1'], 'owner'],
    ['olga', ['b1'], 'owner'],
  ];
  for (const [name, owned, role] of people) {
    const user = await createUser(ctx.database, ogre.id, `${name}@example.lv`, { name: name[0]!.toUpperCase() + name.slice(1) });
    users[name] = user.id;
    for (const premise of owned) await grant(ctx.database, ogre.id, user.id, premises[premise]!.id, role, role === 'member' ? ['invoices', 'readings'] : []);
    tokens[name] = (await login(ctx, 'ogre', `${name}@example.lv`)).accessToken;
  }
  await ctx.database.db.updateTable('users').set({ language: 'ru' }).where('id', '=', users.olga!).execute();
});
afterAll(() => ctx.close());

describe('a conversation', () => {
  test('round trip: the resident asks with an attachment, the manager replies, the resident is emailed and answers', async () => {
    const opened = await openThread('anna', 'a1', {
      subject: 'Karstā ūdens skaitītājs',
      body: 'Labdien!\n\nVai nomaiņu organizēsiet jūs?',
      notifyByEmail: 'true',
      file: { name: 'C:\\Users\\Anna\\skaitītājs.pdf', bytes: pdf('meter photo'), type: 'text/html' },
    });
    expect(opened.thread).toMatchObject({ subject: 'Karstā ūdens skaitītājs', status: 'open', notifyByEmail: true, messageCount: 1, createdBy: { name: 'Anna', mine: true } });
    expect(opened.messages).toHaveLength(1);
    // The stored type comes from the bytes and the name, not from what the browser claimed.
    expect(opened.messages[0]!.attachment).toMatchObject({ fileName: 'skaitītājs.pdf', contentType: 'application/pdf' });

    const before = (await outbox()).length;
    ctx.clock.advance(60_000);
    const replied = await reply(opened.thread.id, 'Jā, zvaniet 65 012 345.');
    expect(replied.emailQueued).toBe(true);
    const mails = (await outbox()).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: 'anna@example.lv', template: 'manager_reply', subject: 'Atbilde uz Jūsu jautājumu: Karstā ūdens skaitītājs' });
    expect(mails[0]!.text_body).toContain('#thread=' + opened.thread.id);
    // The mail names the thread; the reply itself is read after login.
    expect(mails[0]!.text_body).not.toContain('65 012 345');

    tokens.anna = (await login(ctx, 'ogre', 'anna@example.lv')).accessToken;
    const seen = await call(ctx, 'GET', `${threadsPath('a1')}/${opened.thread.id}/messages`, { token: tokens.anna });
    const detail = (await seen.json()) as Detail;
    expect(detail.thread).toMatchObject({ status: 'answered', messageCount: 2, lastAuthorKind: 'manager' });
    expect(detail.messages.map((m) => [m.authorKind, m.authorName, m.mine])).toEqual([
      ['resident', 'Anna', true],
      ['manager', 'Ogres Namsaimnieks', false],
    ]);

    ctx.clock.advance(60_000);
    const answered = await post(`${threadsPath('a1')}/${opened.thread.id}/messages`, form({ body: 'Paldies!' }), tokens.anna);
    expect(answered.status).toBe(201);
    const after = (await answered.json()) as Detail;
    expect(after.thread).toMatchObject({ status: 'open', messageCount: 3, lastAuthorKind: 'resident' });
    expect(after.messages.at(-1)).toMatchObject({ body: 'Paldies!', attachment: null, mine: true });
  });

  test('no email when the resident did not want one, or switched manager replies off', async () => {
    const quiet = await openThread('anna', 'a1', { subject: 'Quiet', body: 'No mail please.', notifyByEmail: 'false' });
    const before = (await outbox()).length;
    expect((await reply(quiet.thread.id, 'OK')).emailQueued).toBe(false);

    await ctx.database.db.updateTable('users').set({ email_preferences: JSON.stringify({ managerReplies: false }) }).where('id', '=', users.peteris!).execute();
    const off = await openThread('peteris', 'b1', { subject: 'Prefs off', body: 'Hello.' });
    expect(off.thread.notifyByEmail).toBe(true);
    expect((await reply(off.thread.id, 'OK')).emailQueued).toBe(false);
    expect(await outbox()).toHaveLength(before);
  });

  test('the email speaks the resident’s language', async () => {
    const opened = await openThread('olga', 'b1', { subject: 'Лифт', body: 'Не работает лифт.' });
    await reply(opened.thread.id, 'Починим.');
    const mail = (await outbox()).at(-1)!;
    expect(mail).toMatchObject({ recipient: 'olga@example.lv', subject: 'Ответ на ваш вопрос: Лифт' });
    expect(mail.html_body).toContain('Управляющий ответил');
  });

  test('a closed thread takes no more resident messages', async () => {
    const opened = await openThread('anna', 'a1', { subject: 'Close me', body: 'Question.' });
    await reply(opened.thread.id, 'Answered, closing.', { close: true });
    const response = await post(`${threadsPath('a1')}/${opened.thread.id}/messages`, form({ body: 'One more' }), tokens.anna);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('thread_closed');
  });

  test('replyAsManager refuses an unknown, malformed or other tenant’s thread, and an empty body', async () => {
    const opened = await openThread('anna', 'a1', { subject: 'S', body: 'B' });
    await expect(reply('not-a-uuid', 'x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(reply(opened.thread.id, 'x', { tenant: riga })).rejects.toMatchObject({ code: 'not_found' });
    await expect(reply(opened.thread.id, '   ')).rejects.toMatchObject({ code: 'validation_failed', fields: { body: 'required' } });
  });
});

describe('who sees a thread', () => {
  test("the premise's owners and proxies only", async () => {
    const opened = await openThread('anna', 'a1', { subject: 'Visible to owners', body: 'Text' });
    const byMaris = await call(ctx, 'GET', threadsPath('a1'), { token: tokens.maris });
    const listed = (await byMaris.json()).threads.find((t: { id: string }) => t.id === opened.thread.id);
    expect(listed).toMatchObject({ subject: 'Visible to owners', createdBy: { name: 'Anna', mine: false } });
    expect((await call(ctx, 'GET', `${threadsPath('a1')}/${opened.thread.id}/messages`, { token: tokens.maris })).status).toBe(200);

    // A member: the rights module says no threads.
    for (const path of [threadsPath('a1'), `${threadsPath('a1')}/${opened.thread.id}/messages`]) {
      const response = await call(ctx, 'GET', path, { token: tokens.liga });
      expect(response.status, path).toBe(403);
    }
    expect((await post(threadsPath('a1'), form({ subject: 's', body: 'b' }), tokens.liga)).status).toBe(403);

    // Someone else's premise, and this thread through another of Anna's own premises: 404.
    expect((await call(ctx, 'GET', threadsPath('a1'), { token: tokens.peteris })).status).toBe(404);
    expect((await call(ctx, 'GET', `${threadsPath('b1')}/${opened.thread.id}/messages`, { token: tokens.peteris })).status).toBe(404);
    expect((await call(ctx, 'GET', `${threadsPath('a2')}/${opened.thread.id}/messages`, { token: tokens.anna })).status).toBe(404);
    expect((await call(ctx, 'GET', `${threadsPath('a1')}/not-a-uuid/messages`, { token: tokens.anna })).status).toBe(404);
    expect((await call(ctx, 'GET', threadsPath('r1', 'ogre'), { token: tokens.anna })).status).toBe(404);
    expect((await call(ctx, 'GET', threadsPath('a1'))).status).toBe(401);
  });

  test('attachments download as attachments with the stored type, for the same people only', async () => {
    const opened = await openThread('anna', 'a1', { subject: 'Photo', body: 'See.', file: { name: 'foto.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) } });
    const message = opened.messages[0]!;
    const path = `${threadsPath('a1')}/${opened.thread.id}/messages/${message.id}/file`;
    const response = await call(ctx, 'GET', path, { token: tokens.maris });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="foto\.png"/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await call(ctx, 'GET', path, { token: tokens.liga })).status).toBe(403);
    expect((await call(ctx, 'GET', path, { token: tokens.peteris })).status).toBe(404);
    expect((await call(ctx, 'GET', `${threadsPath('a1')}/${opened.thread.id}/messages/nope/file`, { token: tokens.anna })).status).toBe(404);
    // A message without a file.
    const plain = await openThread('anna', 'a1', { subject: 'No file', body: 'x' });
    expect((await call(ctx, 'GET', `${threadsPath('a1')}/${plain.thread.id}/messages/${plain.messages[0]!.id}/file`, { token: tokens.anna })).status).toBe(404);
  });
});

describe('what a form may carry', () => {
  test('a 30 MB upload is refused with file_too_large before it is stored', async () => {
    const huge = new Uint8Array(30 * 1024 * 1024);
    huge.set(pdf('big'));
    const count = async () => Number((await ctx.database.db.selectFrom('stored_files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const stored = await count();
    const response = await post(threadsPath('a1'), form({ subject: 'Big', body: 'Big file', file: { name: 'big.pdf', bytes: huge } }), tokens.anna);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: 'file_too_large', fields: { file: 'file_too_large' } });
    // Refused up front from Content-Length too, and an anonymous caller learns nothing but 401.
    const declared = await post(threadsPath('a1'), 'x', tokens.anna, { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    expect((await post(threadsPath('a1'), form({ subject: 'Big', body: 'b', file: { name: 'big.pdf', bytes: huge } }))).status).toBe(401);
    expect(await count()).toBe(stored);
  });

  test('a wrong type is refused with file_type_not_allowed, whatever the browser claims', async () => {
    const cases = [
      { name: 'invoice.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'), type: 'application/pdf' },
      { name: 'page.html', bytes: pdf('a pdf named html'), type: 'text/html' },
      { name: 'setup.exe', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) },
      { name: 'no-extension', bytes: pdf('x') },
    ];
    for (const file of cases) {
      const response = await post(threadsPath('a1'), form({ subject: 'Type', body: 'b', file }), tokens.anna);
      expect(response.status, file.name).toBe(422);
      const error = (await response.json()).error;
      expect(error.code).toBe('file_type_not_allowed');
      expect(error.fields.allowed).toContain('.pdf');
    }
    const empty = await post(threadsPath('a1'), form({ subject: 'Empty', body: 'b', file: { name: 'empty.pdf', bytes: new Uint8Array() } }), tokens.anna);
    expect((await empty.json()).error.code).toBe('file_empty');
  });

  test('an empty file picker counts as no file', async () => {
    const data = form({ subject: 'No file chosen', body: 'b' });
    data.append('file', new Blob([]), '');
    const response = await post(threadsPath('a1'), data, tokens.anna);
    expect(response.status).toBe(201);
    expect(((await response.json()) as Detail).messages[0]!.attachment).toBeNull();
  });

  test('text fields are required and bounded; JSON and broken forms are refused with their own codes', async () => {
    const missing = await post(threadsPath('a1'), form({ body: 'no subject' }), tokens.anna);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ code: 'validation_failed', fields: { subject: 'required' } });
    const blank = await post(threadsPath('a1'), form({ subject: '   ', body: 'x'.repeat(5001) }), tokens.anna);
    expect((await blank.json()).error.fields).toEqual({ subject: 'required', body: 'too_long' });
    const twice = form({ subject: 'a', body: 'b' });
    twice.append('subject', 'again');
    expect((await post(threadsPath('a1'), twice, tokens.anna)).status).toBe(400);
    const flag = await post(threadsPath('a1'), form({ subject: 'a', body: 'b', notifyByEmail: 'maybe' }), tokens.anna);
    expect(flag.status).toBe(400);
    const fileAsText = await post(threadsPath('a1'), form({ subject: 'a', body: 'b', file: 'not a file' }), tokens.anna);
    expect(fileAsText.status).toBe(400);
    expect(Object.keys((await fileAsText.json()).error.fields)).toEqual(['file']);
    const huge = await post(threadsPath('a1'), form({ subject: 's'.repeat(100_000), body: 'b' }), tokens.anna);
    expect((await huge.json()).error).toMatchObject({ code: 'validation_failed', fields: { subject: 'too_long' } });

    const json = await post(threadsPath('a1'), JSON.stringify({ subject: 'a', body: 'b' }), tokens.anna, { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    expect((await json.json()).error.code).toBe('unsupported_media_type');
    const broken = await post(threadsPath('a1'), '--x\r\nnot a form', tokens.anna, { 'content-type': 'multipart/form-data; boundary=x' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('invalid_form');
  });
});

test('the OpenAPI document describes the upload form and the downloads', async () => {
  const response = await call(ctx, 'GET', '/openapi.json');
  expect(response.status).toBe(200);
  const doc = await response.json();
  const create = doc.paths['/v1/{tenant}/premises/{premiseId}/threads']?.post ?? doc.paths['/premises/{premiseId}/threads']?.post;
  expect(create.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
  const paths = Object.keys(doc.paths).join(' ');
  for (const path of ['/notices/{noticeId}/attachments/{fileId}', '/premises/{premiseId}/documents/{documentId}/file', '/messages/{messageId}/file']) expect(paths).toContain(path);
});
