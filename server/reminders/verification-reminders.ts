/**
 * @module
 * Meter verification reminders: a water meter past its verification date takes no readings
 * (server/readings/verification.ts), so the people who submit its readings are told twice before
 * that date — at the tenant's `verificationReminderDays` (default 60) and at half of it (30) —
 * once each, so they can book the replacement in time.
 *
 * The reminder planner (reminder-jobs.ts) queues one `reminders.verification` job per tenant and
 * local day, at the tenant's reminder hour. The job finds each (person, meter) whose date is
 * within a threshold and takes the key (person, 'verification', "<meter>:<date>:<threshold>"): a
 * meter first seen with 20 days left gets only the 30-day reminder, and a date the manager moves
 * makes a new occasion. Each person gets one email a day listing their meters.
 */
import { sql } from 'kysely';
import type { TokenKeys } from '../auth/tokens.ts';
import type { DatabaseHandle, Tx } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import type { Logger } from '../http/logger.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { tenantPageUrl, type Language } from '../mail/layout.ts';
import { enqueueEmails } from '../mail/outbox.ts';
import { peopleDate, textsFor } from '../mail/templates.ts';
import { reminderEmail } from '../mail/unsubscribe.ts';
import { addDays, daysBetween, formatDate, localDate, parseDate, type CivilDate } from '../readings/civil-time.ts';
import { readingPolicy } from '../readings/tenant-policy.ts';

export const VERIFICATION_KIND = 'reminders.verification';

/** The two reminder distances in days, larger first: the tenant's setting and half of it (60 → 60, 30). */
export function verificationThresholds(reminderDays: number): number[] {
  const first = Math.max(1, Math.round(reminderDays));
  return [...new Set([first, Math.max(1, Math.ceil(first / 2))])];
}

/**
 * Which reminder a meter with `daysLeft` days to its date is due for: the smallest threshold not
 * below daysLeft; none past the date or beyond the first threshold. Pure.
 */
export function verificationThresholdFor(daysLeft: number, thresholds: readonly number[]): number | undefined {
  if (daysLeft < 0) return undefined;
  return [...thresholds].sort((a, b) => a - b).find((t) => daysLeft <= t);
}

export const verificationJobKey = (tenantId: string, today: CivilDate) => `${VERIFICATION_KIND}:${tenantId}:${formatDate(today)}`;

interface DueMeterRow {
  user_id: string;
  email: string;
  name: string;
  language: Language;
  meter_id: string;
  verification_due: string | Date;
  kind: string;
  serial_number: string;
  location: string;
  label: string;
}

const isoDate = (value: string | Date) => (typeof value === 'string' ? value.slice(0, 10) : formatDate({ year: value.getFullYear(), month: value.getMonth() + 1, day: value.getDate() }));

/** (person, meter) pairs whose meter's date is between today and today + days, for people who submit its readings. */
async function dueMeters(trx: Tx, tenantId: string, today: CivilDate, days: number, now: Date): Promise<DueMeterRow[]> {
  const { rows } = await sql<DueMeterRow>`
    select u.id as user_id, u.email, u.name, u.language, m.id as meter_id, m.verification_due,
           m.kind, m.serial_number, m.location, p.label
    from meters m
    join premises p on p.id = m.premise_id
    join grants g on g.premise_id = p.id and g.tenant_id = ${tenantId}
    join users u on u.id = g.user_id
    where m.tenant_id = ${tenantId}
      and m.verification_due between ${formatDate(today)} and ${formatDate(addDays(today, days))}
      and (m.removed_at is null or m.removed_at > ${formatDate(today)})
      and (g.role in ('owner', 'proxy') or 'readings' = any(g.rights))
      and (g.expires_at is null or g.expires_at > ${now})
      and u.status = 'active' and u.email not like '%.invalid'
      and coalesce(u.email_preferences ->> 'readingReminders', 'true') <> 'false'
    order by u.id, p.label, m.kind, m.serial_number
    limit 20000`.execute(trx);
  return rows;
}

/** Takes the keys of (person, occasion) pairs; answers the pairs whose key was free. */
async function claimPairs(trx: Tx, tenantId: string, pairs: ReadonlyArray<{ userId: string; occasion: string }>): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await trx
    .insertInto('notifications')
    .values(pairs.map((p) => ({ tenant_id: tenantId, user_id: p.userId, kind: 'verification' as const, occasion: p.occasion })))
    .onConflict((oc) => oc.doNothing())
    .returning(['user_id', 'occasion'])
    .execute();
  return new Set(rows.map((r) => `${r.user_id}|${r.occasion}`));
}

export function verificationReminderHandlers(options: { database: DatabaseHandle; keys: TokenKeys; apiBaseUrl: string; logger: Logger }): Record<string, JobHandler> {
  const send: JobHandler = async (job, { now }) => {
    const tenantId = job.tenant_id!;
    const tenant = (await options.database.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst()) as Tenant | undefined;
    if (!tenant) return { result: { skipped: 'tenant_gone' } };
    const policy = readingPolicy(tenant, options.logger);
    const today = localDate(now, policy.timeZone);
    const thresholds = verificationThresholds(policy.settings.verificationReminderDays);
    const queued = await options.database.withTenant(tenantId, async (trx) => {
      const rows = await dueMeters(trx, tenantId, today, Math.max(...thresholds), now);
      const pairs = rows.flatMap((row) => {
        const due = isoDate(row.verification_due);
        const threshold = verificationThresholdFor(daysBetween(today, parseDate(due)!), thresholds);
        return threshold === undefined ? [] : [{ row, due, userId: row.user_id, occasion: `${row.meter_id}:${due}:${threshold}` }];
      });
      const fresh = await claimPairs(trx, tenantId, pairs);
      const perPerson = new Map<string, typeof pairs>();
      for (const pair of pairs) {
        if (!fresh.has(`${pair.userId}|${pair.occasion}`)) continue;
        perPerson.set(pair.userId, [...(perPerson.get(pair.userId) ?? []), pair]);
      }
      const messages = await Promise.all(
        [...perPerson.values()].map((owned) => {
          const { row } = owned[0]!;
          return reminderEmail({
            keys: options.keys,
            apiBaseUrl: options.apiBaseUrl,
            tenant,
            recipient: { userId: row.user_id, email: row.email, name: row.name, language: row.language },
            category: 'readingReminders',
            template: 'reminder_verification',
            block: textsFor(row.language).verificationDue({
              tenant: tenant.name,
              meters: owned.map(({ row: m, due }) => ({ premise: m.label, kind: m.kind, serialNumber: m.serial_number, location: m.location, dueDate: peopleDate(due) })),
            }),
            actionUrl: tenantPageUrl(tenant, {}),
            now,
          });
        }),
      );
      await enqueueEmails(trx, tenantId, messages);
      return messages.length;
    });
    return { result: { queued } };
  };
  return { [VERIFICATION_KIND]: send };
}
