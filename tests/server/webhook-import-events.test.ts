/**
 * `readings.imported` (server/webhooks/webhook-events.ts): a committed readings import
 * (`POST /admin/imports/readings`) is ONE event, however many rows the file had — its id, its
 * counts and each period it wrote with the export that fetches it — queued in the import's
 * transaction, delivered to a real node:http receiver and signed per Standard Webhooks (the spec's
 * package verifies it). A dry run, a refused file and a file that changes nothing queue nothing;
 * an endpoint that did not ask for the event gets nothing. Runs on PGlite and on Postgres.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { duringJob } from './support/plan-guard.ts';
import { createTestApp, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';
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
let ogre: AdminTenant;
let receiver: WebhookReceiver;
let base: string;
let received: ReceivedWebhook[];
let jobs: ReturnType<typeof createJobRunner>;
const csv = { 'content-type': 'text/csv' };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  ({ base, received } = receiver);
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: false, operatorToken: OPERATOR_TOKEN, webhooksAllowLocalHttp: true } }, '2026-05-30T10:00:00Z');
  ogre = await createAdminTenant(ctx, 'ogre');
  const premises = [
    'building_ref,building_address,premise_ref,premise_label,account_number,meter_ref,meter_kind,meter_serial,meter_installed_at,meter_initial_value',
    'B-1,Brīvības iela 1,P-1,Brīvības iela 1-1,1001,M-1,cold_water,111,2025-06-10,0',
    'B-1,Brīvības iela 1,P-2,Brīvības iela 1-2,1002,M-2,hot_water,222,2025-06-10,0',
  ].join('\n');
  expect((await admin('POST', '/imports/premises', premises, csv)).status).toBe(200);
  jobs = createJobRunner({
    database: ctx.database,
    clock: ctx.clock,
    logger: createLogger('silent'),
    handlers: webhookDeliveryHandlers({ database: ctx.database, secretBox: ctx.deps.secretBox, timeoutMs: 5000, allowLocalHttp: true }),
    retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 3 },
  });
});
afterAll(async () => {
  await ctx.close();
  await receiver.close();
});

function admin(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return adminRequest(ctx, ogre, ogre.key, method, path, body, headers);
}

async function endpoint(path: string, events: string[]) {
  const response = await admin('POST', '/webhooks', { url: `${base}${path}`, events });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

/** Delivers what is due and hands back the events that reached `path` so far, verified with its secret. */
async function eventsAt(path: string, secret: string): Promise<Event[]> {
  await duringJob('webhook deliveries', () => jobs.drain());
  return received.filter((message) => message.path === path).map((message) => new Webhook(secret).verify(message.body, message.headers) as Event);
}

async function importReadings(rows: string[], query = '') {
  const response = await admin('POST', `/imports/readings${query}`, ['meter_ref,period,value', ...rows].join('\n'), csv);
  return { status: response.status, report: (await response.json()) as Record<string, any> };
}

const deliveriesOf = async (type: string) =>
  Number((await ctx.database.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).where('event_type', '=', type).executeTakeFirstOrThrow()).n);

test('a committed readings import is one signed event with its counts and the periods to fetch; nothing for a dry run, a refused file or a file that changes nothing', async () => {
  const secret = await endpoint('/imports', ['readings.imported']);
  const residentsOnlySecret = await endpoint('/residents', ['reading.submitted', 'reading.corrected']);

  // A dry run and a refused file write nothing, so they queue nothing.
  const dry = await importReadings(['M-1,2026-03,10', 'M-1,2026-04,12'], '?dryRun=true');
  expect(dry.status).toBe(200);
  expect(dry.report.created).toBe(2);
  const refused = await importReadings(['M-1,2026-03,10', 'M-UNKNOWN,2026-04,12']);
  expect(refused.status).toBe(422);
  expect(await deliveriesOf('readings.imported')).toBe(0);
  expect(await eventsAt('/imports', secret)).toEqual([]);

  // Five readings over three periods, two meters: one event, not five.
  const first = await importReadings(['M-1,2026-02,8', 'M-1,2026-03,10', 'M-1,2026-04,12', 'M-2,2026-03,3', 'M-2,2026-04,4']);
  expect(first.status, JSON.stringify(first.report)).toBe(200);
  expect(await deliveriesOf('readings.imported')).toBe(1);
  const [imported, ...more] = await eventsAt('/imports', secret);
  expect(more).toEqual([]);
  const audit = await ctx.database.db.selectFrom('audit_log').select('details').where('tenant_id', '=', ogre.id).where('action', '=', 'admin.import.readings').executeTakeFirstOrThrow();
  const importId = (audit.details as { importId: string }).importId;
  expect(importId).toMatch(/^[0-9a-f-]{36}$/);
  expect(imported).toEqual({
    type: 'readings.imported',
    timestamp: '2026-05-30T10:00:00.000Z',
    data: {
      import: { id: importId, rows: 5, created: 5, updated: 0, unchanged: 0, importedAt: '2026-05-30T10:00:00.000Z' },
      periods: [
        { period: '2026-02', created: 1, updated: 0, export: '/v1/ogre/admin/readings/export?period=2026-02' },
        { period: '2026-03', created: 2, updated: 0, export: '/v1/ogre/admin/readings/export?period=2026-03' },
        { period: '2026-04', created: 2, updated: 0, export: '/v1/ogre/admin/readings/export?period=2026-04' },
      ],
    },
  });
  // The link is the readings export, and it answers with what the import wrote.
  const exported = await admin('GET', imported!.data.periods[2].export.replace('/v1/ogre/admin', ''));
  expect(exported.status).toBe(200);
  expect(await exported.text()).toMatch(/M-1[^\n]*2026-04[^\n]*12/);
  // The endpoint that asked only for residents' readings heard nothing.
  expect(await eventsAt('/residents', residentsOnlySecret)).toEqual([]);

  // The same file again: every row unchanged, no event.
  const again = await importReadings(['M-1,2026-02,8', 'M-1,2026-03,10', 'M-1,2026-04,12', 'M-2,2026-03,3', 'M-2,2026-04,4']);
  expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  expect(await deliveriesOf('readings.imported')).toBe(1);

  // One value changed and a new period: the event names only the periods written.
  const changed = await importReadings(['M-1,2026-04,13', 'M-2,2026-04,4', 'M-2,2026-05,6']);
  expect(changed.report).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
  const events = await eventsAt('/imports', secret);
  expect(events).toHaveLength(2);
  const second = events.find((event) => event.data.import.id !== importId)!;
  expect(second.data).toMatchObject({
    import: { rows: 3, created: 1, updated: 1, unchanged: 1 },
    periods: [
      { period: '2026-04', created: 0, updated: 1, export: '/v1/ogre/admin/readings/export?period=2026-04' },
      { period: '2026-05', created: 1, updated: 0, export: '/v1/ogre/admin/readings/export?period=2026-05' },
    ],
  });

  // A wrong secret does not verify: the receiver would refuse it.
  const last = received.filter((message) => message.path === '/imports').at(-1)!;
  expect(() => new Webhook(residentsOnlySecret).verify(last.body, last.headers)).toThrow();
});

test('the admin API accepts readings.imported and still refuses an unknown event', async () => {
  expect((await admin('POST', '/webhooks', { url: `${base}/other`, events: ['readings.imported', 'reading.submitted'] })).status).toBe(201);
  expect((await admin('POST', '/webhooks', { url: `${base}/other`, events: ['readings.deleted'] })).status).toBe(400);
});

test('a committed premises import is one signed premises.imported event with its counts per kind of record; nothing for a dry run, a refused file or the same file again', async () => {
  const secret = await endpoint('/premises', ['premises.imported']);
  const otherSecret = await endpoint('/invoices-only', ['invoices.imported']);
  const header = 'building_ref,building_address,premise_ref,premise_label,account_number,meter_ref,meter_kind,meter_serial,meter_installed_at,meter_initial_value';
  const file = [
    header,
    'B-1,Brīvības iela 1,P-1,Brīvības iela 1-1,1001,M-1,cold_water,111,2025-06-10,0',
    'B-1,Brīvības iela 1,P-2,Brīvības iela 1-2,1002,M-2,hot_water,222,2025-06-10,0',
    'B-2,Skolas iela 5,P-3,Skolas iela 5-1,1003,M-3,cold_water,333,2025-06-10,0',
  ].join('\n');
  // A dry run and a refused file (an unknown meter kind) queue nothing.
  expect((await admin('POST', '/imports/premises?dryRun=true', file, csv)).status).toBe(200);
  expect((await admin('POST', '/imports/premises', `${file}\nB-2,Skolas iela 5,P-4,Skolas iela 5-2,1004,M-4,steam,444,2025-06-10,0`, csv)).status).toBe(422);
  expect(await deliveriesOf('premises.imported')).toBe(0);

  const response = await admin('POST', '/imports/premises', file, csv);
  expect(response.status).toBe(200);
  const report = (await response.json()) as Record<string, any>;
  const events = await eventsAt('/premises', secret);
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event!.type).toBe('premises.imported');
  expect(event!.timestamp).toBe('2026-05-30T10:00:00.000Z');
  expect(event!.data.import).toMatchObject({ rows: 3, created: report.created, updated: report.updated, unchanged: report.unchanged, importedAt: '2026-05-30T10:00:00.000Z' });
  expect(event!.data.import.created + event!.data.import.updated).toBeGreaterThan(0);
  for (const [name, counts] of Object.entries(report.details as Record<string, object>)) expect(event!.data.details[name]).toEqual(counts);
  // The new building, premise and meter are counted as created; the two from before as unchanged.
  expect(event!.data.details.premises).toEqual({ created: 1, updated: 0, unchanged: 2 });
  // Its id is the audit entry's.
  const audits = await ctx.database.db.selectFrom('audit_log').select('details').where('tenant_id', '=', ogre.id).where('action', '=', 'admin.import.premises').execute();
  const importIds = audits.map((a) => (typeof a.details === 'string' ? JSON.parse(a.details) : a.details).importId);
  expect(importIds).toHaveLength(2); // the setup's import and this one: not the dry run nor the refused file
  expect(importIds).toContain(event!.data.import.id);

  // The same file again changes nothing: no event. The endpoint that asked for invoices only got none.
  expect((await admin('POST', '/imports/premises', file, csv)).status).toBe(200);
  expect(await eventsAt('/premises', secret)).toHaveLength(1);
  expect(await eventsAt('/invoices-only', otherSecret)).toEqual([]);
});

test('a committed invoices import is one signed invoices.imported event; nothing for a dry run or the same file again', async () => {
  const secret = await endpoint('/invoices', ['invoices.imported', 'premises.imported']);
  const header = 'invoice_number,premise_ref,period,issue_date,due_date,line_service,line_quantity,line_unit,line_unit_price,line_sum';
  const line = (number: string, premise: string, service: string, sum: string) => `${number},${premise},2026-04,2026-05-08,2026-05-31,${service},1,gab.,${sum},${sum}`;
  const file = [header, line('IM-1', 'P-1', 'Apsaimniekošana', '24.44'), line('IM-1', 'P-1', 'Aukstais ūdens', '17.73'), line('IM-2', 'P-2', 'Apsaimniekošana', '30.00')].join('\n');
  expect((await admin('POST', '/imports/invoices?dryRun=true', file, csv)).status).toBe(200);
  expect(await deliveriesOf('invoices.imported')).toBe(0);

  const response = await admin('POST', '/imports/invoices', file, csv);
  expect(response.status, await response.clone().text()).toBe(200);
  const report = (await response.json()) as Record<string, any>;
  const events = await eventsAt('/invoices', secret);
  expect(events.map((e) => e.type)).toEqual(['invoices.imported']);
  expect(events[0]!.data.import).toMatchObject({ rows: 3, created: report.created, updated: 0, unchanged: 0 });
  expect(events[0]!.data.details).toEqual(report.details);
  expect(events[0]!.data.details.invoices).toMatchObject({ created: 2 });

  expect((await admin('POST', '/imports/invoices', file, csv)).status).toBe(200);
  expect(await eventsAt('/invoices', secret)).toHaveLength(1);
  // Also the endpoint from the test before (invoices only) has it, verified with its own secret.
  expect(received.filter((message) => message.path === '/invoices-only')).toHaveLength(1);
});

test('the admin API accepts premises.imported and invoices.imported', async () => {
  expect((await admin('POST', '/webhooks', { url: `${base}/other`, events: ['premises.imported', 'invoices.imported'] })).status).toBe(201);
});
