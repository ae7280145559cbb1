/**
 * Junk into the manager's content forms — any JSON in the JSON part, near-misses of a valid
 * invoice, notice and document — never answers a 5xx and never leaves half a write behind.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAdminTenant, type AdminTenant } from './support/admin.ts';
import { adminForm, premisesWithRefs } from './support/admin-content.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-1']);
});
afterAll(() => ctx.close());

const junkValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '0000-01-01', '9999-12-31', '2026-02-29', '1e308', '-0', '99999999999.99', '2026-05-20T10:00:00Z', '0000-01-01T00:00:00Z', 'P-1', 'B-1', 'NOPE', 'urgent', 'premises'),
  fc.array(fc.oneof(fc.string(), fc.constantFrom('P-1', 'B-1', 'NOPE')), { maxLength: 3 }),
);

const valid = {
  invoice: { premiseRef: 'P-1', issueDate: '2026-05-08', period: '2026-04', dueDate: '2026-05-31', amount: '10.00', lines: [{ service: 'S', quantity: '1', unitPrice: '10', sum: '10.00' }] },
  notice: { title: 'T', body: 'B', kind: 'urgent', audience: 'premises', premiseRefs: ['P-1'], expiresAt: '2026-06-01T00:00:00Z' },
  document: { buildingRef: 'B-1', category: 'report', title: 'T', date: '2026-05-01' },
} as const;

const routes = { invoice: ['PUT', '/invoices/J-1'], notice: ['PUT', '/notices/J-1'], document: ['PUT', '/documents/J-1'] } as const;

test.each(Object.keys(routes) as (keyof typeof routes)[])('%s: one field of a valid body turned to junk, or any JSON at all', async (part) => {
  const [method, path] = routes[part];
  const base = valid[part] as Record<string, unknown>;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.record({ field: fc.constantFrom(...Object.keys(base), 'surprise'), value: junkValue }).map(({ field, value }) => JSON.stringify({ ...base, [field]: value })),
        fc.json(),
      ),
      async (text) => {
        const response = await adminForm(ctx, ogre, ogre.key, method, path, { [part]: text });
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          expect(typeof (await response.json()).error.code).toBe('string');
        }
        // Whatever happened, the thing is whole: an invoice written has exactly the lines sent.
        if (part === 'invoice' && response.status < 300) {
          const lines = await ctx.database.db.selectFrom('invoice_lines as l').innerJoin('invoices as i', 'i.id', 'l.invoice_id').select('l.id').where('i.number', '=', 'J-1').execute();
          expect(lines.length).toBe((JSON.parse(text) as { lines?: unknown[] }).lines?.length ?? 0);
        }
      },
    ),
    { numRuns: 40 },
  );
});
