/**
 * @module
 * The reading receipt ("no confirmation" was the complaint): after a resident submits a reading,
 * if they chose receipts (`readingReceipts`, off unless chosen), an email confirms the meter, the
 * value and the time it was received, in their language.
 *
 * The submission queues a `reminders.receipt` job in its own transaction, and only for a person
 * who chose receipts (one INSERT … SELECT that inserts nothing otherwise), so a submission that is
 * rolled back sends nothing and a submission by someone who did not choose costs one index probe.
 * The job renders and queues the email with its idempotency key (person, 'receipt', reading id) in
 * one transaction, so a job run again (after kill -9) queues nothing twice. A correction is a new
 * reading version, hence a new receipt that says it is a correction.
 */
import { sql } from 'kysely';
import type { TokenKeys } from '../auth/tokens.ts';
import type { DatabaseHandle, Tx } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { tenantPageUrl, type Language } from '../mail/layout.ts';
import { enqueueEmails } from '../mail/outbox.ts';
import { textsFor } from '../mail/templates.ts';
import { reminderEmail } from '../mail/unsubscribe.ts';
import { localParts } from '../readings/civil-time.ts';
import { formatQuantity, toQuantity } from '../readings/reading-value.ts';
import { readingPolicy } from '../readings/tenant-policy.ts';
import type { Logger } from '../http/logger.ts';
import { claimNotifications } from './reminders.repository.ts';

export const RECEIPT_KIND = 'reminders.receipt';

/**
 * Called by submitReading in the resident's transaction: queues the receipt job when the person
 * chose receipts and has an address that receives mail.
 */
export async function queueReadingReceipt(trx: Tx, input: { tenantId: string; readingId: string; userId: string }): Promise<void> {
  await sql`insert into jobs (tenant_id, kind, key, payload)
            select ${input.tenantId}, ${RECEIPT_KIND}, ${`${RECEIPT_KIND}:${input.readingId}`}, ${JSON.stringify({ readingId: input.readingId })}::jsonb
            from users u
            where u.id = ${input.userId} and u.tenant_id = ${input.tenantId}
              and u.email_preferences ->> 'readingReceipts' = 'true' and u.email not like '%.invalid'
            on conflict (key) do nothing`.execute(trx);
}

interface ReceiptRow {
  user_id: string;
  email: string;
  name: string;
  language: Language;
  status: string;
  wants: boolean;
  period: string;
  value: string;
  version: number;
  submitted_at: Date;
  kind: string;
  serial_number: string;
  location: string;
  unit: string;
  decimals: number;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "30.05.2026 14:03" in the tenant's zone. */
export function peopleTime(instant: Date, timeZone: string): string {
  const p = localParts(instant.getTime(), timeZone);
  return `${pad(p.day)}.${pad(p.month)}.${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Latvian and Russian write decimals with a comma, as the widgets accept and show them. */
export const peopleNumber = (value: string, language: Language) => (language === 'en' ? value : value.replace('.', ','));

export function readingReceiptHandlers(options: { database: DatabaseHandle; keys: TokenKeys; apiBaseUrl: string; logger: Logger }): Record<string, JobHandler> {
  const send: JobHandler = async (job, { now }) => {
    const tenantId = job.tenant_id!;
    const readingId = String(job.payload.readingId);
    const tenant = await options.database.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
    if (!tenant) return { result: { skipped: 'tenant_gone' } };
    const { timeZone } = readingPolicy(tenant, options.logger);
    const queued = await options.database.withTenant(tenantId, async (trx) => {
      const { rows } = await sql<ReceiptRow>`
        select u.id as user_id, u.email, u.name, u.language, u.status,
               coalesce(u.email_preferences ->> 'readingReceipts', 'false') = 'true' as wants,
               r.period, r.value::text as value, r.version, r.submitted_at,
               m.kind, m.serial_number, m.location, m.unit, m.decimals, p.label
        from readings r
        join meters m on m.id = r.meter_id and m.tenant_id = r.tenant_id
        join premises p on p.id = m.premise_id
        join users u on u.id = r.submitted_by
        where r.tenant_id = ${tenantId} and r.id = ${readingId}`.execute(trx);
      const row = rows[0];
      // Gone, turned off since, or an account that cannot receive mail: nothing to confirm.
      if (!row || !row.wants || row.status !== 'active' || row.email.endsWith('.invalid')) return 0;
      const fresh = await claimNotifications(trx, tenantId, 'receipt', readingId, [row.user_id]);
      if (!fresh.has(row.user_id)) return 0;
      const language = row.language;
      const message = await reminderEmail({
        keys: options.keys,
        apiBaseUrl: options.apiBaseUrl,
        tenant,
        recipient: { userId: row.user_id, email: row.email, name: row.name, language },
        category: 'readingReceipts',
        template: 'reading_receipt',
        block: textsFor(language).readingReceipt({
          tenant: tenant.name,
          premise: row.label,
          meter: { kind: row.kind, serialNumber: row.serial_number, location: row.location },
          period: row.period.split('-').reverse().join('.'),
          value: peopleNumber(formatQuantity(toQuantity(row.value), row.decimals), language),
          unit: row.unit,
          receivedAt: peopleTime(new Date(row.submitted_at), timeZone),
          corrected: row.version > 1,
        }),
        actionUrl: tenantPageUrl(tenant, {}),
        now,
      });
      await enqueueEmails(trx, tenantId, [message]);
      return 1;
    });
    return { result: { queued } };
  };
  return { [RECEIPT_KIND]: send };
}
