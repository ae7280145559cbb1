/**
 * What the outbox promises about the one moment it cannot make exactly-once (server/mail/worker.ts):
 * a worker that dies after the SMTP server accepted a message and before the row is marked sent.
 * The message goes again once the lease runs out, and it is the *same* message — same Message-ID,
 * same Date, same subject and body — so a receiver that drops a Message-ID it has seen shows it
 * once; the row is marked sent once; nothing goes a third time; and a worker that comes back to
 * life late does not undo or repeat anything. (The kill -9 of a whole server is in
 * tests/e2e/jobs-crash.test.ts; here the "death" is a send that never returns, so the moment is
 * hit every time instead of by chance.)
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAccountsTenant } from './support/accounts.ts';
import { startSmtpServer, type TestSmtpServer } from './support/mail.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';
import { createLogger } from '../../server/http/logger.ts';
import { enqueueEmail } from '../../server/mail/outbox.ts';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.ts';
import { createOutboxWorker } from '../../server/mail/worker.ts';

let ctx: TestContext;
let smtp: TestSmtpServer;
let transport: MailTransport;
let tenantId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  smtp = await startSmtpServer();
  transport = await smtpTransport({ url: smtp.url, from: 'Doorstep <no-reply@doorstep.test>', timeoutSeconds: 5 });
  tenantId = (await createAccountsTenant(ctx.database, 'ogre')).id;
}, 240_000);
afterAll(async () => {
  await transport?.close();
  await smtp?.stop();
  await ctx?.close();
});

test('a worker that dies between the SMTP accept and the mark: the same message again, marked sent once, never a third time', async () => {
  const id = await ctx.database.withTenant(tenantId, (trx) =>
    enqueueEmail(trx, tenantId, { to: 'anna@example.lv', subject: 'Rādījumus var nodot', text: 'Teksts', html: '<p>Teksts</p>', template: 'reminder_window_open' }),
  );
  // Worker A: SMTP accepts its message, then it "dies" — the send never returns, so it never marks.
  let revive!: () => void;
  const dead = new Promise<void>((resolve) => (revive = resolve));
  const dying: MailTransport = { kind: 'smtp', send: async (mail) => (await transport.send(mail), dead), close: async () => {} };
  const a = createOutboxWorker({ database: ctx.database, transport: dying, logger: createLogger('silent'), leaseSeconds: 300 });
  const aBatch = a.runOnce();
  await smtp.waitForCount(1);
  const row = () => ctx.database.db.selectFrom('email_outbox').select(['status', 'attempts', 'sent_at']).where('id', '=', id!).executeTakeFirstOrThrow();
  expect(await row()).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });

  // While A's lease holds, another instance leaves the message alone.
  const b = createOutboxWorker({ database: ctx.database, transport, logger: createLogger('silent') });
  expect(await b.drain()).toMatchObject({ claimed: 0 });
  // The lease runs out (as after kill -9): instance B sends it again.
  await sql`update email_outbox set next_attempt_at = now() where id = ${id}`.execute(ctx.database.db);
  expect(await b.drain()).toMatchObject({ claimed: 1, sent: 1 });
  await smtp.waitForCount(2);
  const [first, again] = smtp.received;
  expect(again!.parsed.messageId).toBe(first!.parsed.messageId);
  expect(first!.parsed.messageId).toBe(`<${id}@doorstep.test>`);
  expect(again!.parsed.date?.toISOString()).toBe(first!.parsed.date?.toISOString());
  expect([again!.parsed.subject, again!.parsed.text, again!.parsed.html]).toEqual([first!.parsed.subject, first!.parsed.text, first!.parsed.html]);
  const sent = await row();
  expect(sent).toMatchObject({ status: 'sent', attempts: 2 });

  // A comes back late: its mark finds the row sent and changes nothing; nothing goes a third time.
  revive();
  expect(await aBatch).toMatchObject({ claimed: 1, sent: 1 });
  expect(await row()).toEqual(sent);
  await sql`update email_outbox set next_attempt_at = now() where id = ${id}`.execute(ctx.database.db);
  expect(await b.drain()).toMatchObject({ claimed: 0 });
  expect(smtp.received).toHaveLength(2);
});
