/**
 * @module
 * The tenant's webhook endpoints (issue #13): `GET|POST /v1/{tenant}/admin/webhooks`,
 * `PATCH|DELETE /v1/{tenant}/admin/webhooks/{endpointId}`, the delivery log with every attempt
 * `GET /v1/{tenant}/admin/webhooks/{endpointId}/deliveries`, and sending one again by hand
 * `POST /v1/{tenant}/admin/webhooks/{endpointId}/deliveries/{deliveryId}/replay`. An endpoint is an https URL of the
 * manager's billing system and the events it wants; each event is POSTed to it signed as the
 * Standard Webhooks spec says (server/webhooks/webhook-delivery.ts). The signing secret is shown
 * once, in the answer to POST, and stored encrypted; no route returns it again.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/webhook-events.ts';

const TAG = ['admin: webhooks'];

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);

export const NewWebhookEndpoint = z
  .strictObject({
    url: z.string().max(2000).openapi({ description: 'https (http only to localhost/127.0.0.1 where DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP allows it); no private addresses', example: 'https://billing.example.lv/doorstep/webhooks' }),
    events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length).openapi({ example: ['reading.submitted', 'reading.corrected'] }),
    description: z.string().trim().max(200).optional().openapi({ example: 'Billing system' }),
  })
  .openapi('NewWebhookEndpoint');

export const WebhookEndpoint = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookEndpoint');

export const WebhookAttempt = z
  .object({
    at: z.string(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable().openapi({ description: 'null when delivered; http_500, timeout, connection_failed, private_address, endpoint_disabled, …' }),
    durationMs: z.number().int(),
    replay: z.boolean().openapi({ description: 'made by a replay asked for by hand' }),
  })
  .openapi('WebhookAttempt');

export const WebhookDelivery = z
  .object({
    id: z.string().openapi({ description: 'The `webhook-id` header sent with it', example: 'msg_6f1c…' }),
    eventType: z.string(),
    payload: z.record(z.string(), z.unknown()).openapi({ description: 'The body sent: {type, timestamp, data}' }),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable().openapi({ description: 'http_500, timeout, connection_failed, endpoint_disabled, …' }),
    lastAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    replays: z.number().int().openapi({ description: 'how many times it was replayed by hand' }),
    attemptLog: z.array(WebhookAttempt).openapi({ description: 'every attempt, oldest first' }),
  })
  .openapi('WebhookDelivery');

const EndpointIdParam = z.object({ endpointId: z.string().max(100).openapi({ param: { name: 'endpointId', in: 'path' }, example: 'uuid' }) });
const DeliveryParams = EndpointIdParam.extend({
  deliveryId: z.string().max(100).openapi({ param: { name: 'deliveryId', in: 'path' }, description: 'the delivery id (`msg_…`, as in webhook-id)', example: 'msg_6f1c…' }),
});

export const WebhookEndpointUpdate = z
  .strictObject({
    enabled: z.boolean().optional().openapi({ description: 'false: deliveries still due fail with endpoint_disabled' }),
    url: z.string().max(2000).optional().openapi({ description: 'the same rules as at registration; deliveries still due go to the new URL' }),
    events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
    description: z.string().trim().max(200).nullable().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, { message: 'nothing to change' })
  .openapi('WebhookEndpointUpdate');

const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

export const listWebhooksRoute = createRoute({
  method: 'get',
  path: '/webhooks',
  tags: TAG,
  summary: "The tenant's webhook endpoints (never their secrets)",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  responses: { 200: json('Every endpoint, disabled ones too', z.object({ items: z.array(WebhookEndpoint) })), ...errorResponses(401, 403) },
});

export const createWebhookRoute = createRoute({
  method: 'post',
  path: '/webhooks',
  tags: TAG,
  summary: 'Register a webhook endpoint; its signing secret is shown this once',
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: jsonBody(NewWebhookEndpoint),
  responses: {
    201: json('Created, with its secret', z.object({ item: WebhookEndpoint, secret: z.string().openapi({ description: 'whsec_… (Standard Webhooks); never shown again', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) })),
    ...errorResponses(400, 401, 403, 422),
  },
});

export const updateWebhookRoute = createRoute({
  method: 'patch',
  path: '/webhooks/{endpointId}',
  tags: TAG,
  summary: 'Change an endpoint: its URL, events, description, or switch it off and on',
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: { params: EndpointIdParam, ...jsonBody(WebhookEndpointUpdate) },
  responses: { 200: json('Updated', z.object({ item: WebhookEndpoint })), ...errorResponses(400, 401, 403, 404, 422) },
});

export const deleteWebhookRoute = createRoute({
  method: 'delete',
  path: '/webhooks/{endpointId}',
  tags: TAG,
  summary: 'Delete an endpoint with its delivery log',
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: { params: EndpointIdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});

export const listWebhookDeliveriesRoute = createRoute({
  method: 'get',
  path: '/webhooks/{endpointId}/deliveries',
  tags: TAG,
  summary: "An endpoint's deliveries, newest first, each with every attempt",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: EndpointIdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }) },
  responses: { 200: json('The newest deliveries', z.object({ items: z.array(WebhookDelivery) })), ...errorResponses(400, 401, 403, 404) },
});

export const replayWebhookDeliveryRoute = createRoute({
  method: 'post',
  path: '/webhooks/{endpointId}/deliveries/{deliveryId}/replay',
  tags: TAG,
  summary: 'Send a delivered or failed delivery again (same webhook-id), with the full retry back-off',
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: { params: DeliveryParams },
  responses: {
    202: json('Queued: pending again', z.object({ item: WebhookDelivery })),
    ...errorResponses(401, 403, 404, 409, 422),
  },
});
