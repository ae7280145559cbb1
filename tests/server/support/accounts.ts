/**
 * @module
 * Fixtures for the account tests: a tenant with its public page and colour, a customer with two
 * apartments, and four invoices on the first one (the proof accepts the last three).
 */
import type { TestDatabase } from './database.ts';
import { createTenant } from './test-app.ts';

export const PUBLIC_URL = 'https://portal.ogre.example/klientiem';
export const NEW_PASSWORD = 'Ozolu-Lapas-Rudenī-7';

export interface CustomerFixture {
  tenantId: string;
  customerId: string;
  premiseIds: [string, string];
  accountNumber: string;
  /** number and total_due, oldest first. */
  invoices: Array<{ number: string; total: string }>;
}

export async function createAccountsTenant(database: TestDatabase, slug: string, name = 'Ogres Namsaimnieks') {
  const tenant = await createTenant(database, slug, { name });
  return database.db
    .updateTable('tenants')
    .set({ settings: JSON.stringify({ publicUrl: `${PUBLIC_URL}/${slug}`, colors: { primary: '#0a5c8a' } }) })
    .where('id', '=', tenant.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCustomer(database: TestDatabase, tenantId: string, accountNumber: string, name = 'Anna Bērziņa'): Promise<CustomerFixture> {
  const customer = await database.db
    .insertInto('customers')
    .values({ tenant_id: tenantId, name, external_ref: `C-${accountNumber}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const building = await database.db
    .insertInto('buildings')
    .values({ tenant_id: tenantId, address: 'Malkalnes prospekts 3', city: 'Ogre' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const premiseIds: string[] = [];
  for (const [label, number] of [[`Malkalnes prospekts 3-${accountNumber.slice(-3)}`, accountNumber], [`Malkalnes prospekts 3-2${accountNumber.slice(-2)}`, `${accountNumber}9`]] as const) {
    const premise = await database.db
      .insertInto('premises')
      .values({ tenant_id: tenantId, building_id: building.id, customer_id: customer.id, label, account_number: number })
      .returning('id')
      .executeTakeFirstOrThrow();
    premiseIds.push(premise.id);
  }
  const invoices = [
    { number: `ON-2026-01-${accountNumber}`, total: '51.20', month: '01' },
    { number: `ON-2026-02-${accountNumber}`, total: '48.05', month: '02' },
    { number: `ON-2026-03-${accountNumber}`, total: '45.67', month: '03' },
    { number: `ON-2026-04-${accountNumber}`, total: '1234.50', month: '04' },
  ];
  for (const invoice of invoices) {
    await database.db
      .insertInto('invoices')
      .values({
        tenant_id: tenantId,
        premise_id: premiseIds[0]!,
        number: invoice.number,
        issue_date: `2026-${invoice.month}-05`,
        period: `2026-${invoice.month}`,
        due_date: `2026-${invoice.month}-25`,
        amount: invoice.total,
        total_due: invoice.total,
      })
      .execute();
  }
  return {
    tenantId,
    customerId: customer.id,
    premiseIds: premiseIds as [string, string],
    accountNumber,
    invoices: invoices.map(({ number, total }) => ({ number, total })),
  };
}

/** A registration body with a valid proof (the newest invoice). */
export function registration(customer: CustomerFixture, email: string, extra: Record<string, unknown> = {}) {
  const newest = customer.invoices[customer.invoices.length - 1]!;
  return {
    accountNumber: customer.accountNumber,
    invoiceNumber: newest.number,
    invoiceTotal: newest.total.replace('.', ','),
    email,
    password: NEW_PASSWORD,
    acceptTerms: true,
    ...extra,
  };
}
