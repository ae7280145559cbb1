/**
 * The demo at a frozen moment, as README shows it: `DOORSTEP_NOW=2026-05-30T10:00:00+03:00 npm start`
 * and the page at `?now=2026-05-30T10:00` (the widgets send that moment as X-Doorstep-Now). The
 * demo is seeded at the frozen clock through the bulk import, which refuses anything dated after
 * it, so its history ends before that moment and its notice feed has notices to show.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDoorstep, type Doorstep } from '../../server/bootstrap.ts';
import { ANNA_FIRST_PREMISE, DEMO_EMAILS, DEMO_PASSWORD } from '../../server/demo/seed.ts';

const DOORSTEP_NOW = '2026-05-30T10:00:00+03:00';
/** What the demo page sends for `?now=2026-05-30T10:00` (Riga wall-clock time). */
const PAGE_NOW = '2026-05-30T10:00:00+03:00';
const CLOCK = new Date(DOORSTEP_NOW);

let doorstep: Doorstep;

beforeAll(async () => {
  doorstep = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_NOW, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
}, 180_000);
afterAll(() => doorstep?.close());

test('the demo seeded at DOORSTEP_NOW holds no reading, payment or invoice dated after it', async () => {
  const db = doorstep.database.db;
  const { rows } = await sql<{ readings: number; late_readings: number; late_payments: number; late_invoices: number }>`
    select (select count(*) from readings)::int as readings,
      (select count(*) from readings where submitted_at > ${CLOCK})::int as late_readings,
      (select count(*) from invoices where paid_at > ${CLOCK})::int as late_payments,
      (select count(*) from invoices where issue_date > '2026-05-30')::int as late_invoices`.execute(db);
  expect(rows[0]!.readings).toBeGreaterThan(100);
  expect(rows[0]).toMatchObject({ late_readings: 0, late_payments: 0, late_invoices: 0 });
  const periods = await db.selectFrom('readings').select(sql<string>`max(period)`.as('newest')).executeTakeFirstOrThrow();
  expect(periods.newest <= '2026-05').toBe(true);
});

test('at ?now=2026-05-30T10:00 the notice feed of Anna’s first apartment shows notices, the urgent outage first', async () => {
  const headers = { 'content-type': 'application/json', 'x-doorstep-now': PAGE_NOW };
  const login = await doorstep.app.request('/v1/demo/auth/login', {
    method: 'POST',
    headers,
    body: JSON.stringify({ email: DEMO_EMAILS.anna, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const premise = await doorstep.database.db.selectFrom('premises').select('id').where('label', '=', ANNA_FIRST_PREMISE.label).executeTakeFirstOrThrow();
  const response = await doorstep.app.request(`/v1/demo/notices?premise=${premise.id}`, { headers: { ...headers, authorization: `Bearer ${accessToken}` } });
  expect(response.status).toBe(200);
  const { notices } = (await response.json()) as { notices: Array<{ title: string; kind: string; publishAt: string }> };
  expect(notices.length).toBeGreaterThanOrEqual(3);
  expect(notices[0]).toMatchObject({ title: 'Ūdens piegādes pārtraukums', kind: 'urgent' });
  expect(notices.every((n) => new Date(n.publishAt) <= CLOCK)).toBe(true);
});
