/**
 * Webhook deliveries over kept-alive connections, a batch at a time (issue #13's speed-up;
 * server/webhooks/webhook-request.ts and webhook-delivery.ts), against the real node:http receiver
 * of support/webhook-receiver.ts, which counts the TCP connections it accepts:
 *
 * - many deliveries to one allowed receiver reuse a few connections, and each is still recorded
 *   (one attempt, delivered) — also when a batch spans two tenants;
 * - the private-address check still runs on every NEW connection: a name that resolves to
 *   loopback is refused although a kept-alive socket to that very address:port is in the pool,
 *   and a name that resolved to loopback (allowed) and now resolves to 10.x is refused as soon as
 *   a new connection is needed;
 * - a redirect is recorded as such and not followed.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createAdminTenant, type AdminTenant } from './support/admin.ts';
import { duringJob } from './support/plan-guard.ts';
import { createTestApp, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createLogger } from '../../server/http/logger.ts';
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { webhookDeliveryHandlers } from '../../server/webhooks/webhook-delivery.ts';
import { queueWebhookEvent } from '../../server/webhooks/webhook-events.ts';
import { createWebhookAgents, WEBHOOK_SOCKETS_PER_ORIGIN, type Resolver } from '../../server/webhooks/webhook-request.ts';
import { insertEndpoint, listDeliveries, attemptsOf } from '../../server/webhooks/webhooks.repository.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let apse: AdminTenant;
let receiver: WebhookReceiver;
/** What `localhost` resolves to for these deliveries (a test moves it to a private address). */
let localhostAnswer = '127.0.0.1';
const dns: Resolver = async (hostname) => {
  if (hostname === 'localhost') return [{ address: localhostAnswer, family: 4 }];
  if (hostname === 'billing.example') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' });
};
const agents = createWebhookAgents(dns);
let jobs: ReturnType<typeof createJobRunner>;

beforeAll(async () => {
  receiver = await startWebhookReceiver((path) => (path === '/moved' ? { status: 302, headers: { location: '/elsewhere' } } : undefined));
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, operatorToken: OPERATOR_TOKEN, webhooksAllowLocalHttp: true } }, '2026-05-30T10:00:00Z');
  ogre = await createAdminTenant(ctx, 'ogre');
  apse = await createAdminTenant(ctx, 'apse');
  jobs = createJobRunner({
    database: ctx.database,
    clock: ctx.clock,
    logger: createLogger('silent'),
    handlers: webhookDeliveryHandlers({ database: ctx.database, secretBox: ctx.deps.secretBox, timeoutMs: 5000, allowLocalHttp: true, resolve: dns, agents }),
    retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 2 },
  });
});
afterAll(async () => {
  agents.destroy();
  await ctx.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  localhostAnswer = '127.0.0.1';
});

const deliverAll = () => duringJob('webhook deliveries', () => jobs.drain());

/** An endpoint stored as it is (the URL rules are the admin route's, tested in webhooks.test.ts). */
async function endpoint(tenant: AdminTenant, url: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = ctx.clock.now();
  await ctx.database.withTenant(tenant.id, (trx) =>
    insertEndpoint(trx, { id, tenant_id: tenant.id, url, events: ['reading.submitted'], secret_encrypted: ctx.deps.secretBox.seal(`whsec_${Buffer.alloc(32, 3).toString('base64')}`, `webhook-endpoint:${tenant.id}:${id}`), description: null, created_at: now, updated_at: now }),
  );
  return id;
}

async function removeEndpoint(tenant: AdminTenant, id: string) {
  await ctx.database.withTenant(tenant.id, (trx) => trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute());
}

async function queue(tenant: AdminTenant, count: number) {
  await ctx.database.withTenant(tenant.id, async (trx) => {
    for (let n = 0; n < count; n += 1) await queueWebhookEvent(trx, tenant.id, 'reading.submitted', { n }, ctx.clock.now());
  });
}

async function log(tenant: AdminTenant, endpointId: string) {
  return ctx.database.withTenant(tenant.id, async (trx) => {
    const deliveries = await listDeliveries(trx, tenant.id, endpointId, 1000);
    const attempts = await attemptsOf(trx, tenant.id, deliveries.map((d) => d.id));
    return { deliveries, attempts };
  });
}

test('deliveries to an allowed receiver reuse kept-alive connections, two tenants in one batch, each recorded once', async () => {
  const ogreEndpoint = await endpoint(ogre, `${receiver.base}/ogre`);
  const apseEndpoint = await endpoint(apse, `${receiver.base}/apse`);
  await queue(ogre, 30);
  await queue(apse, 10);
  const before = receiver.connections();
  const outcome = await deliverAll();
  expect(outcome).toMatchObject({ done: 40, retried: 0, failed: 0 });
  expect(receiver.received).toHaveLength(40);
  expect(new Set(receiver.received.map((m) => m.headers['webhook-id'])).size).toBe(40);
  expect(receiver.received.every((m) => m.headers.connection !== 'close')).toBe(true);
  // Without keep-alive this was 40 connections.
  const opened = receiver.connections() - before;
  expect(opened).toBeGreaterThan(0);
  expect(opened).toBeLessThanOrEqual(WEBHOOK_SOCKETS_PER_ORIGIN);
  for (const [tenant, id, count] of [[ogre, ogreEndpoint, 30], [apse, apseEndpoint, 10]] as const) {
    const { deliveries, attempts } = await log(tenant, id);
    expect(deliveries).toHaveLength(count);
    expect(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1 && d.last_status_code === 204 && d.delivered_at !== null)).toBe(true);
    expect(attempts).toHaveLength(count);
    expect(attempts.every((a) => a.status_code === 204 && a.error === null && !a.replay)).toBe(true);
  }
  // The jobs are closed done with their result.
  const closed = await ctx.database.db.selectFrom('jobs').select(['status', 'result']).where('kind', '=', 'webhooks.deliver').where('tenant_id', 'in', [ogre.id, apse.id]).execute();
  expect(closed).toHaveLength(40);
  expect(closed.every((j) => j.status === 'done')).toBe(true);
  // A second drain finds nothing to send.
  expect((await deliverAll()).claimed).toBe(0);
  expect(receiver.received).toHaveLength(40);
  await removeEndpoint(ogre, ogreEndpoint);
  await removeEndpoint(apse, apseEndpoint);
});

test('a name resolving to loopback is refused although a kept-alive socket to that address and port is in the pool', async () => {
  const allowed = await endpoint(ogre, `${receiver.base}/allowed`);
  await queue(ogre, 3);
  await deliverAll();
  expect(receiver.received).toHaveLength(3);
  await removeEndpoint(ogre, allowed);
  // http://127.0.0.1:<port> has idle sockets in the pool now; billing.example resolves to the same address.
  const named = await endpoint(ogre, `http://billing.example:${receiver.port}/named`);
  await queue(ogre, 2);
  await deliverAll();
  // Every attempt refused (retried to the job's limit): nothing more reached the receiver.
  expect(receiver.received).toHaveLength(3);
  const { deliveries, attempts } = await log(ogre, named);
  expect(deliveries.map((d) => [d.status, d.last_error])).toEqual([
    ['failed', 'private_address'],
    ['failed', 'private_address'],
  ]);
  expect(attempts.every((a) => a.error === 'private_address')).toBe(true);
  await removeEndpoint(ogre, named);
});

test('the check runs again on every new connection: localhost moved to 10.x is refused once the kept socket is gone', async () => {
  const local = await endpoint(ogre, `http://localhost:${receiver.port}/local`);
  await queue(ogre, 2);
  await deliverAll();
  expect(receiver.received).toHaveLength(2);
  // The DNS answers a private address now; the idle socket (opened to the loopback address that
  // was checked) is closed by the receiver, so the next delivery must connect anew.
  localhostAnswer = '10.1.2.3';
  receiver.closeIdle();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await queue(ogre, 1);
  await deliverAll();
  expect(receiver.received).toHaveLength(2);
  const { deliveries } = await log(ogre, local);
  expect(deliveries[0]).toMatchObject({ status: 'failed', last_error: 'private_address' });
  await removeEndpoint(ogre, local);
});

test('a redirect is recorded and not followed', async () => {
  const moved = await endpoint(ogre, `${receiver.base}/moved`);
  await queue(ogre, 1);
  await deliverAll();
  const { deliveries, attempts } = await log(ogre, moved);
  expect(deliveries[0]).toMatchObject({ status: 'failed', last_status_code: 302, last_error: 'http_302' });
  expect(attempts.length).toBeGreaterThan(1);
  expect(new Set(attempts.map((a) => a.status_code))).toEqual(new Set([302]));
  // Every attempt went to the registered path; the Location was never asked for.
  expect(receiver.received.map((m) => m.path)).toEqual(attempts.map(() => '/moved'));
  await removeEndpoint(ogre, moved);
});
