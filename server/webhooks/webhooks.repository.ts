/**
 * @module
 * Webhook endpoints and deliveries in the database (migration 0070). Plain functions taking the
 * tenant's transaction; queuing an event takes the transaction of the change that causes it.
 */
import type { Tx } from '../db/database.ts';
import type { WebhookEventType } from './webhook-events.ts';

export interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  events: string[];
  secret_encrypted: string;
  enabled: boolean;
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_type: string;
  payload: Record<string, unknown> | string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

export const listEndpoints = (trx: Tx, tenantId: string) =>
  trx.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute() as Promise<EndpointRow[]>;

export const findEndpoint = (trx: Tx, tenantId: string, id: string) =>
  trx.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst() as Promise<EndpointRow | undefined>;

export const insertEndpoint = (
  trx: Tx,
  row: { id: string; tenant_id: string; url: string; events: string[]; secret_encrypted: string; description: string | null; created_at: Date; updated_at: Date },
) => trx.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow() as Promise<EndpointRow>;

export const setEndpointEnabled = (trx: Tx, tenantId: string, id: string, enabled: boolean, now: Date) =>
  trx
    .updateTable('webhook_endpoints')
    .set({ enabled, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst() as Promise<EndpointRow | undefined>;

export async function deleteEndpoint(trx: Tx, tenantId: string, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return (result.numDeletedRows ?? 0n) > 0n;
}

/** The enabled endpoints that asked for this event. Few per tenant: filtered after the tenant's index. */
export async function endpointsFor(trx: Tx, tenantId: string, type: WebhookEventType): Promise<Array<{ id: string }>> {
  const rows = await trx.selectFrom('webhook_endpoints').select(['id', 'events', 'enabled']).where('tenant_id', '=', tenantId).execute();
  return rows.filter((row) => row.enabled && row.events.includes(type)).map(({ id }) => ({ id }));
}

export const insertDelivery = (trx: Tx, row: { tenant_id: string; endpoint_id: string; event_type: string; payload: string }) =>
  trx.insertInto('webhook_deliveries').values(row).returning('id').executeTakeFirstOrThrow();

export const listDeliveries = (trx: Tx, tenantId: string, endpointId: string, limit: number) =>
  trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'endpoint_id', 'event_type', 'payload', 'status', 'attempts', 'last_status_code', 'last_error', 'last_attempt_at', 'created_at', 'delivered_at'])
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute() as Promise<DeliveryRow[]>;

/** The delivery and where it goes, for the delivery job. */
export const deliveryToSend = (trx: Tx, tenantId: string, deliveryId: string) =>
  trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.status', 'd.payload', 'd.created_at', 'e.id as endpoint_id', 'e.url', 'e.enabled', 'e.secret_encrypted'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();

export const recordAttempt = (
  trx: Tx,
  tenantId: string,
  deliveryId: string,
  attempt: { status: DeliveryRow['status']; statusCode: number | null; error: string | null; at: Date },
) =>
  trx
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      status: attempt.status,
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
      last_attempt_at: attempt.at,
      ...(attempt.status === 'delivered' ? { delivered_at: attempt.at } : {}),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .execute();
