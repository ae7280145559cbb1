/**
 * The webhook events besides readings (server/webhooks/webhook-events.ts): a resident who
 * registers is `resident.registered`; a resident's new thread, a resident's message and the
 * manager's answer are each `thread.message_created` — queued in the transaction of the change,
 * delivered to a real node:http receiver, signed per Standard Webhooks (the spec's package verifies
 * them), and only to the endpoints that asked for them.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminForm } from './support/admin-content.ts';
import { createCustomer, NEW_PASSWORD, PUBLIC_URL, registration, type CustomerFixture } from './support/accounts.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createMailRig, tokenFrom, type MailRig } from './support/mail.ts';
import { duringJob } from './support/plan-guard.ts';
import { call, createTestApp, login, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './support/webhook-receiver.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createLogger } from '../../server/http/logger.ts';
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { webhookDeliveryHandlers } from '../../server/webhooks/webhook-delivery.ts';

interface Event {
  type: string;
  timestamp: string;
  data: Record<string, any>;
}

let ctx: TestContext;
let mail: MailRig;
let ogre: AdminTenant;
let customer: CustomerFixture;
let receiver: WebhookReceiver;
let base: string;
let received: ReceivedWebhook[];
let jobs: ReturnType<typeof createJobRunner>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  ({ base, received } = receiver);
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, operatorToken: OPERATOR_TOKEN, webhooksAllowLocalHttp: true } }, '2026-05-30T10:00:00Z');
  mail = await createMailRig(ctx.database);
  ogre = await createAdminTenant(ctx, 'ogre');
  await ctx.database.db.updateTable('tenants').set({ settings: JSON.stringify({ publicUrl: `${PUBLIC_URL}/ogre` }) }).where('id', '=', ogre.id).execute();
  customer = await createCustomer(ctx.database, ogre.id, '100111');
  await ctx.database.db.updateTable('premises').set({ external_ref: 'P-111' }).where('id', '=', customer.premiseIds[0]).execute();
  jobs = createJobRunner({
    database: ctx.database,
    clock: ctx.clock,
    logger: createLogger('silent'),
    handlers: webhookDeliveryHandlers({ database: ctx.database, secretBox: ctx.deps.secretBox, timeoutMs: 5000, allowLocalHttp: true }),
    retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 3 },
  });
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
  await receiver.close();
});

const admin = (method: string, path: string, body?: unknown) => adminRequest(ctx, ogre, ogre.key, method, path, body);

async function endpoint(path: string, events: string[]) {
  const response = await admin('POST', '/webhooks', { url: `${base}${path}`, events });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

/** Delivers what is due and hands back the events that reached `path`, verified with its secret. */
async function eventsAt(path: string, secret: string): Promise<Event[]> {
  await duringJob('webhook deliveries', () => jobs.drain());
  return received.filter((message) => message.path === path).map((message) => new Webhook(secret).verify(message.body, message.headers) as Event);
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

test('registration, a new thread, the manager answer and the resident message each reach the endpoints that asked for them', async () => {
  const everythingSecret = await endpoint('/all', ['resident.registered', 'thread.message_created']);
  const readingsSecret = await endpoint('/readings', ['reading.submitted']);

  // A resident registers and confirms: resident.registered, with the premises as the billing system knows them.
  expect((await call(ctx, 'POST', '/v1/ogre/auth/register', { body: registration(customer, 'anna.berzina@example.lv'), client: '198.51.100.1' })).status).toBe(202);
  const [confirmation] = await mail.deliver();
  expect(await eventsAt('/all', everythingSecret)).toEqual([]); // nothing before the confirmation
  expect((await call(ctx, 'POST', '/v1/ogre/auth/register/confirm', { body: { token: tokenFrom(confirmation!) } })).status).toBe(200);
  const [registered] = await eventsAt('/all', everythingSecret);
  expect(registered).toMatchObject({
    type: 'resident.registered',
    data: { user: { email: 'anna.berzina@example.lv', language: 'lv' }, registeredAt: '2026-05-30T10:00:00.000Z' },
  });
  const user = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'anna.berzina@example.lv').executeTakeFirstOrThrow();
  expect(registered!.data.user.id).toBe(user.id);
  expect(registered!.data.premises).toEqual(
    expect.arrayContaining([
      { id: customer.premiseIds[0], externalRef: 'P-111', accountNumber: customer.accountNumber },
      { id: customer.premiseIds[1], externalRef: null, accountNumber: `${customer.accountNumber}9` },
    ]),
  );

  // The resident opens a thread.
  const { accessToken } = await login(ctx, 'ogre', 'anna.berzina@example.lv', NEW_PASSWORD);
  const threads = `/v1/ogre/premises/${customer.premiseIds[0]}/threads`;
  const opened = await ctx.app.request(threads, { method: 'POST', body: form({ subject: 'Radiators', body: 'Radiators ir auksts.' }), headers: { authorization: `Bearer ${accessToken}`, 'x-forwarded-for': '198.51.100.2' } });
  expect(opened.status, await opened.clone().text()).toBe(201);
  const threadId = ((await opened.json()) as { thread: { id: string } }).thread.id;
  // The manager answers through the admin API; the resident writes again.
  expect((await adminForm(ctx, ogre, ogre.key, 'POST', `/threads/${threadId}/replies`, { body: 'Atsūtīsim meistaru.' })).status).toBe(201);
  const again = await ctx.app.request(`${threads}/${threadId}/messages`, { method: 'POST', body: form({ body: 'Paldies!' }), headers: { authorization: `Bearer ${accessToken}`, 'x-forwarded-for': '198.51.100.2' } });
  expect(again.status, await again.clone().text()).toBe(201);

  const all = await eventsAt('/all', everythingSecret);
  const messages = all.filter((event) => event.type === 'thread.message_created');
  expect(messages).toHaveLength(3);
  const premise = { id: customer.premiseIds[0], externalRef: 'P-111', accountNumber: customer.accountNumber };
  // Webhooks promise no order between events (each delivery is its own job): compared as a set.
  const seen = messages.map((event) => [event.data.message.authorKind, event.data.message.body, event.data.message.newThread, event.data.thread.status]);
  expect(seen).toHaveLength(3);
  expect(seen).toEqual(
    expect.arrayContaining([
      ['resident', 'Radiators ir auksts.', true, 'open'],
      ['manager', 'Atsūtīsim meistaru.', false, 'answered'],
      ['resident', 'Paldies!', false, 'open'],
    ]),
  );
  for (const event of messages) expect(event.data.thread).toMatchObject({ id: threadId, subject: 'Radiators', premise });
  expect(messages.find((event) => event.data.message.newThread)!.data.message.authorId).toBe(user.id);
  // Each one its own delivery: distinct webhook-ids.
  expect(new Set(received.filter((m) => m.path === '/all').map((m) => m.headers['webhook-id'])).size).toBe(4);
  // The endpoint that asked only for readings heard none of it.
  expect(await eventsAt('/readings', readingsSecret)).toEqual([]);
});
