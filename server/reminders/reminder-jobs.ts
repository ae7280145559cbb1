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
import { tenantPageUrl } from '../mail/layout.ts';
import { enqueueEmails } from '../mail/outbox.ts';
import { peopleDate, textsFor } from '../mail/templates.ts';
import { reminderEmail } from '../mail/unsubscribe.ts';
import { overridesOfPeriods } from '../admin/readings/reading-windows.repository.ts';
import { daysInMonth } from '../readings/civil-time.ts';
import { readingPolicy } from '../readings/tenant-policy.ts';
import { addMonths, formatPeriod, parsePeriod } from '../readings/window.ts';
import { localDate, localParts } from '../readings/civil-time.ts';
import { dueReminders, lastDayHourOf, type DueReminder, type ReminderKind } from './reminder-schedule.ts';
import { claimNotifications, reminderRecipients, type ReminderRecipient } from './reminders.repository.ts';
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
        if (await enqueueJob(db, { tenantId: tenant.id, kind: SEND_KIND, key: sendKey(tenant.id, reminder), payload: { ...payload } })) planned += 1;
      }
      // Verification reminders: once a local day, at the tenant's reminder hour.
      const { timeZone } = readingPolicy(tenant, logger);
      if (localParts(now.getTime(), timeZone).hour >= lastDayHourOf(tenant.settings)) {
        const key = verificationJobKey(tenant.id, localDate(now, timeZone));
        if (await enqueueJob(db, { tenantId: tenant.id, kind: VERIFICATION_KIND, key })) planned += 1;
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
    for (let batch = 0; batch < batchesPerRun; batch += 1) {
      const { count, last } = await database.withTenant(tenant.id, async (trx) => {
        const people = await reminderRecipients(trx, {
          tenantId: tenant.id, kind: payload.kind, period: payload.period, periodEnd, buildingId: payload.buildingId, otherBuildings, afterUserId: after, limit: batchSize,
        });
        const fresh = await claimNotifications(trx, tenant.id, payload.kind, payload.period, people.map((p) => p.userId));
        const messages = await Promise.all(people.filter((p) => fresh.has(p.userId)).map((person) => reminderMessage(tenant, person, reminder, now)));
        await enqueueEmails(trx, tenant.id, messages);
        return { count: messages.length, last: people.length === batchSize ? people.at(-1)!.userId : null };
      });
      queued += count;
      after = last;
      if (last === null) return { result: { queued: (Number(job.payload.queued) || 0) + queued } };
    }
    // More people than one run should take: go on in a fresh run, from where this one stopped.
    return { again: 0, payload: { ...payload, afterUserId: after, queued: (Number(job.payload.queued) || 0) + queued }, result: { queued } };
  };

  function reminderMessage(tenant: Tenant, person: ReminderRecipient, reminder: DueReminder, now: Date) {
    const premises = new Map<string, { label: string; meters: Array<{ kind: string; serialNumber: string; location: string }> }>();
    for (const meter of person.meters) {
      const premise = premises.get(meter.premiseId) ?? { label: meter.label, meters: [] };
      premise.meters.push({ kind: meter.kind, serialNumber: meter.serialNumber, location: meter.location });
      premises.set(meter.premiseId, premise);
    }
    const texts = textsFor(person.language);
    const params = { tenant: tenant.name, firstDay: peopleDate(reminder.window.firstDay), lastDay: peopleDate(reminder.window.lastDay), premises: [...premises.values()] };
    return reminderEmail({
      keys: options.keys,
      apiBaseUrl: options.apiBaseUrl,
      tenant,
      recipient: { userId: person.userId, email: person.email, name: person.name, language: person.language },
      category: 'readingReminders',
      template: `reminder_${reminder.kind}`,
      block: reminder.kind === 'window_open' ? texts.windowOpens(params) : texts.windowLastDay(params),
      actionUrl: tenantPageUrl(tenant, {}),
      now,
    });
  }

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
