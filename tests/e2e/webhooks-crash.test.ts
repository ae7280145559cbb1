/**
 * Webhooks from the built server (server/dist/main.js, the entry `npm start` runs, so the
 * dispatcher is wired by the real bootstrap) to a real node:http receiver in this process:
 *
 * 1. A resident's reading, submitted through the API, arrives signed as Standard Webhooks says
 *    (the spec's `standardwebhooks` package verifies it with the secret the admin API gave).
 * 2. kill -9 in the middle of a batch: with many deliveries due, the server is killed with
 *    SIGKILL while they are going out, then started again. Every event arrives (none lost) and
 *    every delivery ends `delivered`; what may repeat is a delivery the receiver got a moment
 *    before the kill but that was not yet recorded — with the same `webhook-id`, so the receiver
 *    drops it (at-least-once, as the spec expects). The test counts those and prints them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

const EVENTS = 400;
const RECEIVED_BEFORE_KILL = 40;
const SECRET = 'webhooks-crash-secret-that-is-long-enough-0123';
const OPERATOR = 'webhooks-crash-operator-token-0123456789abcdef';

interface Message {
  id: string;
  type: string;
  valid: boolean;
}

let receiver: Server;
let hooksUrl: string;
let signingSecret = '';
const messages: Message[] = [];
let dir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let valid = true;
      let type = '';
      try {
        type = (new Webhook(signingSecret).verify(body, request.headers as Record<string, string>) as { type: string }).type;
      } catch {
        valid = false;
      }
      messages.push({ id: String(request.headers['webhook-id']), type, valid });
      // A receiver that takes a moment, as a billing system does: the batch is still going out when killed.
      setTimeout(() => response.writeHead(200).end(), 15);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hooksUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/doorstep`;
  dir = await mkdtemp(join(tmpdir(), 'doorstep-webhooks-crash-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await new Promise((resolve) => receiver.close(resolve));
});

async function waitFor(what: string, done: () => boolean, seconds: number, server?: RunningServer) {
  const deadline = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${server ? `\n${server.output().slice(-3000)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const distinct = () => new Set(messages.map((m) => m.id)).size;

// Inside Ogre's May window on the demo's frozen clock, so Anna may submit.
const env = () => ({
  DOORSTEP_DATA_DIR: dir,
  DOORSTEP_NOW: '2026-05-30T12:00:00+03:00',
  JWT_SECRET: SECRET,
  DOORSTEP_OPERATOR_TOKEN: OPERATOR,
  DOORSTEP_JOB_LEASE_SECONDS: '3',
  DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP: 'true',
});

describe('webhooks from the built server', () => {
  test("the bootstrap's dispatcher delivers a resident's reading to a real receiver, signed", async () => {
    const server = await startServer('node', env(), { startSeconds: 300 });
    cleanups.push(() => server.stop());
    const json = async (response: Response, status: number) => {
      expect(response.status, await response.clone().text()).toBe(status);
      return response.json() as Promise<any>;
    };
    const post = (path: string, body: unknown, token: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const key = await json(await post('/v1/operator/tenants/demo/keys', { name: 'webhooks test', scopes: ['read', 'write'] }, OPERATOR), 201);
    const created = await json(await post('/v1/demo/admin/webhooks', { url: hooksUrl, events: ['reading.submitted', 'reading.corrected'] }, key.secret), 201);
    signingSecret = created.secret;

    const login = await json(
      await fetch(`${server.url}/v1/demo/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'anna@example.lv', password: 'Parole-2026!' }) }),
      200,
    );
    const me = await json(await fetch(`${server.url}/v1/demo/me`, { headers: { authorization: `Bearer ${login.accessToken}` } }), 200);
    const premiseId = me.premises[0].id as string;
    const { meters } = await json(await fetch(`${server.url}/v1/demo/premises/${premiseId}/meters`, { headers: { authorization: `Bearer ${login.accessToken}` } }), 200);
    const meter = meters[0] as { id: string; lastReading: { value: string } | null };
    const value = (Number(meter.lastReading?.value ?? '0') + 1.5).toFixed(3);
    await json(await post(`/v1/demo/premises/${premiseId}/meters/${meter.id}/readings`, { value, confirm: true }, login.accessToken), 201);

    await waitFor('the reading.submitted webhook', () => messages.length >= 1, 60, server);
    expect(messages[0]).toMatchObject({ type: 'reading.submitted', valid: true });
    // The receiver has the message before the runner records its answer: wait (up to a minute)
    // for the delivery to leave 'pending', then it must be delivered on the first attempt.
    const deliveries = async () => json(await fetch(`${server.url}/v1/demo/admin/webhooks/${created.item.id}/deliveries`, { headers: { authorization: `Bearer ${key.secret}` } }), 200);
    const settledBy = Date.now() + 60_000;
    let log = await deliveries();
    while (log.items[0]?.status === 'pending' && Date.now() < settledBy) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      log = await deliveries();
    }
    expect(log.items[0]).toMatchObject({ id: messages[0]!.id, status: 'delivered', attempts: 1 });
    await server.stop();
  }, 600_000);

  test('kill -9 while a batch of deliveries goes out: after the restart every event has arrived, repeats only with the same webhook-id', async () => {
    expect(signingSecret).not.toBe('');
    // The batch: many events queued at once, each a delivery and its job, as queueWebhookEvent
    // inserts them (written offline into the stopped server's database).
    const pg = new PGlite(join(dir, 'pglite'));
    await pg.exec(`
      insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload)
      select e.tenant_id, e.id, 'reading.submitted', jsonb_build_object('type', 'reading.submitted', 'timestamp', now(), 'data', jsonb_build_object('n', g))
      from webhook_endpoints e, generate_series(1, ${EVENTS}) g;
      insert into jobs (tenant_id, kind, key, payload)
      select tenant_id, 'webhooks.deliver', 'webhooks.deliver:' || id, jsonb_build_object('deliveryId', id) from webhook_deliveries where status = 'pending';
    `);
    await pg.close();
    const before = distinct();

    const first = await startServer('node', env(), { startSeconds: 300 });
    cleanups.push(() => first.stop());
    await waitFor('the first deliveries', () => distinct() >= before + RECEIVED_BEFORE_KILL, 180, first);
    await first.crash();
    const atKill = distinct() - before;

    const second = await startServer('node', env(), { startSeconds: 300 });
    cleanups.push(() => second.stop());
    await waitFor('every delivery', () => distinct() >= before + EVENTS, 600, second);
    // A little longer: anything that would arrive twice has had time to.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await second.stop();

    const check = new PGlite(join(dir, 'pglite'));
    const { rows } = await check.query<{ status: string; n: number }>(`select status, count(*)::int as n from webhook_deliveries group by status order by status`);
    const attempts = await check.query<{ n: number }>(`select count(*)::int as n from webhook_attempts`);
    const ids = await check.query<{ id: string }>(`select 'msg_' || id as id from webhook_deliveries`);
    await check.close();

    const resent = messages.length - distinct();
    console.log(
      `webhooks kill -9: ${EVENTS} deliveries, ${atKill} received before the kill, ${distinct() - before} after restart; ${resent} received again with the same webhook-id; deliveries ${JSON.stringify(rows)}; ${attempts.rows[0]!.n} attempts recorded`,
    );
    expect(messages.every((m) => m.valid)).toBe(true);
    expect(distinct()).toBe(before + EVENTS);
    expect(rows).toEqual([{ status: 'delivered', n: EVENTS + before }]);
    // Nothing arrived that is not a delivery of ours.
    const known = new Set(ids.rows.map((r) => r.id));
    expect(messages.filter((m) => !known.has(m.id))).toEqual([]);
  }, 1_200_000);
});
