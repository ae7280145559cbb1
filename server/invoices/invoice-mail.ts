/**
 * @module
 * Invoices by email ("Vēlos saņemt rēķinus uz norādīto e-pastu"): when the manager creates an
 * invoice, the admin route queues an `invoices.email` job in the same transaction; the job sends
 * the invoice, its PDF attached and the payment details in the text, to each person who may see
 * the premise's invoices (owner, proxy, member with the `invoices` right; not on an expired grant) and turned the
 * preference on. One message per person and invoice: the `notifications` key (person, 'invoice',
 * invoice id) is taken in the transaction that queues the message, so a job run again sends
 * nothing twice. Unsubscribing (one click) turns the preference off.
 */
import { sql } from 'kysely';
import type { TokenKeys } from '../auth/tokens.ts';
import type { DatabaseHandle, Tx } from '../db/database.ts';
import type { Language } from '../mail/layout.ts';
import { tenantPageUrl } from '../mail/layout.ts';
import { enqueueEmails } from '../mail/outbox.ts';
import { peopleDate, textsFor } from '../mail/templates.ts';
import { reminderEmail } from '../mail/unsubscribe.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { enqueueJob } from '../jobs/jobs.repository.ts';
import { claimNotifications } from '../reminders/reminders.repository.ts';
import { amountToPay } from './invoice-status.ts';
import { bankDetailsFrom } from './payment-details.ts';

export const INVOICE_MAIL_KIND = 'invoices.email';

/** Called by whatever creates an invoice, in its transaction. */
export const queueInvoiceMail = (trx: Tx, tenantId: string, invoiceId: string) =>
  enqueueJob(trx, { tenantId, kind: INVOICE_MAIL_KIND, key: `${INVOICE_MAIL_KIND}:${invoiceId}`, payload: { invoiceId } });

interface InvoiceForMail {
  id: string;
  number: string;
  period: string;
  due_date: string;
  total_due: string;
  paid_amount: string;
  file_id: string | null;
  label: string;
}

interface Reader {
  user_id: string;
  email: string;
  name: string;
  language: Language;
}

async function invoiceAndReaders(trx: Tx, tenantId: string, invoiceId: string, now: Date): Promise<{ invoice?: InvoiceForMail; readers: Reader[] }> {
  const invoice = await trx
    .selectFrom('invoices as i')
    .innerJoin('premises as p', 'p.id', 'i.premise_id')
    .select(['i.id', 'i.number', 'i.period', 'i.due_date', 'i.total_due', 'i.paid_amount', 'i.file_id', 'p.label', 'i.premise_id'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) return { readers: [] };
  const { rows } = await sql<Reader>`
    select u.id as user_id, u.email, u.name, u.language
    from grants g join users u on u.id = g.user_id
    where g.tenant_id = ${tenantId} and g.premise_id = ${invoice.premise_id}
      and (g.role in ('owner', 'proxy') or 'invoices' = any(g.rights))
      and (g.expires_at is null or g.expires_at > ${now})
      and u.status = 'active' and u.email_preferences ->> 'invoicesByEmail' = 'true'
    order by u.id`.execute(trx);
  return { invoice, readers: rows };
}

export function invoiceMailHandlers(options: { database: DatabaseHandle; keys: TokenKeys; apiBaseUrl: string }): Record<string, JobHandler> {
  const send: JobHandler = async (job, { now }) => {
    const tenantId = job.tenant_id!;
    const invoiceId = String(job.payload.invoiceId);
    const tenant = await options.database.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
    if (!tenant) return { result: { skipped: 'tenant_gone' } };
    const queued = await options.database.withTenant(tenantId, async (trx) => {
      const { invoice, readers } = await invoiceAndReaders(trx, tenantId, invoiceId, now);
      if (!invoice) return 0;
      const fresh = await claimNotifications(trx, tenantId, 'invoice', invoice.id, readers.map((r) => r.user_id));
      const toPay = amountToPay({ totalDue: invoice.total_due, paidAmount: invoice.paid_amount });
      const bank = bankDetailsFrom(tenant.settings);
      const messages = await Promise.all(
        readers
          .filter((r) => fresh.has(r.user_id))
          .map(async (reader) => ({
            ...(await reminderEmail({
              keys: options.keys,
              apiBaseUrl: options.apiBaseUrl,
              tenant,
              recipient: { userId: reader.user_id, email: reader.email, name: reader.name, language: reader.language },
              category: 'invoicesByEmail',
              template: 'invoice_new',
              block: textsFor(reader.language).newInvoice({
                tenant: tenant.name,
                number: invoice.number,
                period: peopleDate(invoice.period),
                premise: invoice.label,
                amountToPay: toPay,
                dueDate: peopleDate(invoice.due_date),
                payment: bank && Number(toPay) > 0 ? { recipient: bank.recipient, iban: bank.iban, reference: invoice.number } : null,
              }),
              actionUrl: tenantPageUrl(tenant, {}),
              now,
            })),
            attachmentFileId: invoice.file_id,
          })),
      );
      await enqueueEmails(trx, tenantId, messages);
      return messages.length;
    });
    return { result: { queued } };
  };
  return { [INVOICE_MAIL_KIND]: send };
}
