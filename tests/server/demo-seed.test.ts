import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
/**
 * The demo fixture that DESIGN.md promises to tests and examples: who owns what, two years of
 * readings, invoices that add up, notices and documents, and a second tenant kept apart by
 * row-level security. Runs on PGlite, and on Postgres when the suite runs against TEST_DATABASE_URL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { localTime } from '../../server/demo/calendar.ts';
import { demoContent } from '../../server/demo/content.ts';
import { lastClosedPeriod, lastInvoicedPeriod, windowDays } from '../../server/demo/history.ts';
import { isValidIban, personalCode } from '../../server/demo/identifiers.ts';
import { storedPersonalCode } from '../../server/personal-codes/personal-code-key.ts';
import { ANNA_FIRST_PREMISE, DEMO_EMAILS, DEMO_PASSWORD, DEMO_TENANT, DEMO2_TENANT, DEMO_STAFF, seedDemo } from '../../server/demo/seed.ts';
import { openTotpSecret } from '../../server/staff/totp-secrets.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { personalCodeKey, secretBox } from './support/test-app.ts';

// Inside Ogre's reading window for May 2026 (30 May – 1 June): April is the newest reading.
const NOW = new Date('2026-05-30T07:00:00Z');

let database: TestDatabase;
let demoId: string;
let demo2Id: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database, fileStores(postgresFileStore(database)), { now: NOW, extraOrigins: ['https://example.org'], personalCodeKey, secretBox });
  const tenants = await database.db.selectFrom('tenants').select(['id', 'slug']).execute();
  demoId = tenants.find((t) => t.slug === DEMO_TENANT)!.id;
  demo2Id = tenants.find((t) => t.slug === DEMO2_TENANT)!.id;
});
afterAll(() => database?.dispose());

const db = () => database.db;

async function userId(tenantId: string, email: string): Promise<string> {
  const row = await db().selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

async function grantsOf(tenantId: string, email: string) {
  return db()
    .selectFrom('grants')
    .innerJoin('premises', 'premises.id', 'grants.premise_id')
    .select(['grants.role', 'grants.rights', 'premises.label', 'premises.account_number', 'premises.id as premise_id'])
    .where('grants.user_id', '=', await userId(tenantId, email))
    .orderBy('premises.label')
    .execute();
}

describe('tenants', () => {
  test('demo follows Ogre’s window, demo2 APSE’s, both embeddable from localhost and the extra origins', async () => {
    const tenants = await db().selectFrom('tenants').selectAll().orderBy('slug').execute();
    expect(tenants.map((t) => [t.slug, t.name])).toEqual([
      ['demo', 'Demo Namsaimnieks'],
      ['demo2', 'Otrs Namsaimnieks'],
    ]);
    const [demo, demo2] = tenants;
    expect(demo!.reading_window).toEqual({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 });
    expect(demo2!.reading_window).toEqual({ kind: 'fixed_days', fromDay: 25, toDay: 28 });
    for (const tenant of tenants) {
      expect(tenant.time_zone).toBe('Europe/Riga');
      expect(tenant.default_language).toBe('lv');
      expect(tenant.allowed_origins).toEqual(['http://localhost:8787', 'http://127.0.0.1:8787', 'https://example.org']);
    }
  });

  test('bank details carry a valid IBAN', async () => {
    const tenants = await db().selectFrom('tenants').select(['slug', 'settings']).execute();
    for (const { settings } of tenants) {
      const bank = (settings as { bank: { iban: string; recipient: string } }).bank;
      expect(isValidIban(bank.iban)).toBe(true);
      expect(bank.iban).toMatch(/^LV\d{2}[A-Z]{4}\d{13}$/);
    }
    const demo = tenants.find((t) => t.slug === 'demo')!.settings as Record<string, unknown>;
    expect(demo).toMatchObject({
      bank: { recipient: 'SIA "Demo Namsaimnieks"', iban: 'LV80BANK0000435195001', registrationNumber: '40003012345' },
      invitationDays: 7,
      plausibilityFactor: 3,
      verificationReminderDays: 60,
    });
  });
});

describe('people and grants', () => {
  test('anna owns two apartments in demo, Malkalnes prospekts 3-111 first', async () => {
    const grants = await grantsOf(demoId, DEMO_EMAILS.anna);
    expect(grants.map((g) => [g.label, g.role])).toEqual([
      [ANNA_FIRST_PREMISE.label, 'owner'],
      ['Skolas iela 8-24', 'owner'],
    ]);
    expect(grants[0]!.account_number).toBe(ANNA_FIRST_PREMISE.accountNumber);
  });

  test('liga is a member of Anna’s first apartment with the invoices right only', async () => {
    const grants = await grantsOf(demoId, DEMO_EMAILS.liga);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ label: ANNA_FIRST_PREMISE.label, role: 'member', rights: ['invoices'] });
  });

  test('peteris owns one apartment in another building', async () => {
    const grants = await grantsOf(demoId, DEMO_EMAILS.peteris);
    expect(grants.map((g) => [g.label, g.role])).toEqual([['Brīvības iela 12-7', 'owner']]);
  });

  test('janis was created by the manager and must change his password', async () => {
    const janis = await db().selectFrom('users').selectAll().where('tenant_id', '=', demoId).where('email', '=', DEMO_EMAILS.janis).executeTakeFirstOrThrow();
    expect(janis.must_change_password).toBe(true);
    expect(janis.password_changed_at).toBeNull();
    expect((await grantsOf(demoId, DEMO_EMAILS.janis)).map((g) => g.role)).toEqual(['owner']);
  });

  test('every account is active and confirmed, with the demo password', async () => {
    const users = await db().selectFrom('users').selectAll().orderBy('email').execute();
    expect(users.map((u) => `${u.email}@${u.tenant_id === demoId ? 'demo' : 'demo2'}`).sort()).toEqual([
      'anna@example.lv@demo',
      'anna@example.lv@demo2',
      'janis@example.lv@demo',
      'liga@example.lv@demo',
      'peteris@example.lv@demo',
    ]);
    for (const user of users) {
      expect(user.status).toBe('active');
      expect(user.email_confirmed_at).toBeInstanceOf(Date);
      expect(user.email_preferences).toEqual({ readingReminders: true, invoicesByEmail: false, newNotices: true, managerReplies: true });
    }
    expect(await verifyPassword(users[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
  });

  test('anna is a customer with a valid personal code, stored only as its keyed hash', async () => {
    const anna = await db()
      .selectFrom('users')
      .innerJoin('customers', 'customers.id', 'users.customer_id')
      .select(['users.name', 'users.language', 'users.personal_code_hash', 'customers.personal_code_hash as customer_hash', 'customers.personal_code_hint', 'customers.name as customer_name'])
      .where('users.tenant_id', '=', demoId)
      .where('users.email', '=', DEMO_EMAILS.anna)
      .executeTakeFirstOrThrow();
    const stored = storedPersonalCode(personalCodeKey, personalCode('1982-03-14', 123))!;
    expect(anna).toMatchObject({ name: 'Anna Bērziņa', language: 'lv', customer_name: 'Anna Bērziņa' });
    expect(anna).toMatchObject({ personal_code_hash: stored.hash, customer_hash: stored.hash, personal_code_hint: stored.hint });
    const plain = await sql<{ n: number }>`select (select count(*) from customers where personal_code is not null) + (select count(*) from users where personal_code is not null) as n`.execute(db());
    expect(Number(plain.rows[0]!.n)).toBe(0);
  });

  test('demo2 has its own anna, owning one apartment there', async () => {
    const annaDemo = await userId(demoId, DEMO_EMAILS.anna);
    const annaDemo2 = await userId(demo2Id, DEMO_EMAILS.anna);
    expect(annaDemo2).not.toBe(annaDemo);
    const grants = await grantsOf(demo2Id, DEMO_EMAILS.anna);
    expect(grants.map((g) => [g.label, g.role])).toEqual([['Lāčplēša iela 87-14', 'owner']]);
  });
});

describe('meters and readings', () => {
  async function metersOf(label: string) {
    return db()
      .selectFrom('meters')
      .innerJoin('premises', 'premises.id', 'meters.premise_id')
      .selectAll('meters')
      .where('premises.label', '=', label)
      .orderBy('meters.serial_number')
      .execute();
  }

  async function currentReadings(meterId: string) {
    return db().selectFrom('readings').selectAll().where('meter_id', '=', meterId).where('is_current', '=', true).orderBy('period').execute();
  }

  test('each of Anna’s apartments has a cold- and a hot-water meter with 24 monthly readings up to April', async () => {
    for (const label of [ANNA_FIRST_PREMISE.label, 'Skolas iela 8-24']) {
      const meters = await metersOf(label);
      expect(meters.map((m) => m.kind).sort()).toEqual(['cold_water', 'hot_water']);
      for (const meter of meters) {
        expect(meter).toMatchObject({ unit: 'm3', decimals: 3 });
        expect(meter.location).not.toBe('');
        const readings = await currentReadings(meter.id);
        expect(readings).toHaveLength(24);
        expect(readings[0]!.period).toBe('2024-05');
        expect(readings.at(-1)!.period).toBe('2026-04');
      }
    }
  });

  test('readings rise month by month by a household’s use, with one month away', async () => {
    let zeroMonths = 0;
    for (const label of [ANNA_FIRST_PREMISE.label, 'Skolas iela 8-24']) {
      for (const meter of await metersOf(label)) {
        const values = (await currentReadings(meter.id)).map((r) => Number(r.value));
        for (let i = 1; i < values.length; i++) {
          const used = values[i]! - values[i - 1]!;
          expect(used).toBeGreaterThanOrEqual(0);
          expect(used).toBeLessThan(meter.kind === 'cold_water' ? 6 : 3.5);
          if (used === 0) zeroMonths++;
        }
      }
    }
    expect(zeroMonths).toBeGreaterThan(0);
  });

  test('resident readings were submitted by Anna inside their window (last two days or the 1st)', async () => {
    const anna = await userId(demoId, DEMO_EMAILS.anna);
    const [meter] = await metersOf(ANNA_FIRST_PREMISE.label);
    const readings = await currentReadings(meter!.id);
    expect(new Set(readings.map((r) => r.source))).toEqual(new Set(['import', 'resident']));
    for (const reading of readings) {
      if (reading.source === 'resident') expect(reading.submitted_by).toBe(anna);
      const riga = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(reading.submitted_at);
      const [year, month] = reading.period.split('-').map(Number);
      const lastDay = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
      const next = new Date(Date.UTC(year!, month!, 1)).toISOString().slice(0, 10);
      expect([`${reading.period}-${lastDay - 1}`, `${reading.period}-${lastDay}`, next]).toContain(riga);
      expect(reading.value).toMatch(/^\d+\.\d{3}0*$/);
    }
  });

  test('one meter’s verification is due within the reminder period, the others years ahead', async () => {
    const meters = await db().selectFrom('meters').select(['serial_number', 'verification_due']).where('tenant_id', '=', demoId).execute();
    const days = meters.map((m) => (Date.parse(m.verification_due!) - NOW.getTime()) / 86_400_000);
    expect(days.filter((d) => d < 60)).toHaveLength(1);
    expect(days.filter((d) => d < 60)[0]).toBeGreaterThan(0);
    expect(days.filter((d) => d >= 60).every((d) => d > 700)).toBe(true);
  });

  test('a corrected reading keeps both versions, one of them current', async () => {
    const rows = await db()
      .selectFrom('readings')
      .select(['meter_id', 'period', sql<number>`count(*)`.as('versions'), sql<number>`count(*) filter (where is_current)`.as('current')])
      .groupBy(['meter_id', 'period'])
      .having(sql`count(*)`, '>', 1)
      .execute();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.current)).toBe(1);
  });
});

describe('invoices', () => {
  async function invoicesOf(label: string) {
    const invoices = await db()
      .selectFrom('invoices')
      .innerJoin('premises', 'premises.id', 'invoices.premise_id')
      .selectAll('invoices')
      .where('premises.label', '=', label)
      .orderBy('issue_date')
      .execute();
    const lines = await db()
      .selectFrom('invoice_lines')
      .selectAll()
      .where('invoice_id', 'in', invoices.map((i) => i.id))
      .orderBy('position')
      .execute();
    return invoices.map((invoice) => ({ ...invoice, lines: lines.filter((l) => l.invoice_id === invoice.id) }));
  }

  const cents = (value: string) => Math.round(Number(value) * 100);

  test('24 monthly invoices per apartment of Anna, the newest for April issued on 5 May', async () => {
    for (const label of [ANNA_FIRST_PREMISE.label, 'Skolas iela 8-24']) {
      const invoices = await invoicesOf(label);
      expect(invoices).toHaveLength(24);
      const newest = invoices.at(-1)!;
      expect(newest).toMatchObject({ period: '2026-04', issue_date: '2026-05-05', due_date: '2026-05-25' });
      expect(newest.number).toMatch(/^R-2026-\d{6}$/);
    }
  });

  test('lines add up, debts carry over, the newest is unpaid and one older one partly paid', async () => {
    const invoices = await invoicesOf(ANNA_FIRST_PREMISE.label);
    let carried = 0;
    for (const invoice of invoices) {
      expect(invoice.lines.map((l) => l.service)).toEqual(['Apsaimniekošana', 'Aukstais ūdens', 'Karstais ūdens', 'Atkritumu izvešana', 'Remontdarbu uzkrājumi']);
      for (const line of invoice.lines) expect(cents(line.sum)).toBe(Math.round(Number(line.quantity) * Number(line.unit_price) * 100));
      expect(invoice.lines.reduce((sum, l) => sum + cents(l.sum), 0)).toBe(cents(invoice.amount));
      expect(cents(invoice.balance_carried)).toBe(carried);
      expect(cents(invoice.total_due)).toBe(cents(invoice.amount) + carried);
      carried = cents(invoice.total_due) - cents(invoice.paid_amount);
    }
    const status = invoices.map((i) => (cents(i.paid_amount) >= cents(i.total_due) ? 'paid' : cents(i.paid_amount) > 0 ? 'partly' : 'unpaid'));
    expect(status.at(-1)).toBe('unpaid');
    expect(status.filter((s) => s === 'partly')).toHaveLength(1);
    expect(status.filter((s) => s === 'paid')).toHaveLength(22);
  });

  test('water lines bill exactly what the readings show', async () => {
    const invoice = (await invoicesOf(ANNA_FIRST_PREMISE.label)).at(-1)!;
    const used = await db()
      .selectFrom('readings as r')
      .innerJoin('readings as p', (join) => join.onRef('p.meter_id', '=', 'r.meter_id').on('p.period', '=', '2026-03').on('p.is_current', '=', true))
      .innerJoin('meters', 'meters.id', 'r.meter_id')
      .select(['meters.kind', sql<string>`r.value - p.value`.as('used')])
      .where('meters.premise_id', '=', invoice.premise_id)
      .where('r.period', '=', '2026-04')
      .where('r.is_current', '=', true)
      .execute();
    const cold = used.find((u) => u.kind === 'cold_water')!.used;
    const hot = used.find((u) => u.kind === 'hot_water')!.used;
    expect(Number(invoice.lines[1]!.quantity)).toBe(Number(cold));
    expect(Number(invoice.lines[2]!.quantity)).toBe(Number(hot));
  });

  test('invoice numbers are unique within a tenant', async () => {
    const rows = await db().selectFrom('invoices').select(['tenant_id', 'number']).execute();
    expect(new Set(rows.map((r) => `${r.tenant_id}:${r.number}`)).size).toBe(rows.length);
  });
});

describe('notices, documents and contact', () => {
  test('notices: tenant-wide, for Anna’s building, an urgent water outage still current, an expired one, one read by Anna', async () => {
    const notices = await db().selectFrom('notices').selectAll().where('tenant_id', '=', demoId).execute();
    expect(notices.length).toBeGreaterThanOrEqual(5);
    expect(notices.some((n) => n.audience === 'tenant' && n.publish_at <= NOW)).toBe(true);
    const urgent = notices.find((n) => n.title === 'Ūdens piegādes pārtraukums')!;
    expect(urgent.kind).toBe('urgent');
    expect(urgent.publish_at <= NOW && urgent.expires_at! > NOW).toBe(true);
    expect(notices.some((n) => n.expires_at && n.expires_at < NOW)).toBe(true);

    const malkalnes = await db().selectFrom('buildings').select('id').where('address', '=', 'Malkalnes prospekts 3').executeTakeFirstOrThrow();
    const targets = await db().selectFrom('notice_targets').selectAll().where('building_id', '=', malkalnes.id).execute();
    expect(targets.map((t) => t.notice_id)).toContain(urgent.id);

    const reads = await db().selectFrom('notice_reads').selectAll().where('user_id', '=', await userId(demoId, DEMO_EMAILS.anna)).execute();
    expect(reads).toHaveLength(1);
  });

  test('Anna’s building has documents as PDFs, the meeting protocol behind a strong login', async () => {
    const docs = await db()
      .selectFrom('documents')
      .innerJoin('buildings', 'buildings.id', 'documents.building_id')
      .innerJoin('stored_files', 'stored_files.id', 'documents.file_id')
      .select(['documents.category', 'documents.requires_strong_auth', 'stored_files.object_key', 'stored_files.size_bytes', 'stored_files.content_type'])
      .where('buildings.address', '=', 'Malkalnes prospekts 3')
      .execute();
    // The postgres store keeps a file's bytes in chunks (migration 0082), in order of their first byte.
    const bytesOf = async (objectKey: string) =>
      Buffer.concat((await db().selectFrom('stored_file_chunks').select('data').where('object_key', '=', objectKey).orderBy('start_byte').execute()).map((c) => Buffer.from(c.data)));
    expect(new Set(docs.map((d) => d.category))).toEqual(new Set(['estimate', 'report', 'meeting_protocol', 'repair_plan']));
    expect(docs.filter((d) => d.requires_strong_auth).map((d) => d.category)).toEqual(['meeting_protocol']);
    for (const doc of docs) {
      const bytes = await bytesOf(doc.object_key);
      expect(doc.content_type).toBe('application/pdf');
      expect(bytes.length).toBe(doc.size_bytes);
      expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
      expectValidXref(bytes.toString('latin1'));
    }
  });

  test('Anna asked about her meter and the manager answered', async () => {
    const threads = await db()
      .selectFrom('threads')
      .innerJoin('premises', 'premises.id', 'threads.premise_id')
      .select(['threads.id', 'threads.status', 'premises.label'])
      .where('threads.tenant_id', '=', demoId)
      .execute();
    const answered = threads.find((t) => t.status === 'answered')!;
    expect(answered.label).toBe(ANNA_FIRST_PREMISE.label);
    const messages = await db().selectFrom('thread_messages').select('author_kind').where('thread_id', '=', answered.id).orderBy('created_at').execute();
    expect(messages.map((m) => m.author_kind)).toEqual(['resident', 'manager']);
  });
});

describe('the console', () => {
  test("the demo staff member's TOTP key is stored sealed, and opens to the key the README publishes", async () => {
    const staff = await database.db.selectFrom('staff_accounts').select(['id', 'tenant_id', 'totp_secret', 'role']).where('email', '=', DEMO_STAFF.email).executeTakeFirstOrThrow();
    expect(staff.role).toBe('admin');
    expect(staff.totp_secret).toMatch(/^v1\./);
    expect(staff.totp_secret).not.toContain(DEMO_STAFF.totpSecret);
    expect(openTotpSecret(secretBox, staff.tenant_id, staff.id, staff.totp_secret!)).toBe(DEMO_STAFF.totpSecret);
  });
});

describe('isolation', () => {
  test('inside demo’s scope, even an unfiltered query sees no demo2 rows', async () => {
    const users = await database.withTenant(demoId, (trx) => trx.selectFrom('users').selectAll().execute());
    expect(users.length).toBe(4);
    expect(users.every((u) => u.tenant_id === demoId)).toBe(true);
    const premises = await database.withTenant(demoId, (trx) => trx.selectFrom('premises').select('label').execute());
    expect(premises.map((p) => p.label)).not.toContain('Lāčplēša iela 87-14');
    const demo2Users = await database.withTenant(demo2Id, (trx) => trx.selectFrom('users').select('tenant_id').execute());
    expect(demo2Users).toEqual([{ tenant_id: demo2Id }]);
  });
});

describe('determinism', () => {
  test('seeding again at the same moment gives the same data, apart from ids and hashes', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemo(other, fileStores(postgresFileStore(other)), { now: NOW, extraOrigins: ['https://example.org'], personalCodeKey, secretBox });
      const snapshot = (handle: TestDatabase) =>
        sql<{ row: string }>`
          select concat_ws('|', t.slug, p.label, m.serial_number, r.period, r.value::text, r.version, r.source, r.submitted_at::text) as row
          from readings r join meters m on m.id = r.meter_id join premises p on p.id = m.premise_id join tenants t on t.id = r.tenant_id
          union all
          select concat_ws('|', t.slug, i.number, i.amount::text, i.total_due::text, i.paid_amount::text, i.paid_at::text)
          from invoices i join tenants t on t.id = i.tenant_id
          union all
          select concat_ws('|', t.slug, n.title, n.publish_at::text, n.expires_at::text, md5(n.body))
          from notices n join tenants t on t.id = n.tenant_id
          union all
          select concat_ws('|', f.file_name, f.sha256) from stored_files f
          order by 1`
          .execute(handle.db)
          .then((result) => result.rows.map((r) => r.row));
      expect(await snapshot(other)).toEqual(await snapshot(database));
    } finally {
      await other.dispose();
    }
    // A second whole seed (Argon2, every PDF, the imports): slow on a loaded machine.
  }, 120_000);
});

describe('calendar rules the fixture is dated by', () => {
  const ogre = { kind: 'month_end', lastDays: 2, nextMonthDays: 1 } as const;
  const apse = { kind: 'fixed_days', fromDay: 25, toDay: 28 } as const;
  const period = (p: { year: number; month: number }) => `${p.year}-${String(p.month).padStart(2, '0')}`;

  test('the newest reading is the last period whose window has closed', () => {
    expect(period(lastClosedPeriod(ogre, '2026-05-30'))).toBe('2026-04');
    expect(period(lastClosedPeriod(ogre, '2026-06-01'))).toBe('2026-04');
    expect(period(lastClosedPeriod(ogre, '2026-06-02'))).toBe('2026-05');
    expect(period(lastClosedPeriod(apse, '2026-05-28'))).toBe('2026-04');
    expect(period(lastClosedPeriod(apse, '2026-05-29'))).toBe('2026-05');
    expect(period(lastInvoicedPeriod('2026-05-04'))).toBe('2026-03');
    expect(period(lastInvoicedPeriod('2026-05-05'))).toBe('2026-04');
  });

  test('window days follow each rule, across a February', () => {
    expect(windowDays(ogre, { year: 2026, month: 2 })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(windowDays(apse, { year: 2026, month: 2 })).toEqual(['2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28']);
  });

  test('Riga wall-clock times become the right instants on both sides of daylight saving', () => {
    expect(localTime('2026-01-31', '18:00', 'Europe/Riga').toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(localTime('2026-03-29', '18:00', 'Europe/Riga').toISOString()).toBe('2026-03-29T15:00:00.000Z');
    expect(localTime('2026-10-25', '18:00', 'Europe/Riga').toISOString()).toBe('2026-10-25T16:00:00.000Z');
  });
});

/** Every xref entry must point at the start of its object, or viewers fall back to "repairing". */
function expectValidXref(pdf: string) {
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
  expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
  const [, count] = /^xref\n0 (\d+)\n/.exec(pdf.slice(startxref))!;
  const entries = pdf.slice(startxref).split('\n').slice(3, 2 + Number(count));
  entries.forEach((entry, i) => {
    expect(entry).toMatch(/^\d{10} 00000 n $/);
    expect(pdf.slice(Number(entry.slice(0, 10))).startsWith(`${i + 1} 0 obj`)).toBe(true);
  });
}

describe('the demo content at any hour', () => {
  test('the urgent outage is already out a minute after midnight of the demo’s first day, and still out the next evening', () => {
    const urgent = demoContent('2026-05-30', 'Europe/Riga').notices.find((n) => n.kind === 'urgent')!;
    expect(urgent.publishAt.getTime()).toBeLessThanOrEqual(localTime('2026-05-30', '00:01', 'Europe/Riga').getTime());
    expect(urgent.expiresAt!.getTime()).toBeGreaterThan(localTime('2026-05-31', '17:00', 'Europe/Riga').getTime());
  });
});
