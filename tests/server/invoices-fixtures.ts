import type { Tx } from '../../server/db/database.ts';
import { fileStores, type FileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
import { storeFile, withFileChanges } from '../../server/files/stored-files.ts';
/**
 * @module
 * Invoice fixtures for the invoices tests: bank settings on a tenant, and invoices with lines and
 * an optional stored PDF, written through the owner's connection like a billing import would.
 */
import type { TestDatabase } from './support/database.ts';

export const BANK = {
  recipient: 'SIA "Ogres Namsaimnieks"',
  iban: 'LV80 BANK 0000 4351 9500 1',
  registrationNumber: '40003012345',
  bankName: 'Demo Banka',
};

export async function setBankDetails(database: TestDatabase, tenantId: string, bank: Record<string, unknown> = BANK) {
  await database.db.updateTable('tenants').set({ settings: JSON.stringify({ bank }) }).where('id', '=', tenantId).execute();
}

export interface InvoiceFixture {
  number: string;
  issueDate: string;
  period?: string;
  dueDate?: string;
  amount?: string;
  balanceCarried?: string;
  totalDue?: string;
  paidAmount?: string;
  pdf?: Uint8Array;
  fileName?: string;
}

/** `files`: the test app's stores (deps.files), so the PDF lands where the app reads it. */
export async function insertInvoice(database: TestDatabase, tenantId: string, premiseId: string, fixture: InvoiceFixture, files?: FileStores) {
  const amount = fixture.amount ?? '50.00';
  const balance = fixture.balanceCarried ?? '0.00';
  let fileId: string | null = null;
  if (fixture.pdf) {
    const pdf = fixture.pdf;
    const stores = files ?? fileStores(postgresFileStore(database));
    const stored = await withFileChanges(stores, (changes) =>
      storeFile(database.db as unknown as Tx, changes, tenantId, { fileName: fixture.fileName ?? `Rēķins ${fixture.number}.pdf`, contentType: 'application/pdf', body: pdf }),
    );
    fileId = stored.id;
  }
  const invoice = await database.db
    .insertInto('invoices')
    .values({
      tenant_id: tenantId,
      premise_id: premiseId,
      number: fixture.number,
      issue_date: fixture.issueDate,
      period: fixture.period ?? fixture.issueDate.slice(0, 7),
      due_date: fixture.dueDate ?? `${fixture.issueDate.slice(0, 7)}-28`,
      amount,
      balance_carried: balance,
      total_due: fixture.totalDue ?? (Number(amount) + Number(balance)).toFixed(2),
      paid_amount: fixture.paidAmount ?? '0.00',
      file_id: fileId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return invoice;
}

export async function insertLines(database: TestDatabase, tenantId: string, invoiceId: string, lines: Array<{ service: string; quantity: string; unit: string; unitPrice: string; sum: string }>) {
  await database.db
    .insertInto('invoice_lines')
    .values(lines.map((l, i) => ({ tenant_id: tenantId, invoice_id: invoiceId, position: i + 1, service: l.service, quantity: l.quantity, unit: l.unit, unit_price: l.unitPrice, sum: l.sum })))
    .execute();
}

/** A small but real PDF: what the endpoint streams must equal these bytes exactly. */
export function tinyPdf(label: string): Uint8Array {
  const body = `%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return new Uint8Array([...new TextEncoder().encode(body), 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]);
}
