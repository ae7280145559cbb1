/**
 * @module
 * The handlers of the webhook endpoint routes (see webhooks.routes.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import { notFound, unprocessable } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { endpointSecretBinding } from '../../webhooks/webhook-delivery.ts';
import { webhookUrlProblem } from '../../webhooks/endpoint-url.ts';
import { deleteEndpoint, findEndpoint, insertEndpoint, listDeliveries, listEndpoints, setEndpointEnabled, type DeliveryRow, type EndpointRow } from '../../webhooks/webhooks.repository.ts';
import { withAdmin } from '../admin-caller.ts';
import { createWebhookRoute, deleteWebhookRoute, listWebhookDeliveriesRoute, listWebhooksRoute, updateWebhookRoute } from './webhooks.routes.ts';

const endpointView = (row: EndpointRow) => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const deliveryView = (row: DeliveryRow) => ({
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
});

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
    const { enabled } = c.req.valid('json');
    const row = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      const updated = isUuid(endpointId) ? await setEndpointEnabled(trx, tenantId, endpointId, enabled, now) : undefined;
      if (!updated) throw notFound();
      await audit(enabled ? 'admin.webhook.enabled' : 'admin.webhook.disabled', { type: 'webhook_endpoint', id: endpointId });
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
      return listDeliveries(trx, tenantId, endpointId, limit);
    });
    return c.json({ items: rows.map(deliveryView) }, 200);
  });

  return router;
}
