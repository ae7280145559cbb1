/**
 * @module
 * Events for the manager's webhooks. `queueWebhookEvent` is called by whatever causes an event,
 * in its transaction: for each enabled endpoint that asked for the event it inserts a delivery and
 * the `webhooks.deliver` job that sends it, so an event exists exactly when its change is
 * committed, and one slow or broken endpoint never holds up another.
 */
import type { Tx } from '../db/database.ts';
import { enqueueJob } from '../jobs/jobs.repository.ts';
import { endpointsFor, insertDelivery } from './webhooks.repository.ts';

export const WEBHOOK_EVENT_TYPES = ['reading.submitted', 'reading.corrected'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_KIND = 'webhooks.deliver';

export async function queueWebhookEvent(trx: Tx, tenantId: string, type: WebhookEventType, data: Record<string, unknown>, at: Date): Promise<number> {
  const endpoints = await endpointsFor(trx, tenantId, type);
  // The Standard Webhooks payload: the event's type, when it happened, and its data.
  const payload = JSON.stringify({ type, timestamp: at.toISOString(), data });
  for (const endpoint of endpoints) {
    const { id } = await insertDelivery(trx, { tenant_id: tenantId, endpoint_id: endpoint.id, event_type: type, payload });
    await enqueueJob(trx, { tenantId, kind: WEBHOOK_DELIVERY_KIND, key: `${WEBHOOK_DELIVERY_KIND}:${id}`, payload: { deliveryId: id } });
  }
  return endpoints.length;
}
