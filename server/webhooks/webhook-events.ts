/**
 * @module
 * Events for the manager's webhooks. `queueWebhookEvent` is called by whatever causes an event,
 * in its transaction: for each enabled endpoint that asked for the event it inserts a delivery and
 * the `webhooks.deliver` job that sends it, so an event exists exactly when its change is
 * committed, and one slow or broken endpoint never holds up another.
 */
import { importedReadingPeriods } from '../admin/imports/readings.repository.ts';
import type { Tx } from '../db/database.ts';
import { enqueueJob } from '../jobs/jobs.repository.ts';
import { endpointsFor, insertDelivery } from './webhooks.repository.ts';

export const WEBHOOK_EVENT_TYPES = [
  'reading.submitted',
  'reading.corrected',
  'readings.imported',
  'premises.imported',
  'invoices.imported',
  'thread.message_created',
  'resident.registered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_KIND = 'webhooks.deliver';

/** `data` may be a function: built only when some endpoint wants the event (most tenants have none). */
export async function queueWebhookEvent(
  trx: Tx,
  tenantId: string,
  type: WebhookEventType,
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>),
  at: Date,
): Promise<number> {
  const endpoints = await endpointsFor(trx, tenantId, type);
  if (endpoints.length === 0) return 0;
  // The Standard Webhooks payload: the event's type, when it happened, and its data.
  const payload = JSON.stringify({ type, timestamp: at.toISOString(), data: typeof data === 'function' ? await data() : data });
  for (const endpoint of endpoints) {
    const { id } = await insertDelivery(trx, { tenant_id: tenantId, endpoint_id: endpoint.id, event_type: type, payload });
    await enqueueJob(trx, { tenantId, kind: WEBHOOK_DELIVERY_KIND, key: `${WEBHOOK_DELIVERY_KIND}:${id}`, payload: { deliveryId: id } });
  }
  return endpoints.length;
}

/** Premises as the billing system knows them: its own reference and the account number beside ours. */
export async function premisesForEvent(trx: Tx, premiseIds: string[]): Promise<Array<{ id: string; externalRef: string | null; accountNumber: string }>> {
  if (premiseIds.length === 0) return [];
  const rows = await trx.selectFrom('premises').select(['id', 'external_ref', 'account_number']).where('id', 'in', premiseIds).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, externalRef: row.external_ref, accountNumber: row.account_number }));
}

/** `thread.message_created`: a resident wrote (a new thread or a message in one) or the manager answered. */
export async function queueThreadMessageEvent(
  trx: Tx,
  tenantId: string,
  thread: { id: string; premise_id: string; subject: string; status: string },
  message: { id: string; authorKind: 'resident' | 'manager'; authorId: string | null; body: string; hasAttachment: boolean; newThread: boolean },
  now: Date,
): Promise<void> {
  await queueWebhookEvent(
    trx,
    tenantId,
    'thread.message_created',
    async () => {
      const [premise] = await premisesForEvent(trx, [thread.premise_id]);
      return {
        thread: { id: thread.id, subject: thread.subject, status: thread.status, premise: premise ?? { id: thread.premise_id, externalRef: null, accountNumber: null } },
        message: { id: message.id, authorKind: message.authorKind, authorId: message.authorId, body: message.body, hasAttachment: message.hasAttachment, newThread: message.newThread, createdAt: now.toISOString() },
      };
    },
    now,
  );
}

/** `resident.registered`: a resident confirmed a registration and owns these premises now. */
export async function queueResidentRegisteredEvent(
  trx: Tx,
  tenantId: string,
  user: { id: string; email: string; language: string },
  premiseIds: string[],
  now: Date,
): Promise<void> {
  await queueWebhookEvent(trx, tenantId, 'resident.registered', async () => ({ user, premises: await premisesForEvent(trx, premiseIds), registeredAt: now.toISOString() }), now);
}

/**
 * `readings.imported`: ONE event for a committed readings import, however many rows it had (a
 * file of a million readings must not queue a million deliveries): the import's id (also in its
 * audit entry), its counts, and each period it wrote with the export that fetches that period.
 * Called in the import's transaction after its rows are written; an import that created and
 * changed nothing (every row unchanged) is no event, as the same reading sent again is none.
 */
export async function queueReadingsImportedEvent(
  trx: Tx,
  tenant: { id: string; slug: string },
  outcome: { importId: string; rows: number; created: number; updated: number; unchanged: number },
  now: Date,
): Promise<void> {
  if (outcome.created + outcome.updated === 0) return;
  await queueWebhookEvent(
    trx,
    tenant.id,
    'readings.imported',
    async () => ({
      import: { id: outcome.importId, rows: outcome.rows, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, importedAt: now.toISOString() },
      periods: (await importedReadingPeriods(trx)).map(({ period, created, updated }) => ({
        period,
        created,
        updated,
        export: `/v1/${tenant.slug}/admin/readings/export?period=${period}`,
      })),
    }),
    now,
  );
}

/**
 * `premises.imported` and `invoices.imported`: ONE event for a committed premises or invoices
 * import, as `readings.imported` is for readings: the import's id (also in its audit entry), its
 * counts, and the counts per kind of record (`details`, as the import report gives them: for
 * premises the buildings, customers, premises, meters and grants; for invoices the invoices).
 * Called in the import's transaction; an import that created and changed nothing is no event.
 */
export async function queueImportedEvent(
  trx: Tx,
  tenant: { id: string },
  kind: 'premises' | 'invoices',
  outcome: { importId: string; rows: number; created: number; updated: number; unchanged: number; details: Record<string, { created: number; updated: number; unchanged: number }> },
  now: Date,
): Promise<void> {
  if (outcome.created + outcome.updated === 0) return;
  const details = Object.fromEntries(
    Object.entries(outcome.details).map(([name, counts]) => [name, { created: counts.created, updated: counts.updated, unchanged: counts.unchanged }]),
  );
  await queueWebhookEvent(
    trx,
    tenant.id,
    kind === 'premises' ? 'premises.imported' : 'invoices.imported',
    { import: { id: outcome.importId, rows: outcome.rows, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, importedAt: now.toISOString() }, details },
    now,
  );
}
