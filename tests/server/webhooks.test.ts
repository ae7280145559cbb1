/**
 * Webhooks to the manager's billing system (server/webhooks/, admin routes in
 * server/admin/webhooks/): a real HTTP receiver on this machine gets the reading a resident
 * submits, signed as the Standard Webhooks spec says, and checks the signature both with the
 * spec's `standardwebhooks` package and by hand with node:crypto; a receiver that fails gets the
 * same delivery again; the secret is shown once; another tenant's endpoints are not there.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { duringJob } from './support/plan-guard.ts';
import { call, createPremise, createTestApp, createUser, grant, login, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createLogger } from '../../server/http/logger.ts';
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { webhookDeliveryHandlers } from '../../server/webhooks/webhook-delivery.ts';
import { guardedLookup, systemResolver, type Resolver } from '../../server/webhooks/webhook-request.ts';
import { insertEndpoint } from '../../server/webhooks/webhooks.repository.ts';

interface Received {
  headers: Record<string, string>;
  body: string;
}

let ctx: TestContext;
let ogre: AdminTenant;
let apse: AdminTenant;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** What the receiver answers, one status per request; 200 when the list is empty. */
let answers: number[] = [];
let premiseId: string;
let cold: string;
let hot: string;
let jobs: ReturnType<typeof createJobRunner>;

/**
 * The DNS the deliveries use: `billing.example` resolves to this machine (as an attacker's name
 * would, or a rebinding one on its second answer), `public.example` to a documentation address;
 * everything else (localhost) through the system's resolver.
 */
const dns: Resolver = async (hostname) => {
  if (hostname === 'billing.example') return [{ address: '127.0.0.1', family: 4 }];
  if (hostname === 'rebinding.example') return [{ address: '203.0.113.7', family: 4 }, { address: '10.1.2.3', family: 4 }];
  return systemResolver(hostname);
};

const OPEN = '2026-05-30T10:00:00Z';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, operatorToken: OPERATOR_TOKEN, webhooksAllowLocalHttp: true } }, OPEN);
  ogre = await createAdminTenant(ctx, 'ogre');
  apse = await createAdminTenant(ctx, 'apse');
  await ctx.database.db.updateTable('tenants').set({ reading_window: JSON.stringify({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 }) }).where('id', '=', ogre.id).execute();
  const premise = await createPremise(ctx.database, ogre.id, 'Malkalnes prospekts 3-111', 'ACC-111');
  premiseId = premise.id;
  const anna = await createUser(ctx.database, ogre.id, 'anna@example.lv', { name: 'Anna Bērziņa' });
  await grant(ctx.database, ogre.id, anna.id, premiseId, 'owner');
  const meter = (kind: 'cold_water' | 'hot_water', serial: string) =>
    ctx.database.db.insertInto('meters').values({ tenant_id: ogre.id, premise_id: premiseId, kind, serial_number: serial, location: 'Vannas istaba' }).returning('id').executeTakeFirstOrThrow();
  cold = (await meter('cold_water', 'CW-1')).id;
  hot = (await meter('hot_water', 'HW-1')).id;
  jobs = createJobRunner({
    database: ctx.database,
    clock: ctx.clock,
    logger: createLogger('silent'),
    handlers: webhookDeliveryHandlers({ database: ctx.database, secretBox: ctx.deps.secretBox, timeoutMs: 5000, allowLocalHttp: true, resolve: dns }),
    // Retries at once, so one drain shows a failure and its retry (the back-off is the runner's, tested in jobs.test.ts).
    retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 20 },
  });
});
afterAll(async () => {
  await ctx.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received = [];
  answers = [];
});

const admin = (method: string, path: string, body?: unknown, tenant = ogre, key = tenant.key) => adminRequest(ctx, tenant, key, method, path, body);
const deliverAll = () => duringJob('webhook deliveries', () => jobs.drain());
async function submit(meterId: string, value: string) {
  const { accessToken } = await login(ctx, 'ogre', 'anna@example.lv');
  return call(ctx, 'POST', `/v1/ogre/premises/${premiseId}/meters/${meterId}/readings`, { token: accessToken, body: { value } });
}
async function createEndpoint(events = ['reading.submitted', 'reading.corrected'], url = receiverUrl) {
  const response = await admin('POST', '/webhooks', { url, events, description: 'Billing' });
  expect(response.status).toBe(201);
  return (await response.json()) as { item: { id: string; url: string; events: string[]; enabled: boolean }; secret: string };
}

/** The spec's check, written out: HMAC-SHA256 over "id.timestamp.body" with the base64 key after whsec_. */
function verifiedByHand(secret: string, message: Received, maxSkewSeconds = 300): boolean {
  const id = message.headers['webhook-id']!;
  const timestamp = message.headers['webhook-timestamp']!;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > maxSkewSeconds) return false;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${message.body}`).digest();
  return message.headers['webhook-signature']!.split(' ').some((part) => {
    const [version, signature] = part.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

test('a read key cannot register an endpoint; URLs must be https and not private', async () => {
  const reader = await createKey(ctx, ogre, ['read']);
  expect((await admin('POST', '/webhooks', { url: 'https://billing.example/hooks', events: ['reading.submitted'] }, ogre, reader.secret)).status).toBe(403);
  expect((await admin('GET', '/webhooks', undefined, ogre, reader.secret)).status).toBe(200);
  for (const [url, code] of [
    ['http://billing.example/hooks', 'https_required'],
    ['ftp://billing.example/hooks', 'https_required'],
    ['https://192.168.1.10/hooks', 'private_address'],
    ['https://10.0.0.5/hooks', 'private_address'],
    ['https://169.254.169.254/latest/meta-data', 'private_address'],
    ['https://[::1]/hooks', 'private_address'],
    ['https://user:pass@billing.example/hooks', 'invalid_url'],
    ['not a url', 'invalid_url'],
  ] as const) {
    const response = await admin('POST', '/webhooks', { url, events: ['reading.submitted'] });
    expect(response.status, url).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code, url).toBe(code);
  }
  expect((await admin('POST', '/webhooks', { url: 'https://billing.example/hooks', events: ['invoice.paid'] })).status).toBe(400);
  expect((await admin('POST', '/webhooks', { url: 'https://billing.example/hooks', events: [] })).status).toBe(400);
});

test('without the local-http flag even http://127.0.0.1 is refused', async () => {
  const strict = await createTestApp({}, OPEN);
  try {
    const tenant = await createAdminTenant(strict, 'strict');
    const response = await adminRequest(strict, tenant, tenant.key, 'POST', '/webhooks', { url: receiverUrl, events: ['reading.submitted'] });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('https_required');
  } finally {
    await strict.close();
  }
});

test('a submitted reading reaches the endpoint once, signed per Standard Webhooks; the secret is shown only at creation', async () => {
  const { item, secret } = await createEndpoint();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const stored = await ctx.database.db.selectFrom('webhook_endpoints').select('secret_encrypted').where('id', '=', item.id).executeTakeFirstOrThrow();
  expect(stored.secret_encrypted).not.toContain(secret.slice(6, 20));

  expect((await submit(cold, '12,345')).status).toBe(201);
  expect(received).toHaveLength(0); // queued, not sent inside the request
  await deliverAll();
  expect(received).toHaveLength(1);
  const [message] = received as [Received];
  expect(message.headers['content-type']).toBe('application/json');
  // The spec's library verifies it and hands back the payload.
  const payload = new Webhook(secret).verify(message.body, message.headers) as { type: string; timestamp: string; data: { reading: Record<string, unknown>; premiseId: string } };
  expect(payload.type).toBe('reading.submitted');
  expect(payload.data.premiseId).toBe(premiseId);
  expect(payload.data.reading).toMatchObject({ meterId: cold, period: '2026-05', value: '12.345', version: 1, submittedBy: { name: 'Anna Bērziņa' } });
  expect(verifiedByHand(secret, message)).toBe(true);

  // Tampered body, a wrong secret, an old timestamp: the receiver's check refuses each.
  const tampered = { ...message, body: message.body.replace('12.345', '2.345') };
  expect(() => new Webhook(secret).verify(tampered.body, tampered.headers)).toThrow();
  expect(verifiedByHand(secret, tampered)).toBe(false);
  const otherSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  expect(() => new Webhook(otherSecret).verify(message.body, message.headers)).toThrow();
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  const old = {
    body: message.body,
    headers: { ...message.headers, 'webhook-timestamp': String(Math.floor(tenMinutesAgo.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(message.headers['webhook-id']!, tenMinutesAgo, message.body) },
  };
  expect(() => new Webhook(secret).verify(old.body, old.headers)).toThrow(/timestamp/i);
  expect(verifiedByHand(secret, old)).toBe(false);

  // The delivery log says so; nothing ever returns the secret again.
  const list = await admin('GET', '/webhooks');
  const listText = await list.text();
  expect(list.status).toBe(200);
  expect(listText).toContain(item.id);
  expect(listText).not.toContain(secret);
  expect(listText).not.toMatch(/secret/i);
  const log = await admin('GET', `/webhooks/${item.id}/deliveries`);
  const logText = await log.text();
  expect(logText).not.toContain(secret);
  const deliveries = (JSON.parse(logText) as { items: Array<Record<string, unknown>> }).items;
  expect(deliveries).toHaveLength(1);
  expect(deliveries[0]).toMatchObject({ id: message.headers['webhook-id'], eventType: 'reading.submitted', status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });
  expect(deliveries[0]!.attemptLog).toEqual([{ at: expect.any(String), statusCode: 200, error: null, durationMs: expect.any(Number), replay: false }]);

  // A run again of the finished job (or a second runner) sends nothing more.
  await deliverAll();
  expect(received).toHaveLength(1);

  // A correction inside the window is reading.corrected; the same value again is no event.
  expect((await submit(cold, '12.400')).status).toBe(201);
  expect((await submit(cold, '12.400')).status).toBe(200);
  await deliverAll();
  expect(received).toHaveLength(2);
  const corrected = new Webhook(secret).verify(received[1]!.body, received[1]!.headers) as { type: string; data: { reading: { version: number; value: string } } };
  expect(corrected.type).toBe('reading.corrected');
  expect(corrected.data.reading).toMatchObject({ version: 2, value: '12.400' });
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);
});

test('a receiver answering 500 gets the same delivery again, and the log shows both attempts', async () => {
  const { item, secret } = await createEndpoint();
  answers = [500];
  expect((await submit(hot, '5.5')).status).toBe(201);
  const batch = await deliverAll();
  expect(batch).toMatchObject({ retried: 1, done: 1 });
  expect(received).toHaveLength(2);
  expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
  for (const message of received) expect(() => new Webhook(secret).verify(message.body, message.headers)).not.toThrow();
  const log = (await (await admin('GET', `/webhooks/${item.id}/deliveries`)).json()) as { items: Array<Record<string, unknown>> };
  expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
  // Every attempt is kept, not only the last.
  expect((log.items[0]!.attemptLog as Array<Record<string, unknown>>).map((a) => [a.statusCode, a.error])).toEqual([
    [500, 'http_500'],
    [200, null],
  ]);

  // Always failing: retried up to the job's 20 attempts (about a day with the real back-off), then failed in the log.
  answers = Array.from({ length: 20 }, () => 503);
  expect((await submit(hot, '6.5')).status).toBe(201);
  await deliverAll();
  expect(received).toHaveLength(22);
  const failed = (await (await admin('GET', `/webhooks/${item.id}/deliveries?limit=1`)).json()) as { items: Array<Record<string, unknown>> };
  expect(failed.items).toHaveLength(1);
  expect(failed.items[0]).toMatchObject({ eventType: 'reading.corrected', status: 'failed', attempts: 20, lastStatusCode: 503, lastError: 'http_503' });
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);
});

test('a disabled endpoint gets nothing; a receiver that is down is recorded as connection_failed', async () => {
  const { item } = await createEndpoint(['reading.submitted']);
  const disabled = await admin('PATCH', `/webhooks/${item.id}`, { enabled: false });
  expect(disabled.status).toBe(200);
  expect(((await disabled.json()) as { item: { enabled: boolean } }).item.enabled).toBe(false);
  const meter = await ctx.database.db.insertInto('meters').values({ tenant_id: ogre.id, premise_id: premiseId, kind: 'cold_water', serial_number: 'CW-2', location: 'Virtuve' }).returning('id').executeTakeFirstOrThrow();
  expect((await submit(meter.id, '1')).status).toBe(201);
  await deliverAll();
  expect(received).toHaveLength(0);
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);

  // Nobody listens on this port (taken and given back).
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hooks`;
  await new Promise((resolve) => closed.close(resolve));
  const dead = await createEndpoint(['reading.corrected'], deadUrl);
  expect((await submit(meter.id, '2')).status).toBe(201);
  await deliverAll();
  const log = (await (await admin('GET', `/webhooks/${dead.item.id}/deliveries`)).json()) as { items: Array<Record<string, unknown>> };
  expect(log.items[0]).toMatchObject({ eventType: 'reading.corrected', status: 'failed', attempts: 20, lastStatusCode: null, lastError: 'connection_failed' });
  expect((await admin('DELETE', `/webhooks/${dead.item.id}`)).status).toBe(204);
});

test("another tenant's endpoint ids are not there (404), nor unknown or malformed ones", async () => {
  const { item } = await createEndpoint(['reading.submitted']);
  for (const [method, path, body] of [
    ['PATCH', `/webhooks/${item.id}`, { enabled: false }],
    ['DELETE', `/webhooks/${item.id}`, undefined],
    ['GET', `/webhooks/${item.id}/deliveries`, undefined],
  ] as const) {
    expect((await admin(method, path, body, apse)).status, `${method} ${path}`).toBe(404);
  }
  expect(((await (await admin('GET', '/webhooks', undefined, apse)).json()) as { items: unknown[] }).items).toEqual([]);
  expect((await admin('GET', '/webhooks/00000000-0000-4000-8000-000000000000/deliveries')).status).toBe(404);
  expect((await admin('DELETE', '/webhooks/not-a-uuid')).status).toBe(404);
  // Still there and still enabled for its own tenant.
  const own = (await (await admin('GET', '/webhooks')).json()) as { items: Array<{ id: string; enabled: boolean }> };
  expect(own.items.find((e) => e.id === item.id)?.enabled).toBe(true);
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(404);
});

test('a manager has at most 20 endpoints', async () => {
  const made: string[] = [];
  for (let i = 0; i < 20; i += 1) made.push((await createEndpoint(['reading.submitted'], `https://billing.example/hooks/${i}`)).item.id);
  const response = await admin('POST', '/webhooks', { url: 'https://billing.example/hooks/21', events: ['reading.submitted'] });
  expect(response.status).toBe(422);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('too_many_webhook_endpoints');
  for (const id of made) expect((await admin('DELETE', `/webhooks/${id}`)).status).toBe(204);
});

test('a host name that resolves to a private address is refused when the delivery connects, even with local http allowed', async () => {
  // https://billing.example passes registration (a name, https); the DNS then answers 127.0.0.1.
  const { item } = await createEndpoint(['reading.submitted', 'reading.corrected'], `https://billing.example:${new URL(receiverUrl).port}/hooks`);
  // A name with one public and one private address: refused as a whole (the socket may try either).
  const rebinding = await createEndpoint(['reading.submitted', 'reading.corrected'], 'https://rebinding.example/hooks');
  // http://localhost resolves through the real DNS to loopback: open, since the test deployment allows local http.
  const local = await createEndpoint(['reading.submitted', 'reading.corrected'], receiverUrl.replace('127.0.0.1', 'localhost'));
  expect((await submit(cold, '20.000')).status).toBe(201);
  await deliverAll();
  expect(received).toHaveLength(1);
  expect(received[0]!.headers.host).toMatch(/^localhost:/);
  for (const endpoint of [item, rebinding.item]) {
    const log = (await (await admin('GET', `/webhooks/${endpoint.id}/deliveries?limit=1`)).json()) as { items: Array<{ status: string; lastError: string; attemptLog: Array<{ error: string }> }> };
    expect(log.items[0]).toMatchObject({ status: 'failed', lastError: 'private_address' });
    expect(new Set(log.items[0]!.attemptLog.map((a) => a.error))).toEqual(new Set(['private_address']));
  }
  for (const endpoint of [item, rebinding.item, local.item]) expect((await admin('DELETE', `/webhooks/${endpoint.id}`)).status).toBe(204);
});

test('without local http allowed, a delivery to 127.0.0.1 is refused at connection time too (an endpoint stored before the rule)', async () => {
  const strict = createJobRunner({
    database: ctx.database,
    clock: ctx.clock,
    logger: createLogger('silent'),
    handlers: webhookDeliveryHandlers({ database: ctx.database, secretBox: ctx.deps.secretBox, timeoutMs: 5000, allowLocalHttp: false }),
    retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 2 },
  });
  const { item } = await createEndpoint(['reading.corrected']);
  expect((await submit(cold, '21.000')).status).toBe(201);
  await duringJob('webhook deliveries', () => strict.drain());
  expect(received).toHaveLength(0);
  const log = (await (await admin('GET', `/webhooks/${item.id}/deliveries?limit=1`)).json()) as { items: Array<{ lastError: string }> };
  expect(log.items[0]!.lastError).toBe('private_address');
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);
});

test('the connection guard hands public addresses on and refuses private ones', async () => {
  const lookup = (resolve: Resolver, allowLoopback: boolean, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((done) =>
      guardedLookup(resolve, allowLoopback)('host.example', { all } as never, ((error: NodeJS.ErrnoException | null, address: unknown, family?: number) =>
        done({ error, result: all ? address : { address, family } })) as never),
    );
  const publicDns: Resolver = async () => [{ address: '203.0.113.7', family: 4 }, { address: '2001:db8::7', family: 6 }];
  expect(await lookup(publicDns, false, false)).toEqual({ error: null, result: { address: '203.0.113.7', family: 4 } });
  expect((await lookup(publicDns, false, true)).result).toHaveLength(2);
  for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.5', '192.168.0.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0']) {
    const outcome = await lookup(async () => [{ address, family: address.includes(':') ? 6 : 4 }], false, true);
    expect(outcome.error?.code, address).toBe('WEBHOOK_PRIVATE_ADDRESS');
  }
  // Loopback opened (local http allowed, host localhost) does not open the private ranges.
  expect((await lookup(async () => [{ address: '127.0.0.1', family: 4 }], true, false)).error).toBeNull();
  expect((await lookup(async () => [{ address: '10.0.0.1', family: 4 }], true, false)).error?.code).toBe('WEBHOOK_PRIVATE_ADDRESS');
});

test('a manager replays a delivery by hand: the same webhook-id, every attempt in the log; not while it is pending, not on a disabled endpoint', async () => {
  const { item, secret } = await createEndpoint(['reading.submitted', 'reading.corrected']);
  expect((await submit(hot, '30.000')).status).toBe(201);
  await deliverAll();
  expect(received).toHaveLength(1);
  const [log] = ((await (await admin('GET', `/webhooks/${item.id}/deliveries?limit=1`)).json()) as { items: Array<{ id: string }> }).items;
  const path = `/webhooks/${item.id}/deliveries/${log!.id}/replay`;

  const replayed = await admin('POST', path);
  expect(replayed.status).toBe(202);
  expect(((await replayed.json()) as { item: { status: string; replays: number } }).item).toMatchObject({ status: 'pending', replays: 1 });
  // Pending: a second replay would race the first.
  const twice = await admin('POST', path);
  expect(twice.status).toBe(409);
  expect(((await twice.json()) as { error: { code: string } }).error.code).toBe('webhook_delivery_pending');
  await deliverAll();
  expect(received).toHaveLength(2);
  expect(received[1]!.headers['webhook-id']).toBe(log!.id);
  expect(received[1]!.body).toBe(received[0]!.body);
  expect(() => new Webhook(secret).verify(received[1]!.body, received[1]!.headers)).not.toThrow();
  const after = ((await (await admin('GET', `/webhooks/${item.id}/deliveries?limit=1`)).json()) as { items: Array<{ status: string; attempts: number; attemptLog: Array<{ replay: boolean }> }> }).items[0]!;
  expect(after).toMatchObject({ status: 'delivered', attempts: 2 });
  expect(after.attemptLog.map((a) => a.replay)).toEqual([false, true]);

  // The bare uuid works as well as msg_…; another tenant, an unknown or malformed id: 404.
  expect((await admin('POST', `/webhooks/${item.id}/deliveries/${log!.id.slice(4)}/replay`)).status).toBe(202);
  await deliverAll();
  expect(received).toHaveLength(3);
  expect((await admin('POST', path, undefined, apse)).status).toBe(404);
  expect((await admin('POST', `/webhooks/${item.id}/deliveries/msg_00000000-0000-4000-8000-000000000000/replay`)).status).toBe(404);
  expect((await admin('POST', `/webhooks/${item.id}/deliveries/nonsense/replay`)).status).toBe(404);
  const reader = await createKey(ctx, ogre, ['read']);
  expect((await admin('POST', path, undefined, ogre, reader.secret)).status).toBe(403);

  expect((await admin('PATCH', `/webhooks/${item.id}`, { enabled: false })).status).toBe(200);
  const off = await admin('POST', path);
  expect(off.status).toBe(422);
  expect(((await off.json()) as { error: { code: string } }).error.code).toBe('webhook_endpoint_disabled');
  expect(received).toHaveLength(3);
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);
});

test("an endpoint's URL, events and description can be changed, with the registration's rules", async () => {
  const { item } = await createEndpoint(['reading.corrected'], 'https://billing.example/old');
  for (const [url, code] of [
    ['http://billing.example/hooks', 'https_required'],
    ['https://10.0.0.5/hooks', 'private_address'],
    ['https://user:pw@billing.example/hooks', 'invalid_url'],
  ] as const) {
    const response = await admin('PATCH', `/webhooks/${item.id}`, { url });
    expect(response.status, url).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code, url).toBe(code);
  }
  expect((await admin('PATCH', `/webhooks/${item.id}`, {})).status).toBe(400);
  expect((await admin('PATCH', `/webhooks/${item.id}`, { events: [] })).status).toBe(400);
  expect((await admin('PATCH', `/webhooks/${item.id}`, { events: ['invoice.paid'] })).status).toBe(400);
  expect((await admin('PATCH', `/webhooks/${item.id}`, { secret: 'whsec_x' })).status).toBe(400);

  const changed = await admin('PATCH', `/webhooks/${item.id}`, { url: receiverUrl, events: ['reading.submitted', 'reading.submitted'], description: 'New billing' });
  expect(changed.status).toBe(200);
  expect(((await changed.json()) as { item: unknown }).item).toMatchObject({ url: receiverUrl, events: ['reading.submitted'], description: 'New billing', enabled: true });
  // The new events and URL are what the next event uses.
  const meter = await ctx.database.db.insertInto('meters').values({ tenant_id: ogre.id, premise_id: premiseId, kind: 'hot_water', serial_number: 'HW-9', location: 'Virtuve' }).returning('id').executeTakeFirstOrThrow();
  expect((await submit(meter.id, '1.000')).status).toBe(201);
  await deliverAll();
  expect(received).toHaveLength(1);
  expect(new URL(receiverUrl).pathname).toBe('/hooks');
  const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'details']).where('tenant_id', '=', ogre.id).where('target_id', '=', item.id).orderBy('created_at').execute();
  expect(audit.map((a) => a.action)).toEqual(['admin.webhook.created', 'admin.webhook.updated']);
  expect((await admin('PATCH', `/webhooks/${item.id}`, { url: receiverUrl }, apse)).status).toBe(404);
  expect((await admin('DELETE', `/webhooks/${item.id}`)).status).toBe(204);
});

test('an endpoint stored with a literal private address (before the rules) is refused when it is sent', async () => {
  const now = ctx.clock.now();
  const id = '11111111-2222-4333-8444-555555555555';
  await ctx.database.withTenant(ogre.id, (trx) =>
    insertEndpoint(trx, { id, tenant_id: ogre.id, url: 'https://169.254.169.254/latest', events: ['reading.corrected'], secret_encrypted: ctx.deps.secretBox.seal(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, `webhook-endpoint:${ogre.id}:${id}`), description: null, created_at: now, updated_at: now }),
  );
  expect((await submit(cold, '22.000')).status).toBe(201);
  await deliverAll();
  const log = (await (await admin('GET', `/webhooks/${id}/deliveries?limit=1`)).json()) as { items: Array<{ lastError: string; status: string }> };
  expect(log.items[0]).toMatchObject({ status: 'failed', lastError: 'private_address' });
  expect((await admin('DELETE', `/webhooks/${id}`)).status).toBe(204);
});
