/**
 * @module
 * The reading reminders as jobs (server/jobs/job-runner.ts).
 *
 * - `reminders.plan` — one recurring job for the deployment (every minute): for each tenant, asks
 *   reminder-schedule.ts which reminders are due now and queues a `reminders.send` job for each,
 *   keyed by tenant, period, kind, scope and due time, so planning it again every minute queues it
 *   once, and a window the manager moves gets new due times, hence new jobs.
 * - `reminders.verification` — planned once a local day per tenant at its reminder hour
 *   (verification-reminders.ts); `reminders.receipt` is queued by a submission (reading-receipt.ts).
 * - `reminders.send` — checks that its reminder is still due (the window may have moved since it
 *   was planned), then works through the people who still owe readings in batches: each batch in
 *   one tenant transaction takes the people's idempotency keys (`notifications`, one per person,
 *   period and kind) and queues their messages in the mail outbox. A run does a bounded number of
 *   batches and queues itself again to go on, so no run outlives its lease; a run killed midway
 *   is run again and finds the people it had done holding their keys.
 */
import type { TokenKeys } from '../auth/tokens.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import type { Logger } from '../http/logger.ts';
import type { ClaimedJob, JobHandler } from '../jobs/job-runner.ts';
import { enqueueJob, ensureRecurringJob } from '../jobs/jobs.repository.ts';
import { unsubscribeTokenSql } from '../mail/unsubscribe.ts';
import { overridesOfPeriods } from '../admin/readings/reading-windows.repository.ts';
import { daysInMonth } from '../readings/civil-time.ts';
import { readingPolicy } from '../readings/tenant-policy.ts';
import { addMonths, formatPeriod, parsePeriod } from '../readings/window.ts';
import { localDate, localParts } from '../readings/civil-time.ts';
import { dueReminders, lastDayHourOf, type DueReminder, type ReminderKind } from './reminder-schedule.ts';
import { queueReminders } from './reminders.repository.ts';
import { reminderTemplates } from './reminder-templates.ts';
import { readingReceiptHandlers } from './reading-receipt.ts';
import { VERIFICATION_KIND, verificationJobKey, verificationReminderHandlers } from './verification-reminders.ts';

export const PLAN_JOB = { kind: 'reminders.plan', key: 'reminders.plan' } as const;
const SEND_KIND = 'reminders.send';

export interface ReminderJobOptions {
  database: DatabaseHandle;
  keys: TokenKeys;
  /** The API's public origin, for the one-click unsubscribe URL. */
  apiBaseUrl: string;
  logger: Logger;
  /** How often the planner looks (seconds). */
  planEverySeconds?: number;
  /** People per transaction, and transactions per run of a send job. */
  batchSize?: number;
  batchesPerRun?: number;
}

interface SendPayload {
  period: string;
  kind: ReminderKind;
  buildingId: string | null;
  afterUserId?: string | null;
}

/** Periods whose overrides can put a window at `now`: a year back (a reopened period) to two ahead. */
function overridePeriods(now: Date, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  return Array.from({ length: 15 }, (_, i) => formatPeriod(addMonths(today, i - 12)));
}

async function dueForTenant(database: DatabaseHandle, tenant: Tenant, now: Date, logger: Logger): Promise<{ due: DueReminder[]; buildingOverrides: Map<string, string[]> }> {
  const policy = readingPolicy(tenant, logger);
  const overrides = await database.withTenant(tenant.id, (trx) => overridesOfPeriods(trx, tenant.id, overridePeriods(now, policy.timeZone)));
  const due = dueReminders({ rule: policy.rule, timeZone: policy.timeZone, lastDayHour: lastDayHourOf(tenant.settings) }, overrides, now);
  // Per period, the buildings that follow their own override (left out of the tenant's scope).
  const buildingOverrides = new Map<string, string[]>();
  for (const o of overrides) if (o.buildingId) buildingOverrides.set(o.period, [...(buildingOverrides.get(o.period) ?? []), o.buildingId]);
  return { due, buildingOverrides };
}

const sendKey = (tenantId: string, r: DueReminder) => `${SEND_KIND}:${tenantId}:${r.period}:${r.kind}:${r.buildingId ?? 'tenant'}:${r.dueAt.toISOString()}`;

export function reminderJobHandlers(options: ReminderJobOptions): Record<string, JobHandler> {
  const { database } = options;
  const db: Db = database.db;
  const planEvery = options.planEverySeconds ?? 60;
  const batchSize = options.batchSize ?? 500;
  const batchesPerRun = options.batchesPerRun ?? 10;

  const plan: JobHandler = async (_job, { now, logger }) => {
    const tenants = await db.selectFrom('tenants').selectAll().execute();
    let planned = 0;
    for (const tenant of tenants) {
      const { due } = await dueForTenant(database, tenant, now, logger);
      for (const reminder of due) {
        const payload: SendPayload = { period: reminder.period, kind: reminder.kind, buildingId: reminder.buildingId };
        if (await database.withSystem((trx) => enqueueJob(trx, { tenantId: tenant.id, kind: SEND_KIND, key: sendKey(tenant.id, reminder), payload: { ...payload } }))) planned += 1;
      }
      // Verification reminders: once a local day, at the tenant's reminder hour.
      const { timeZone } = readingPolicy(tenant, logger);
      if (localParts(now.getTime(), timeZone).hour >= lastDayHourOf(tenant.settings)) {
        const key = verificationJobKey(tenant.id, localDate(now, timeZone));
        if (await database.withSystem((trx) => enqueueJob(trx, { tenantId: tenant.id, kind: VERIFICATION_KIND, key }))) planned += 1;
      }
    }
    return { again: planEvery, result: { tenants: tenants.length, planned } };
  };

  const send: JobHandler = async (job: ClaimedJob, { now, logger }) => {
    const payload = job.payload as unknown as SendPayload;
    const tenant = await db.selectFrom('tenants').selectAll().where('id', '=', job.tenant_id!).executeTakeFirst();
    if (!tenant) return { result: { skipped: 'tenant_gone' } };
    const { due, buildingOverrides } = await dueForTenant(database, tenant, now, logger);
    const reminder = due.find((r) => r.period === payload.period && r.kind === payload.kind && r.buildingId === payload.buildingId);
    // Moved, closed, or overtaken by the last-day reminder since it was planned.
    if (!reminder) return { result: { skipped: 'no_longer_due' } };
    const month = parsePeriod(payload.period)!;
    const periodEnd = `${payload.period}-${String(daysInMonth(month.year, month.month)).padStart(2, '0')}`;
    const otherBuildings = payload.buildingId === null ? (buildingOverrides.get(payload.period) ?? []) : [];
    let after = payload.afterUserId ?? null;
    let queued = 0;
    // The message made once per language for the whole run; each batch is one statement that
    // finds the people, takes their keys and writes their messages (reminders.repository.ts).
    const made = reminderTemplates(tenant, reminder, options.apiBaseUrl);
    const token = (userId: Parameters<typeof unsubscribeTokenSql>[3]) => unsubscribeTokenSql(options.keys, { tenantId: tenant.id, category: 'readingReminders' }, now, userId);
    for (let batch = 0; batch < batchesPerRun; batch += 1) {
      const done = await database.withTenant(tenant.id, (trx) =>
        queueReminders(
          trx,
          { tenantId: tenant.id, kind: payload.kind, period: payload.period, periodEnd, buildingId: payload.buildingId, otherBuildings, now, afterUserId: after, limit: batchSize },
          made,
          token,
        ),
      );
      queued += done.queued;
      after = done.last;
      if (after === null) return { result: { queued: (Number(job.payload.queued) || 0) + queued } };
    }
    // More people than one run should take: go on in a fresh run, from where this one stopped.
    return { again: 0, payload: { ...payload, afterUserId: after, queued: (Number(job.payload.queued) || 0) + queued }, result: { queued } };
  };

  const { keys, apiBaseUrl, logger } = options;
  return {
    [PLAN_JOB.kind]: plan,
    [SEND_KIND]: send,
    ...readingReceiptHandlers({ database, keys, apiBaseUrl, logger }),
    ...verificationReminderHandlers({ database, keys, apiBaseUrl, logger }),
  };
}

/** Puts the planner in the table (each instance at start; one row whatever their number). */
export const ensureReminderPlanner = (db: Db) => ensureRecurringJob(db, PLAN_JOB);
