/**
 * @module
 * Webhook endpoints, deliveries (migration 0070) and each delivery's attempts (0084) in the
 * database. Plain functions taking the tenant's transaction; queuing an event takes the
 * transaction of the change that causes it.
 */
import { sql } from 'kysely';
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
  replays: number;
}

export interface AttemptRow {
  delivery_id: string;
  attempted_at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  replay: boolean;
}

export const listEndpoints = (trx: Tx, tenantId: string) =>
  trx.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute() as Promise<EndpointRow[]>;

export const findEndpoint = (trx: Tx, tenantId: string, id: string) =>
  trx.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst() as Promise<EndpointRow | undefined>;

export const insertEndpoint = (
  trx: Tx,
  row: { id: string; tenant_id: string; url: string; events: string[]; secret_encrypted: string; description: string | null; created_at: Date; updated_at: Date },
) => trx.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow() as Promise<EndpointRow>;

export const updateEndpoint = (trx: Tx, tenantId: string, id: string, change: { enabled?: boolean; url?: string; events?: string[]; description?: string | null }, now: Date) =>
  trx
    .updateTable('webhook_endpoints')
    .set({ ...change, updated_at: now })
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

const DELIVERY_COLUMNS = ['id', 'endpoint_id', 'event_type', 'payload', 'status', 'attempts', 'last_status_code', 'last_error', 'last_attempt_at', 'created_at', 'delivered_at', 'replays'] as const;

export const findDelivery = (trx: Tx, tenantId: string, endpointId: string, deliveryId: string) =>
  trx
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst() as Promise<DeliveryRow | undefined>;

/** Every attempt of these deliveries, oldest first. */
export async function attemptsOf(trx: Tx, tenantId: string, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return trx
    .selectFrom('webhook_attempts')
    .select(['delivery_id', 'attempted_at', 'status_code', 'error', 'duration_ms', 'replay'])
    .where('tenant_id', '=', tenantId)
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('delivery_id')
    .orderBy('attempted_at')
    .orderBy('id')
    .execute();
}

/** A delivery sent again by hand: pending again, its next attempts marked as a replay's. */
export const markReplay = (trx: Tx, tenantId: string, deliveryId: string) =>
  trx
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'pending' as const, replays: eb('replays', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .where('status', '<>', 'pending')
    .returning('replays')
    .executeTakeFirst();

export const listDeliveries = (trx: Tx, tenantId: string, endpointId: string, limit: number) =>
  trx
    .selectFrom('webhook_deliveries')
    .select(DELIVERY_COLUMNS)
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
    .select(['d.id', 'd.status', 'd.payload', 'd.created_at', 'd.replays', 'e.id as endpoint_id', 'e.url', 'e.enabled', 'e.secret_encrypted'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();

/** The deliveries of a batch and where each goes, in one statement (the endpoint read with them). */
export const deliveriesToSend = (trx: Tx, tenantId: string, deliveryIds: string[]) =>
  trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.status', 'd.payload', 'd.created_at', 'd.replays', 'e.id as endpoint_id', 'e.url', 'e.enabled', 'e.secret_encrypted'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', 'in', deliveryIds)
    .execute();

export interface NewAttempt {
  deliveryId: string;
  status: DeliveryRow['status'];
  statusCode: number | null;
  error: string | null;
  at: Date;
  durationMs: number;
  replay: boolean;
}

/**
 * The attempts of a batch, in one statement: each its own row, and each delivery's summary
 * (status, count, last result), as recordAttempt does for one. The rows go in as one JSON
 * parameter (one statement text whatever the batch's size); `id = any(array(…))` makes the
 * deliveries looked up by their key (the planner guesses 100 rows for a JSON set and would
 * otherwise scan the tenant). A delivery deleted meanwhile (its endpoint was) is left out.
 */
export async function recordAttempts(trx: Tx, tenantId: string, attempts: NewAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const rows = JSON.stringify(
    attempts.map((a) => ({ delivery_id: a.deliveryId, status: a.status, status_code: a.statusCode, error: a.error, at: a.at.toISOString(), duration_ms: a.durationMs, replay: a.replay })),
  );
  await sql`
    with v as (
      select * from jsonb_to_recordset(${rows}::jsonb)
        as v(delivery_id uuid, status text, status_code integer, error text, at timestamptz, duration_ms integer, replay boolean)),
    attempt as (
      insert into webhook_attempts (tenant_id, delivery_id, attempted_at, status_code, error, duration_ms, replay)
      select ${tenantId}::uuid, v.delivery_id, v.at, v.status_code, v.error, v.duration_ms, v.replay
        from v join webhook_deliveries k on k.id = v.delivery_id
       where k.tenant_id = ${tenantId}::uuid and k.id = any(array(select delivery_id from v)))
    update webhook_deliveries d
       set attempts = d.attempts + 1, status = v.status, last_status_code = v.status_code, last_error = v.error,
           last_attempt_at = v.at, delivered_at = case when v.status = 'delivered' then v.at else d.delivered_at end
      from v
     where d.tenant_id = ${tenantId}::uuid and d.id = any(array(select delivery_id from v)) and d.id = v.delivery_id`.execute(trx);
}

/** One attempt: its own row, and the delivery's summary (status, count, last result). */
export async function recordAttempt(
  trx: Tx,
  tenantId: string,
  deliveryId: string,
  attempt: { status: DeliveryRow['status']; statusCode: number | null; error: string | null; at: Date; durationMs: number; replay: boolean },
): Promise<void> {
  await trx
    .insertInto('webhook_attempts')
    .values({ tenant_id: tenantId, delivery_id: deliveryId, attempted_at: attempt.at, status_code: attempt.statusCode, error: attempt.error, duration_ms: attempt.durationMs, replay: attempt.replay })
    .execute();
  await trx
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
}
