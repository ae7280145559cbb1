/**
 * Personal codes are never stored in plain text (issue #12, the open point of #11): the rules of
 * the two Latvian forms, the keyed hash of one normal form, the CSV import and the registry PUT
 * writing only hash and hint, and the upgrade of a database whose codes were plain, hashed by the
 * application on its next start. Runs on PGlite and on Postgres.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, readMigrations } from '../../server/db/migrator.ts';
import { createPersonalCodeKey, storedPersonalCode } from '../../server/personal-codes/personal-code-key.ts';
import { normalizePersonalCode, personalCodeHint } from '../../server/personal-codes/personal-code.ts';
import { hashPlainPersonalCodes } from '../../server/personal-codes/plain-codes.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createTestDatabase } from './support/database.ts';
import { createTestApp, personalCodeKey, type TestContext } from './support/test-app.ts';

// Valid codes (their check digits computed by the rule); 32… codes carry no date and no check digit.
const ANNA = '140382-10124';
const JANIS = '010190-12349';
const NEW_CODE = '329912-34567';

describe('the rules of a personal code', () => {
  test('the old form: birth date, century digit and check digit', () => {
    expect(normalizePersonalCode(ANNA)).toBe(ANNA);
    expect(normalizePersonalCode(' 14038210124 ')).toBe(ANNA);
    expect(normalizePersonalCode('140382 10124')).toBe(ANNA);
    expect(normalizePersonalCode('140382-10125')).toBeUndefined(); // wrong check digit
    expect(normalizePersonalCode('310282-10124')).toBeUndefined(); // 31 February
    expect(normalizePersonalCode('140382-30124')).toBeUndefined(); // no century 3
    expect(normalizePersonalCode('140382-1012')).toBeUndefined();
    expect(normalizePersonalCode('14038a-10124')).toBeUndefined();
    expect(normalizePersonalCode('')).toBeUndefined();
  });

  test('the new form starts with 32 and carries no date', () => {
    expect(normalizePersonalCode('32991234567')).toBe(NEW_CODE);
    expect(normalizePersonalCode('33991234567')).toBeUndefined();
  });

  test('one code, however written, is one hash; another key gives another hash', () => {
    const a = storedPersonalCode(personalCodeKey, ANNA)!;
    expect(storedPersonalCode(personalCodeKey, '14038210124')).toEqual(a);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hint).toBe('******-***24');
    expect(storedPersonalCode(personalCodeKey, JANIS)!.hash).not.toBe(a.hash);
    expect(storedPersonalCode(createPersonalCodeKey('another-key-that-is-long-enough-0123456789'), ANNA)!.hash).not.toBe(a.hash);
    expect(storedPersonalCode(personalCodeKey, '140382-10125')).toBeUndefined();
  });
});

describe('what the manager writes', () => {
  let ctx: TestContext;
  let ogre: AdminTenant;
  beforeAll(async () => {
    ctx = await createTestApp();
    ogre = await createAdminTenant(ctx, 'ogre-codes');
  });
  afterAll(() => ctx.close());

  const header = 'building_ref,building_address,premise_ref,premise_label,account_number,customer_ref,customer_name,customer_personal_code';
  const importCsv = async (rows: string[]) => {
    const response = await adminRequest(ctx, ogre, ogre.key, 'POST', '/imports/premises', [header, ...rows].join('\n'), { 'content-type': 'text/csv' });
    return { status: response.status, body: (await response.json()) as any };
  };
  const customer = (ref: string) =>
    ctx.database.db.selectFrom('customers').selectAll().where('tenant_id', '=', ogre.id).where('external_ref', '=', ref).executeTakeFirstOrThrow();
  /** Every text column of customers and users, to prove no code is there in any form. */
  const everyText = async () =>
    (await sql<{ t: string }>`select row(c.*)::text as t from customers c union all select row(u.*)::text from users u`.execute(ctx.database.db)).rows
      .map((r) => r.t)
      .join('\n');

  test('the import stores hash and hint; the same code written another way is unchanged', async () => {
    const first = await importCsv([`B1,Rīgas iela 1,P1,Rīgas iela 1-1,A-1,C1,Anna Bērziņa,${ANNA}`]);
    expect(first.status).toBe(200);
    const row = await customer('C1');
    expect(row).toMatchObject({ personal_code: null, ...{ personal_code_hash: storedPersonalCode(personalCodeKey, ANNA)!.hash, personal_code_hint: '******-***24' } });
    const again = await importCsv([`B1,Rīgas iela 1,P1,Rīgas iela 1-1,A-1,C1,Anna Bērziņa,14038210124`]);
    expect(again.body.details.customers).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const text = await everyText();
    expect(text).not.toContain('140382');
    expect(text).not.toContain('10124');
  });

  test('an invalid code refuses its row with a stable code and writes nothing', async () => {
    const refused = await importCsv([`B2,Rīgas iela 2,P2,Rīgas iela 2-1,A-2,C2,Jānis,140382-10125`]);
    expect(refused.status).toBe(422);
    expect((refused.body.report ?? refused.body).errors).toEqual([expect.objectContaining({ row: 2, column: 'customer_personal_code', code: 'invalid_personal_code' })]);
    expect(await ctx.database.db.selectFrom('customers').select('id').where('external_ref', '=', 'C2').executeTakeFirst()).toBeUndefined();
  });

  test('the registry PUT takes a code, shows only its hint, and refuses an invalid one', async () => {
    const put = async (ref: string, body: unknown) => {
      const response = await adminRequest(ctx, ogre, ogre.key, 'PUT', `/customers/${ref}`, body);
      return { status: response.status, body: (await response.json()) as any };
    };
    const created = await put('C3', { name: 'Jānis Ozols', personalCode: JANIS });
    expect(created.status).toBe(201);
    expect(created.body.item.personalCode).toBe('******-***49');
    expect((await put('C3', { name: 'Jānis Ozols', personalCode: ' 01019012349' })).body.result).toBe('unchanged');
    const read = await adminRequest(ctx, ogre, ogre.key, 'GET', '/customers/C3');
    expect(JSON.stringify(await read.json())).not.toContain('010190');
    const changed = await put('C3', { name: 'Jānis Ozols', personalCode: NEW_CODE });
    expect(changed.body).toMatchObject({ result: 'updated', item: { personalCode: '******-***67' } });
    expect((await customer('C3')).personal_code_hash).toBe(storedPersonalCode(personalCodeKey, NEW_CODE)!.hash);
    const bad = await put('C3', { name: 'Jānis Ozols', personalCode: '010190-12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', fields: { personalCode: 'invalid_personal_code' } });
    const cleared = await put('C3', { name: 'Jānis Ozols', personalCode: null });
    expect(cleared.body).toMatchObject({ result: 'updated', item: { personalCode: null } });
    expect(await customer('C3')).toMatchObject({ personal_code_hash: null, personal_code_hint: null });
  });
});

describe('upgrading a database that held plain codes', () => {
  test('the start after migration 0020 hashes every plain code in one go, and then finds nothing to do', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      const all = await readMigrations();
      await migrate(database, all.filter((m) => m.name < '0020'));
      const tenant = await database.db.insertInto('tenants').values({ slug: 'old', name: 'Old', reading_window: '{}', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
      const insertPlain = (table: 'customers' | 'users', values: Record<string, unknown>) =>
        sql`insert into ${sql.table(table)} (${sql.join(Object.keys(values).map((k) => sql.ref(k)))}) values (${sql.join(Object.values(values))})`.execute(database.db);
      await insertPlain('customers', { tenant_id: tenant.id, external_ref: 'C1', name: 'Anna', personal_code: '14038210124' });
      await insertPlain('customers', { tenant_id: tenant.id, external_ref: 'C2', name: 'Typo', personal_code: '1403 82-999' });
      await insertPlain('customers', { tenant_id: tenant.id, external_ref: 'C3', name: 'None' });
      await insertPlain('users', { tenant_id: tenant.id, email: 'anna@example.lv', personal_code: ANNA, email_preferences: '{}' });

      await migrate(database);
      expect(await hashPlainPersonalCodes(database, personalCodeKey)).toEqual({ customers: 2, users: 1, invalid: 1 });
      const customers = await database.db.selectFrom('customers').select(['external_ref', 'personal_code', 'personal_code_hash', 'personal_code_hint']).orderBy('external_ref').execute();
      const anna = storedPersonalCode(personalCodeKey, ANNA)!;
      expect(customers).toEqual([
        { external_ref: 'C1', personal_code: null, personal_code_hash: anna.hash, personal_code_hint: personalCodeHint(ANNA) },
        { external_ref: 'C2', personal_code: null, personal_code_hash: personalCodeKey.hash('140382-999'), personal_code_hint: null },
        { external_ref: 'C3', personal_code: null, personal_code_hash: null, personal_code_hint: null },
      ]);
      expect(await database.db.selectFrom('users').select(['personal_code', 'personal_code_hash']).execute()).toEqual([{ personal_code: null, personal_code_hash: anna.hash }]);
      expect(await hashPlainPersonalCodes(database, personalCodeKey)).toEqual({ customers: 0, users: 0, invalid: 0 });
    } finally {
      await database.dispose();
    }
  });
});
