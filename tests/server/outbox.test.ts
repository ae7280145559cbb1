import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startDoorstep } from '../../server/bootstrap.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.ts';
import { createLogger } from '../../server/http/logger.ts';
import { enqueueEmail } from '../../server/mail/outbox.ts';
import { fileTransport, type MailTransport, type OutgoingMail } from '../../server/mail/transport.ts';
import { createOutboxWorker } from '../../server/mail/worker.ts';
import { createAccountsTenant } from './support/accounts.ts';
import { createMailRig, type MailRig } from './support/mail.ts';
import { testDatabaseKind } from './support/database.ts';
import { call, createTestApp, createUser, type TestContext } from './support/test-app.ts';

const FAST_RETRY = { baseDelayMs: 30, maxDelayMs: 120, maxAttempts: 25 };

let ctx: TestContext;
let mail: MailRig;
let tenantId: string;
let seq = 0;

beforeAll(async () => {
  ctx = await createTestApp();
  mail = await createMailRig(ctx.database, { retry: FAST_RETRY, pollIntervalMs: 20 });
  tenantId = (await createAccountsTenant(ctx.database, 'ogre')).id;
  for (let i = 0; i < 6; i += 1) await createUser(ctx.database, tenantId, `resident${i}@example.lv`);
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});
beforeEach(async () => {
  await mail.deliver();
  await ctx.database.db.deleteFrom('rate_limits').execute();
  mail.smtp.rejectRecipients.clear();
});

async function queue(count: number, extra: Partial<Parameters<typeof enqueueEmail>[2]> = {}): Promise<string[]> {
  return ctx.database.withTenant(tenantId, async (trx) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      ids.push((await enqueueEmail(trx, tenantId, { to: `queued${++seq}@example.lv`, subject: `Ziņa ${seq}`, text: `Teksts ${seq}`, template: 'test', ...extra }))!);
    }
    return ids;
  });
}

/** The outbox row id of a received message, from its Message-ID. */
const outboxIdOf = (messageId: string | undefined) => /^<([0-9a-f-]{36})@/.exec(messageId ?? '')?.[1];

const rows = (ids: string[]) =>
  ctx.database.db.selectFrom('email_outbox').select(['id', 'status', 'attempts', 'last_error', 'next_attempt_at', 'sent_at']).where('id', 'in', ids).execute();

test('every queued message is sent once and marked sent', async () => {
  const ids = await queue(15);
  const result = await mail.worker.drain();
  expect(result).toMatchObject({ claimed: 15, sent: 15, retried: 0, failed: 0 });
  const received = mail.smtp.received.slice(-15).map((m) => outboxIdOf(m.parsed.messageId));
  expect(received.sort()).toEqual([...ids].sort());
  expect((await rows(ids)).every((row) => row.status === 'sent' && row.attempts === 1 && row.sent_at)).toBe(true);
  expect((await mail.worker.drain()).claimed).toBe(0);
});

test('a message queued in a transaction that rolls back is never sent', async () => {
  await expect(
    ctx.database.withTenant(tenantId, async (trx) => {
      await enqueueEmail(trx, tenantId, { to: 'rollback@example.lv', subject: 'x', text: 'x', template: 'test' });
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  expect(await mail.deliver()).toHaveLength(0);
});

test('with the SMTP server stopped, flows still answer; once it starts, everything arrives exactly once', async () => {
  await mail.smtp.stop();
  const before = mail.smtp.received.length;
  for (let i = 0; i < 6; i += 1) {
    const response = await call(ctx, 'POST', '/v1/ogre/auth/password/forgot', { body: { email: `resident${i}@example.lv` }, client: `10.0.0.${i}` });
    expect(response.status).toBe(202);
  }
  const ids = await queue(4);

  // The worker keeps trying while the server is down: nothing is lost, nothing is marked sent.
  mail.worker.start();
  await waitUntil(async () => {
    const pending = await ctx.database.db.selectFrom('email_outbox').select(['attempts', 'status', 'last_error']).where('status', '!=', 'sent').execute();
    return pending.length === 10 && pending.every((row) => row.status === 'pending' && row.attempts >= 2 && row.last_error);
  });
  expect(mail.smtp.received.length).toBe(before);

  await mail.smtp.start();
  await mail.smtp.waitForCount(before + 10);
  await waitUntil(async () => (await ctx.database.db.selectFrom('email_outbox').select('id').where('status', '!=', 'sent').execute()).length === 0);
  await mail.worker.stop();
  // A while longer: nothing more arrives.
  await mail.worker.drain();
  const arrived = mail.smtp.received.slice(before);
  expect(arrived).toHaveLength(10);
  const outboxIds = arrived.map((m) => outboxIdOf(m.parsed.messageId));
  expect(new Set(outboxIds).size).toBe(10);
  expect(outboxIds).toEqual(expect.arrayContaining(ids));
  expect(arrived.filter((m) => m.parsed.subject?.startsWith('Paroles atjaunošana'))).toHaveLength(6);
});

test('two workers at once send each message once', async () => {
  const ids = await queue(40);
  const before = mail.smtp.received.length;
  // A second "server instance": on Postgres its own connection pool, on PGlite the same handle.
  const second: DatabaseHandle =
    testDatabaseKind() === 'postgres' ? await openDatabase({ url: ctx.database.url!, poolSize: 3 }) : ctx.database;
  const other = createOutboxWorker({ database: second, transport: mail.transport, logger: createLogger('silent'), batchSize: 3 });
  const mine = createOutboxWorker({ database: ctx.database, transport: mail.transport, logger: createLogger('silent'), batchSize: 3 });
  try {
    const [a, b] = await Promise.all([mine.drain(), other.drain()]);
    expect(a.sent + b.sent).toBe(40);
    // Both really worked the queue at the same time.
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
  } finally {
    if (second !== ctx.database) await second.close();
  }
  const arrived = mail.smtp.received.slice(before).map((m) => outboxIdOf(m.parsed.messageId));
  expect(arrived).toHaveLength(40);
  expect(new Set(arrived).size).toBe(40);
  expect([...arrived].sort()).toEqual([...ids].sort());
  expect((await rows(ids)).every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
});

test('a claimed message is not claimed again while it is being sent', async () => {
  const [id] = await queue(1);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent: string[] = [];
  const slow: MailTransport = {
    kind: 'smtp',
    async send(message: OutgoingMail) {
      await gate;
      sent.push(message.id);
    },
    async close() {},
  };
  const first = createOutboxWorker({ database: ctx.database, transport: slow, logger: createLogger('silent') });
  const second = createOutboxWorker({ database: ctx.database, transport: slow, logger: createLogger('silent') });
  const running = first.runOnce();
  await waitUntil(async () => (await rows([id!]))[0]!.attempts === 1);
  expect((await second.runOnce()).claimed).toBe(0);
  release();
  expect(await running).toMatchObject({ claimed: 1, sent: 1 });
  expect(sent).toEqual([id]);
});

test('a recipient the server refuses for good is marked failed at once; the rest of the batch goes on', async () => {
  mail.smtp.rejectRecipients.add('gone@example.lv');
  const [bad] = await ctx.database.withTenant(tenantId, async (trx) => [
    await enqueueEmail(trx, tenantId, { to: 'gone@example.lv', subject: 'x', text: 'x', template: 'test' }),
  ]);
  const good = await queue(2);
  const result = await mail.worker.drain();
  expect(result).toMatchObject({ sent: 2, failed: 1, retried: 0 });
  const [row] = await rows([bad!]);
  expect(row).toMatchObject({ status: 'failed', attempts: 1 });
  expect(row!.last_error).toMatch(/550|Mailbox unavailable/);
  expect((await rows(good)).every((r) => r.status === 'sent')).toBe(true);
});

test('after the last attempt a message is marked failed, not retried forever', async () => {
  await mail.smtp.stop();
  const worker = createOutboxWorker({ database: ctx.database, transport: mail.transport, logger: createLogger('silent'), retry: { ...FAST_RETRY, maxAttempts: 3 } });
  const [id] = await queue(1);
  try {
    await waitUntil(async () => {
      await worker.runOnce();
      return (await rows([id!]))[0]!.status === 'failed';
    });
    expect((await rows([id!]))[0]!.attempts).toBe(3);
  } finally {
    await mail.smtp.start();
  }
  expect(await mail.deliver()).toHaveLength(0);
});

test('the back-off grows: a failed message is not due again at once', async () => {
  await mail.smtp.stop();
  const worker = createOutboxWorker({ database: ctx.database, transport: mail.transport, logger: createLogger('silent'), random: () => 0.5 });
  const [id] = await queue(1);
  try {
    expect((await worker.runOnce()).retried).toBe(1);
    const { rows: [due] } = await import('kysely').then(({ sql }) =>
      sql<{ seconds: number }>`select extract(epoch from next_attempt_at - now())::float8 as seconds from email_outbox where id = ${id}`.execute(ctx.database.db),
    );
    expect(due!.seconds).toBeGreaterThan(20); // 30 s ± 20 % by the default policy
    expect(due!.seconds).toBeLessThan(40);
    expect((await worker.runOnce()).claimed).toBe(0);
  } finally {
    await mail.smtp.start();
    await ctx.database.db.updateTable('email_outbox').set({ next_attempt_at: new Date(0) }).where('id', '=', id!).execute();
  }
  expect(await mail.deliver()).toHaveLength(1);
});

describe('what reaches the wire', () => {
  test('header injection: line breaks in the address, subject and headers add no recipient and no header', async () => {
    const before = mail.smtp.received.length;
    const [mangled, injected] = await ctx.database.withTenant(tenantId, async (trx) => [
      await enqueueEmail(trx, tenantId, { to: 'target@example.lv\r\nBcc: victim@example.com', subject: 'x', text: 'x', template: 'test' }),
      await enqueueEmail(trx, tenantId, {
        to: 'target@example.lv',
        subject: 'Sveiki\r\nBcc: victim@example.com',
        text: 'Body',
        headers: { Bcc: 'victim@example.com', 'X-Note': 'ok\r\nBcc: victim@example.com', 'X-Evil\r\nBcc': 'victim@example.com', Cc: 'victim@example.com' },
        template: 'test',
      }),
    ]);
    expect(await mail.worker.drain()).toMatchObject({ sent: 1, failed: 1 });
    // The mangled address is refused for good, not "fixed" into two recipients.
    const [refused] = await rows([mangled!]);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused!.last_error).toMatch(/Refused recipient/);

    const arrived = mail.smtp.received.slice(before);
    expect(arrived).toHaveLength(1);
    const message = arrived[0]!;
    expect(outboxIdOf(message.parsed.messageId)).toBe(injected);
    expect(message.envelope.to).toEqual(['target@example.lv']);
    const head = message.raw.split(/\r?\n\r?\n/)[0]!;
    expect(head).not.toMatch(/^(Bcc|Cc):/im);
    expect(head).toMatch(/^X-Note: ok Bcc: victim@example\.com\r?$/m);
    expect(message.parsed.subject).toBe('Sveiki Bcc: victim@example.com');
    expect(mail.smtp.to('victim@example.com')).toHaveLength(0);
  });

  test('unicode subject, body and an internationalised domain arrive intact', async () => {
    const before = mail.smtp.received.length;
    await ctx.database.withTenant(tenantId, async (trx) => {
      await enqueueEmail(trx, tenantId, {
        to: 'anna@xn--piemrs-s3a.lv',
        subject: 'Rādījumi – Показания счётчиков',
        text: 'Labdien! Здравствуйте! 🏠',
        html: '<p>Labdien! Здравствуйте! 🏠</p>',
        template: 'test',
      });
    });
    await mail.worker.drain();
    const [message] = mail.smtp.received.slice(before);
    expect(message!.parsed.subject).toBe('Rādījumi – Показания счётчиков');
    expect(message!.parsed.text?.trim()).toBe('Labdien! Здравствуйте! 🏠');
    expect(message!.parsed.html).toContain('Здравствуйте');
  });
});

describe('without SMTP_URL: .eml files and the demo outbox page', () => {
  test('the file transport writes one .eml (and its summary) per message, even when sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doorstep-outbox-test-'));
    const transport = await fileTransport({ dir, from: 'Doorstep <no-reply@doorstep.test>' });
    const message = { id: '11111111-2222-3333-4444-555555555555', to: 'anna@example.lv', subject: 'Sveiki – Здравствуйте', text: 'Saite: https://x.example/#token=abc', html: '<p>x</p>', headers: { 'List-Unsubscribe': '<https://x/u>' }, template: 'test', date: new Date('2026-05-20T09:00:00Z') };
    await transport.send(message);
    await transport.send(message);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['2026-05-20T09-00-00-000Z-11111111-2222-3333-4444-555555555555.eml', '2026-05-20T09-00-00-000Z-11111111-2222-3333-4444-555555555555.json']);
    const parsed = await simpleParser(await readFile(join(dir, files[0]!)));
    expect(parsed.subject).toBe('Sveiki – Здравствуйте');
    expect(parsed.messageId).toBe('<11111111-2222-3333-4444-555555555555@doorstep.test>');
    expect(parsed.headers.has('list-unsubscribe') || parsed.headers.has('list')).toBe(true);
  });

  test('startDoorstep without SMTP_URL runs the worker into the outbox folder, shown at /demo/outbox in demo mode only', { timeout: 300_000 }, async () => {
    const doorstep = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'none', NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    try {
      expect(doorstep.mail.transport.kind).toBe('file');
      const dir = doorstep.deps.config.outboxDir!;
      const tenant = await doorstep.database.db
        .insertInto('tenants')
        .values({ slug: 'demo', name: 'Demo Namsaimnieks', allowed_origins: [], reading_window: '{}', settings: JSON.stringify({ publicUrl: 'http://localhost:8787/' }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await doorstep.database.db.insertInto('users').values({ tenant_id: tenant.id, email: 'anna@example.lv', password_hash: null, email_preferences: '{}' }).execute();
      const response = await doorstep.app.request('/v1/demo/auth/password/forgot', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'anna@example.lv' }) });
      expect(response.status).toBe(202);
      // The worker started on boot picks it up by itself.
      // The .eml is written before its .json summary, which the listing reads: wait for the listing.
      type Listing = { messages: Array<{ to: string; template: string; text: string }> };
      const list = async () => (await (await doorstep.app.request('/demo/outbox.json')).json()) as Listing;
      await waitUntil(async () => (await list()).messages.length > 0);
      expect((await readdir(dir)).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
      const listing = await list();
      expect(listing.messages).toHaveLength(1);
      expect(listing.messages[0]).toMatchObject({ to: 'anna@example.lv', template: 'password_reset' });
      const page = await (await doorstep.app.request('/demo/outbox')).text();
      expect(page).toMatch(/<a href="http:\/\/localhost:8787\/#token=[A-Za-z0-9_-]+&amp;flow=reset">/);
      const eml = /href="(\/demo\/outbox\/[^"]+\.eml)"/.exec(page)![1]!;
      expect((await doorstep.app.request(eml)).headers.get('content-type')).toBe('message/rfc822');
      expect((await doorstep.app.request('/demo/outbox/..%2F..%2Fetc%2Fpasswd.eml')).status).toBe(404);
    } finally {
      await doorstep.close();
    }
    const production = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'none', NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DOORSTEP_PERSONAL_CODE_KEY: 'k'.repeat(40), DOORSTEP_ENCRYPTION_KEY: 'e'.repeat(40), LOG_LEVEL: 'silent' });
    try {
      expect(production.deps.config.demoMode).toBe(false);
      expect((await production.app.request('/demo/outbox')).status).toBe(404);
      expect((await production.app.request('/demo/outbox.json')).status).toBe(404);
      expect((await production.app.request('/demo/registration-proof.json')).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});

async function waitUntil(condition: () => Promise<boolean>, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
