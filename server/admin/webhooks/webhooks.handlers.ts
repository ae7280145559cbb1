/**
 * @module
 * The handlers of the webhook endpoint routes (see webhooks.routes.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import { conflict, notFound, unprocessable } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { enqueueJob } from '../../jobs/jobs.repository.ts';
import { endpointSecretBinding } from '../../webhooks/webhook-delivery.ts';
import { WEBHOOK_DELIVERY_KIND } from '../../webhooks/webhook-events.ts';
import { webhookUrlProblem } from '../../webhooks/endpoint-url.ts';
import {
  attemptsOf,
  deleteEndpoint,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  markReplay,
  updateEndpoint,
  type AttemptRow,
  type DeliveryRow,
  type EndpointRow,
} from '../../webhooks/webhooks.repository.ts';
import { withAdmin } from '../admin-caller.ts';
import { createWebhookRoute, deleteWebhookRoute, listWebhookDeliveriesRoute, listWebhooksRoute, replayWebhookDeliveryRoute, updateWebhookRoute } from './webhooks.routes.ts';

const endpointView = (row: EndpointRow) => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const attemptView = (row: AttemptRow) => ({
  at: row.attempted_at.toISOString(),
  statusCode: row.status_code,
  error: row.error,
  durationMs: row.duration_ms,
  replay: row.replay,
});

const deliveryView = (row: DeliveryRow, attempts: AttemptRow[]) => ({
  id: `msg_${row.id}`,
  eventType: row.event_type,
  payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  deliveredAt: row.delivered_at?.toISOString() ?? null,
  replays: row.replays,
  attemptLog: attempts.filter((attempt) => attempt.delivery_id === row.id).map(attemptView),
});

/** The delivery's id as the API shows it (`msg_<uuid>`, the webhook-id) or the bare uuid. */
const deliveryUuid = (text: string) => {
  const bare = text.startsWith('msg_') ? text.slice(4) : text;
  return isUuid(bare) ? bare : undefined;
};

export const MAX_ENDPOINTS = 20;

const URL_MESSAGES: Record<string, string> = {
  invalid_url: 'Give the endpoint as a full URL, without user name, password or fragment.',
  https_required: 'A webhook endpoint must be an https URL.',
  private_address: 'A webhook endpoint cannot be a loopback or private network address.',
};

export function adminWebhooksRouter(deps: AppDeps) {
  const router = createRouter();
  const allowLocalHttp = deps.config.webhooksAllowLocalHttp === true;

  router.openapi(listWebhooksRoute, async (c) => {
    const rows = await withAdmin(deps, c, ({ trx, tenantId }) => listEndpoints(trx, tenantId));
    return c.json({ items: rows.map(endpointView) }, 200);
  });

  router.openapi(createWebhookRoute, async (c) => {
    const body = c.req.valid('json');
    const problem = webhookUrlProblem(body.url, allowLocalHttp);
    if (problem) throw unprocessable(problem, URL_MESSAGES[problem]!, { url: problem });
    // Standard Webhooks: `whsec_` and the base64 of 24–64 random bytes; the receiver's key.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      // Every event reads the tenant's endpoints whole: they must stay few.
      if ((await listEndpoints(trx, tenantId)).length >= MAX_ENDPOINTS) {
        throw unprocessable('too_many_webhook_endpoints', `A manager has at most ${MAX_ENDPOINTS} webhook endpoints.`, { max: MAX_ENDPOINTS });
      }
      const id = randomUUID();
      const events = [...new Set(body.events)];
      const created = await insertEndpoint(trx, {
        id,
        tenant_id: tenantId,
        url: body.url,
        events,
        secret_encrypted: deps.secretBox.seal(secret, endpointSecretBinding(tenantId, id)),
        description: body.description ?? null,
        created_at: now,
        updated_at: now,
      });
      await audit('admin.webhook.created', { type: 'webhook_endpoint', id }, { url: body.url, events });
      return created;
    });
    return c.json({ item: endpointView(row), secret }, 201);
  });

  router.openapi(updateWebhookRoute, async (c) => {
    const { endpointId } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.url !== undefined) {
      const problem = webhookUrlProblem(body.url, allowLocalHttp);
      if (problem) throw unprocessable(problem, URL_MESSAGES[problem]!, { url: problem });
    }
    const change = {
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(body.events !== undefined ? { events: [...new Set(body.events)] } : {}),
      ...(body.description !== undefined ? { description: body.description || null } : {}),
    };
    const row = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      const before = isUuid(endpointId) ? await findEndpoint(trx, tenantId, endpointId) : undefined;
      if (!before) throw notFound();
      const updated = (await updateEndpoint(trx, tenantId, endpointId, change, now))!;
      const target = { type: 'webhook_endpoint', id: endpointId };
      if (change.enabled !== undefined && change.enabled !== before.enabled) await audit(change.enabled ? 'admin.webhook.enabled' : 'admin.webhook.disabled', target);
      const { enabled: _enabled, ...rest } = change;
      if (Object.keys(rest).length > 0) await audit('admin.webhook.updated', target, { ...rest, ...(rest.url ? { previousUrl: before.url } : {}) });
      return updated;
    });
    return c.json({ item: endpointView(row) }, 200);
  });

  router.openapi(deleteWebhookRoute, async (c) => {
    const { endpointId } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, tenantId, audit }) => {
      if (!isUuid(endpointId) || !(await deleteEndpoint(trx, tenantId, endpointId))) throw notFound();
      await audit('admin.webhook.deleted', { type: 'webhook_endpoint', id: endpointId });
    });
    return c.body(null, 204);
  });

  router.openapi(listWebhookDeliveriesRoute, async (c) => {
    const { endpointId } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const rows = await withAdmin(deps, c, async ({ trx, tenantId }) => {
      if (!isUuid(endpointId) || !(await findEndpoint(trx, tenantId, endpointId))) throw notFound();
      const deliveries = await listDeliveries(trx, tenantId, endpointId, limit);
      return { deliveries, attempts: await attemptsOf(trx, tenantId, deliveries.map((d) => d.id)) };
    });
    return c.json({ items: rows.deliveries.map((row) => deliveryView(row, rows.attempts)) }, 200);
  });

  router.openapi(replayWebhookDeliveryRoute, async (c) => {
    const { endpointId, deliveryId } = c.req.valid('param');
    const id = deliveryUuid(deliveryId);
    const view = await withAdmin(deps, c, async ({ trx, tenantId, audit }) => {
      const endpoint = isUuid(endpointId) ? await findEndpoint(trx, tenantId, endpointId) : undefined;
      const delivery = endpoint && id ? await findDelivery(trx, tenantId, endpointId, id) : undefined;
      if (!endpoint || !delivery) throw notFound();
      if (!endpoint.enabled) throw unprocessable('webhook_endpoint_disabled', 'The endpoint is switched off: switch it on to replay its deliveries.', { endpointId: 'disabled' });
      // A delivery still pending has a job that will send it; a second one would race it.
      const marked = await markReplay(trx, tenantId, delivery.id);
      if (!marked) throw conflict('webhook_delivery_pending', 'This delivery is still being sent; replay it once it is delivered or failed.');
      await enqueueJob(trx, { tenantId, kind: WEBHOOK_DELIVERY_KIND, key: `${WEBHOOK_DELIVERY_KIND}:${delivery.id}:replay:${marked.replays}`, payload: { deliveryId: delivery.id, replay: marked.replays } });
      await audit('admin.webhook.replayed', { type: 'webhook_delivery', id: delivery.id }, { endpointId, replay: marked.replays });
      const row = (await findDelivery(trx, tenantId, endpointId, delivery.id))!;
      return deliveryView(row, await attemptsOf(trx, tenantId, [row.id]));
    });
    return c.json({ item: view }, 202);
  });

  return router;
}
