/**
 * @module
 * Demo-mode helpers for trying the account flows on a laptop: the outbox page (/demo/outbox, the
 * mail the file transport wrote) and /demo/registration-proof.json, which tells what a paper
 * invoice would: an account number with the number and total of its newest invoice, so a visitor
 * (or a browser test) can register. Mounted only in demo mode; both show data to anyone, which is
 * what a demo needs and what production must never do.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/context.ts';
import { demoOutboxRouter } from '../mail/demo-outbox.ts';

export function accountsDemoRouter(deps: AppDeps) {
  const router = new Hono<AppEnv>();
  if (deps.config.outboxDir) router.route('/', demoOutboxRouter(deps.config.outboxDir));

  router.get('/demo/registration-proof.json', async (c) => {
    const slug = c.req.query('tenant') ?? 'demo';
    const account = c.req.query('account');
    const tenant = await deps.database.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!tenant) return c.json({ error: { code: 'tenant_not_found', message: 'There is no such manager here.' } }, 404);
    const proof = await deps.database.withTenant(tenant.id, async (trx) => {
      let query = trx
        .selectFrom('invoices as i')
        .innerJoin('premises as p', 'p.id', 'i.premise_id')
        .select(['p.account_number', 'p.label', 'i.number', 'i.total_due'])
        .orderBy('p.label')
        .orderBy('i.issue_date', 'desc')
        .limit(1);
      if (account) query = query.where('p.account_number', '=', account);
      return query.executeTakeFirst();
    });
    if (!proof) return c.json({ error: { code: 'not_found', message: 'No invoices to prove anything with.' } }, 404);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'no-store');
    return c.json({
      tenant: slug,
      label: proof.label,
      accountNumber: proof.account_number,
      invoiceNumber: proof.number,
      invoiceTotal: proof.total_due,
    });
  });

  return router;
}
