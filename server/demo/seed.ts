/**
 * @module
 * Seeds the demo fixture (see DESIGN.md, "The demo, a shared fixture", and fixture.ts): tenants
 * `demo` and `demo2` with buildings, apartments, meters, two years of readings and invoices,
 * notices, documents and a conversation with the manager. `npm start` calls it on an empty
 * embedded database; tests call it to get a realistic world in one line.
 *
 * Buildings, customers, premises, meters, the meter history and the invoices come in through the
 * bulk import, from the files the demo manager's billing system would export (seed-import.ts);
 * the rest (logins, grants, notices, documents, threads) is written here.
 *
 * It writes through the owner's connection (which row-level security does not restrict) in one
 * transaction, so a failed seed leaves nothing behind. Apart from ids and password hashes, the
 * rows depend only on `options.now`: seeding twice at the same moment gives the same data.
 */
import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import type { DatabaseHandle, Tx } from '../db/database.ts';
import { addDays, localDate, localTime } from './calendar.ts';
import { demo2Content, demoContent, type FileSpec, type TenantContent } from './content.ts';
import { DEMO, DEMO2, DEMO_ORIGINS, DEMO_PASSWORD, DEMO_TENANT, EMAIL_PREFERENCES, type PremiseSpec, type TenantSpec } from './fixture.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { seedDemoStaff } from './staff.ts';
import { planPremiseHistory, type PremiseHistory } from './history.ts';
import { demoFiles, demoRefs, importDemoFile } from './seed-import.ts';
import type { ImportKindName } from '../admin/imports/import-report.ts';
import type { SourceFormat } from '../admin/imports/import-source.ts';
import { renderPdf } from './pdf.ts';
import { attachToNotice, insertNotice } from '../notices/notices.repository.ts';
import { seedInvoicePdfs } from './seed-invoices.ts';
import type { FileStores } from '../files/file-store.ts';
import { storeFile, withFileChanges, type FileChanges } from '../files/stored-files.ts';
import { storedPersonalCode, type PersonalCodeKey } from '../personal-codes/personal-code-key.ts';

export { DEMO_STAFF } from './staff.ts';
export { ANNA_FIRST_PREMISE, DEMO_EMAILS, DEMO_PASSWORD, DEMO_TENANT, DEMO2_TENANT } from './fixture.ts';

export interface SeedDemoOptions {
  /** The moment the demo is seeded at; all history is dated relative to it. */
  now: Date;
  /** Origins allowed to embed the demo tenants besides localhost:8787 (DEMO_EXTRA_ORIGINS). */
  extraOrigins?: string[];
  /** What the demo people's personal codes are stored as. */
  personalCodeKey: PersonalCodeKey;
  /** Seals the demo staff member's TOTP key (DOORSTEP_ENCRYPTION_KEY). */
  secretBox: SecretBox;
}

const TIME_ZONE = 'Europe/Riga';

export async function seedDemo(database: DatabaseHandle, stores: FileStores, options: SeedDemoOptions): Promise<void> {
  // Argon2id is deliberately slow; every demo account shares one hash of the one demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = localDate(options.now, TIME_ZONE);
  const origins = [...new Set([...DEMO_ORIGINS, ...(options.extraOrigins ?? [])])];
  const tenants: Array<[TenantSpec, TenantContent]> = [
    [DEMO, demoContent(today, TIME_ZONE)],
    [DEMO2, demo2Content(today, TIME_ZONE)],
  ];
  const files = new Map<FileSpec, StoredFile>();
  for (const [, content] of tenants) {
    const specs = [...content.documents.map((d) => d.file), ...content.notices.flatMap((n) => n.attachments ?? [])];
    for (const spec of specs) files.set(spec, await storedFile(spec));
  }
  await withFileChanges(stores, (changes) =>
    database.withSystem(async (trx) => {
      for (const [spec, content] of tenants) {
        await seedTenant(trx, spec, content, { now: options.now, today, origins, passwordHash, personalCodeKey: options.personalCodeKey, files, changes });
      }
      const demo = await trx.selectFrom('tenants').select('id').where('slug', '=', DEMO_TENANT).executeTakeFirstOrThrow();
      await seedDemoStaff(trx, demo.id, passwordHash, options.secretBox, options.now);
    }),
  );
}

interface SeedContext {
  now: Date;
  today: string;
  origins: string[];
  passwordHash: string;
  personalCodeKey: PersonalCodeKey;
  files: Map<FileSpec, StoredFile>;
  changes: FileChanges;
}

interface StoredFile {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

async function seedTenant(trx: Tx, spec: TenantSpec, content: TenantContent, ctx: SeedContext): Promise<void> {
  const at = (daysFromToday: number, time = '09:00') => localTime(addDays(ctx.today, daysFromToday), time, TIME_ZONE);

  const tenant = await trx
    .insertInto('tenants')
    .values({
      slug: spec.slug,
      name: spec.name,
      allowed_origins: ctx.origins,
      time_zone: TIME_ZONE,
      default_language: 'lv',
      reading_window: JSON.stringify(spec.readingWindow),
      settings: JSON.stringify(spec.settings),
      created_at: at(-1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tenantId = tenant.id;

  // The manager's billing system exports its premises, meter history and invoices; the demo
  // imports those files (seed-import.ts) as a manager would.
  const histories = new Map(spec.premises.map((premise, i) => [premise, planPremiseHistory(spec, premise, i + 1, ctx.today, TIME_ZONE)]));
  const files = demoFiles(spec, histories);
  const importFile = (kind: ImportKindName, text: string, format: SourceFormat) => importDemoFile(trx, { tenantId, now: ctx.now, timeZone: TIME_ZONE, personalCodeKey: ctx.personalCodeKey, mailNewInvoices: false }, kind, text, format);
  await importFile('premises', files.premises, 'csv');

  const buildingRows = await trx.selectFrom('buildings').select(['id', 'external_ref']).where('tenant_id', '=', tenantId).execute();
  const buildingByRef = new Map(buildingRows.map((row) => [row.external_ref!, row.id]));
  const buildingIds = new Map(spec.buildings.map((building) => [building.key, buildingByRef.get(demoRefs.building(building.key))!]));
  const customerRows = await trx.selectFrom('customers').select(['id', 'external_ref']).where('tenant_id', '=', tenantId).execute();
  const customerIds = new Map(customerRows.map((row) => [row.external_ref!, row.id]));
  const premiseRows = await trx.selectFrom('premises').select(['id', 'account_number']).where('tenant_id', '=', tenantId).execute();
  const premiseByAccount = new Map(premiseRows.map((row) => [row.account_number, row.id]));
  const premiseIds = new Map(spec.premises.map((p) => [p.key, premiseByAccount.get(p.accountNumber)!]));

  const userIds = new Map<string, string>();
  for (const user of spec.users) {
    const registered = at(-user.registeredDaysAgo, '19:20');
    const row = await trx
      .insertInto('users')
      .values({
        tenant_id: tenantId,
        email: user.email,
        password_hash: ctx.passwordHash,
        name: user.name,
        phone: user.phone ?? null,
        language: user.language,
        personal_code_hash: user.personalCode ? storedPersonalCode(ctx.personalCodeKey, user.personalCode)!.hash : null,
        customer_id: user.customerOf ? customerIds.get(spec.premises.find((p) => p.key === user.customerOf)!.customer.externalRef)! : null,
        status: 'active',
        must_change_password: user.mustChangePassword ?? false,
        email_confirmed_at: new Date(registered.getTime() + 7 * 60_000),
        email_preferences: JSON.stringify(EMAIL_PREFERENCES),
        // A temporary password set by the manager has never been chosen by its user.
        password_changed_at: user.mustChangePassword ? null : registered,
        created_at: registered,
        updated_at: registered,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    userIds.set(user.key, row.id);
  }

  const ownerOf = new Map<string, string>();
  const grants = spec.users.flatMap((user) =>
    user.grants.map((grant, i) => {
      if (grant.role === 'owner') ownerOf.set(grant.premise, userIds.get(user.key)!);
      const created = new Date(at(-user.registeredDaysAgo, '19:30').getTime() + i * 60_000);
      return {
        tenant_id: tenantId,
        user_id: userIds.get(user.key)!,
        premise_id: premiseIds.get(grant.premise)!,
        role: grant.role,
        rights: grant.rights ?? [],
        granted_by: grant.grantedBy ? userIds.get(grant.grantedBy)! : null,
        created_at: created,
        updated_at: created,
      };
    }),
  );
  if (grants.length) await trx.insertInto('grants').values(grants).execute();

  for (const readings of files.readings) await importFile('readings', readings, 'ndjson');
  await markPortalReadings(trx, tenantId, spec, histories, ownerOf);
  if (files.invoices) await importFile('invoices', files.invoices, 'csv');
  await seedInvoicePdfs(trx, ctx.changes, tenantId);
  await seedDocuments(trx, content, tenantId, buildingIds, ctx);
  await seedNotices(trx, content, tenantId, buildingIds, premiseByAccount, userIds, ctx);
  await seedThreads(trx, content, tenantId, premiseByAccount, userIds);
}

/**
 * Which of the imported readings residents submitted through the portal, and which the manager
 * typed in from paper forms: the portal's own history, which no manager's file carries.
 */
async function markPortalReadings(trx: Tx, tenantId: string, spec: TenantSpec, histories: Map<PremiseSpec, PremiseHistory>, ownerOf: Map<string, string>) {
  const refs: string[] = [];
  const periods: string[] = [];
  const versions: number[] = [];
  const sources: string[] = [];
  const users: Array<string | null> = [];
  for (const premise of spec.premises) {
    for (const meter of histories.get(premise)?.meters ?? []) {
      for (const reading of meter.readings) {
        if (reading.source === 'import') continue;
        refs.push(demoRefs.meter(meter.spec.serial));
        periods.push(reading.period);
        versions.push(reading.version);
        sources.push(reading.source);
        users.push(reading.byOwner ? (ownerOf.get(premise.key) ?? null) : null);
      }
    }
  }
  if (refs.length === 0) return;
  await sql`
    update readings r set source = v.source, submitted_by = v.submitted_by
    from unnest(${refs}::text[], ${periods}::text[], ${versions}::int[], ${sources}::text[], ${users}::uuid[]) as v(meter_ref, period, version, source, submitted_by)
    join meters m on m.tenant_id = ${tenantId} and m.external_ref = v.meter_ref
    where r.meter_id = m.id and r.period = v.period and r.version = v.version
  `.execute(trx);
}

async function insertFile(trx: Tx, ctx: SeedContext, tenantId: string, file: StoredFile, createdAt: Date): Promise<string> {
  return (await storeFile(trx, ctx.changes, tenantId, { fileName: file.fileName, contentType: file.contentType, body: file.content, now: createdAt })).id;
}

async function seedDocuments(trx: Tx, content: TenantContent, tenantId: string, buildingIds: Map<string, string>, ctx: SeedContext) {
  const files = ctx.files;
  for (const doc of content.documents) {
    const publishAt = localTime(doc.date, '09:00', TIME_ZONE);
    const fileId = await insertFile(trx, ctx, tenantId, files.get(doc.file)!, publishAt);
    await trx
      .insertInto('documents')
      .values({
        tenant_id: tenantId,
        building_id: buildingIds.get(doc.building)!,
        category: doc.category,
        title: doc.title,
        document_date: doc.date,
        period: doc.period ?? null,
        file_id: fileId,
        requires_strong_auth: doc.requiresStrongAuth ?? false,
        publish_at: publishAt,
        created_at: publishAt,
      })
      .execute();
  }
}

async function seedNotices(
  trx: Tx,
  content: TenantContent,
  tenantId: string,
  buildingIds: Map<string, string>,
  premiseByAccount: Map<string, string>,
  userIds: Map<string, string>,
  ctx: SeedContext,
) {
  const files = ctx.files;
  for (const notice of content.notices) {
    const targets = notice.targets ?? [];
    const noticeId = await insertNotice(trx, tenantId, {
      title: notice.title,
      body: notice.body,
      kind: notice.kind,
      audience: notice.audience,
      buildingIds: notice.audience === 'buildings' ? targets.map((key) => buildingIds.get(key)!) : [],
      premiseIds: notice.audience === 'premises' ? targets.map((key) => premiseByAccount.get(key)!) : [],
      publishAt: notice.publishAt,
      expiresAt: notice.expiresAt ?? null,
      createdAt: notice.publishAt,
      ...(notice.translations ? { translations: notice.translations } : {}),
    });
    for (const attachment of notice.attachments ?? []) {
      await attachToNotice(trx, tenantId, noticeId, await insertFile(trx, ctx, tenantId, files.get(attachment)!, notice.publishAt));
    }
    const reads = (notice.readBy ?? []).map((read) => ({ tenant_id: tenantId, notice_id: noticeId, user_id: userIds.get(read.user)!, read_at: read.at }));
    if (reads.length) await trx.insertInto('notice_reads').values(reads).execute();
  }
}

async function seedThreads(trx: Tx, content: TenantContent, tenantId: string, premiseByAccount: Map<string, string>, userIds: Map<string, string>) {
  for (const thread of content.threads) {
    const row = await trx
      .insertInto('threads')
      .values({
        tenant_id: tenantId,
        premise_id: premiseByAccount.get(thread.premise)!,
        created_by: userIds.get(thread.createdBy)!,
        subject: thread.subject,
        status: thread.status,
        notify_by_email: true,
        created_at: thread.messages[0]!.at,
        updated_at: thread.messages.at(-1)!.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('thread_messages')
      .values(
        thread.messages.map((message) => ({
          tenant_id: tenantId,
          thread_id: row.id,
          author_kind: message.author,
          author_id: message.user ? userIds.get(message.user)! : null,
          body: message.body,
          file_id: null,
          created_at: message.at,
        })),
      )
      .execute();
  }
}

async function storedFile(spec: FileSpec): Promise<StoredFile> {
  return { fileName: spec.fileName, contentType: 'application/pdf', content: renderPdf(spec.pdf) };
}
