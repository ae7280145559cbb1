/**
 * @module
 * Kysely table types, written by hand to mirror the migrations in server/db/migrations (the source of truth). Numeric columns
 * arrive as strings so money and readings never pass through floating point. What Doorstep sends
 * (outbox, jobs, webhooks, notifications) is in types-delivery.ts, the manager's access (API keys,
 * staff) in types-staff.ts, the column kinds in column-types.ts; all are exported from here.
 */
import type { NoticeTranslations } from '../notices/notice-rules.ts';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamp, RequiredTimestamp, NullableTimestamp, DateString, NullableDateString, Numeric, NumericDefault, Json, TextArray } from './column-types.ts';
import type { EmailOutboxTable, JobsTable, NotificationsTable, WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './types-delivery.ts';
import type { ApiKeysTable, StaffAccountsTable, StaffRecoveryCodesTable, StaffSessionsTable } from './types-staff.ts';

export type * from './types-delivery.ts';
export type * from './types-staff.ts';

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  allowed_origins: TextArray;
  time_zone: Generated<string>;
  default_language: Generated<'lv' | 'en' | 'ru'>;
  reading_window: Json;
  settings: Json;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface CustomersTable {
  id: Generated<string>;
  tenant_id: string;
  external_ref: string | null;
  name: string;
  /** Before migration 0020 only: emptied at start (server/personal-codes/plain-codes.ts), never written. */
  personal_code: Generated<string | null>;
  /** HMAC-SHA256 of the normal form (server/personal-codes/personal-code-key.ts). */
  personal_code_hash: string | null;
  /** What a manager may see of the code: `******-***23`. */
  personal_code_hint: string | null;
  email: string | null;
  phone: string | null;
  updated_at: Timestamp;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  password_hash: string | null;
  name: Generated<string>;
  phone: string | null;
  language: Generated<'lv' | 'en' | 'ru'>;
  /** Before migration 0020 only: emptied at start, never written. */
  personal_code: Generated<string | null>;
  personal_code_hash: Generated<string | null>;
  customer_id: string | null;
  status: Generated<'pending' | 'active' | 'disabled'>;
  must_change_password: Generated<boolean>;
  email_confirmed_at: NullableTimestamp;
  email_preferences: Json;
  password_changed_at: NullableTimestamp;
  /** Since 0092: bumped to end every session of the user at once (server/auth/sessions.ts). */
  session_epoch: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExternalIdentitiesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  issuer: string;
  subject: string;
  created_at: Timestamp;
}

export interface OidcProvidersTable {
  id: Generated<string>;
  tenant_id: string;
  slug: string;
  display_name: string;
  icon: OidcProviderIcon;
  issuer: string;
  client_id: string;
  /** AES-256-GCM (server/secrets/secret-box.ts); never shown. */
  client_secret_encrypted: string;
  scopes: string[];
  personal_code_claim: string;
  enabled: Generated<boolean>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OidcProviderIcon = 'bank' | 'eparaksts' | 'smart-id' | 'other';

export interface OidcFlowsTable {
  state_hash: string;
  tenant_id: string;
  provider_id: string;
  nonce: string;
  code_verifier: string;
  opener_origin: string;
  remember: Generated<boolean>;
  /** The page a same-window login returns to (0087); null for a popup login. */
  return_to: Generated<string | null>;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface OidcHandoffsTable {
  code_hash: string;
  tenant_id: string;
  user_id: string;
  opener_origin: string;
  remember: boolean;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface BuildingsTable {
  id: Generated<string>;
  tenant_id: string;
  address: string;
  city: string | null;
  external_ref: string | null;
  updated_at: Timestamp;
  created_at: Timestamp;
}

export interface PremisesTable {
  id: Generated<string>;
  tenant_id: string;
  building_id: string;
  customer_id: string | null;
  label: string;
  account_number: string;
  area_m2: Numeric | null;
  external_ref: string | null;
  updated_at: Timestamp;
  created_at: Timestamp;
}

export type GrantRole = 'owner' | 'proxy' | 'member';
export type Right = 'invoices' | 'readings';

export interface GrantsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  premise_id: string;
  role: GrantRole;
  rights: ColumnType<Right[], Right[] | undefined, Right[]>;
  granted_by: string | null;
  authorization_ref: string | null;
  expires_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type MeterKind = 'cold_water' | 'hot_water' | 'heat' | 'electricity' | 'gas';

export interface MetersTable {
  id: Generated<string>;
  tenant_id: string;
  premise_id: string;
  kind: MeterKind;
  location: Generated<string>;
  serial_number: string;
  unit: Generated<string>;
  decimals: Generated<number>;
  verification_due: NullableDateString;
  installed_at: NullableDateString;
  removed_at: NullableDateString;
  replaces_meter_id: string | null;
  initial_value: NumericDefault;
  external_ref: string | null;
  updated_at: Timestamp;
  created_at: Timestamp;
}

export interface ReadingsTable {
  id: Generated<string>;
  tenant_id: string;
  meter_id: string;
  period: string;
  value: Numeric;
  version: Generated<number>;
  is_current: Generated<boolean>;
  source: Generated<'resident' | 'manager' | 'import'>;
  submitted_by: string | null;
  submitted_at: Timestamp;
  /** The transaction that wrote the row (xid8 as text): the export cursor's clock (0006). */
  written_xid: Generated<string>;
}

export interface ReadingWindowOverridesTable {
  id: Generated<string>;
  tenant_id: string;
  period: string;
  opens_at: RequiredTimestamp;
  closes_at: RequiredTimestamp;
  note: string | null;
  building_id: string | null;
  created_at: Timestamp;
}

export interface StoredFilesTable {
  id: Generated<string>;
  tenant_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** Always NULL since migration 0082: the 'postgres' store's bytes are in stored_file_chunks. */
  content: Uint8Array | null;
  storage: Generated<FileDriver>;
  /** `<tenant id>/<random id>`: never the file name. */
  object_key: string;
  /** 'user:<id>', 'api_key:<id>', 'staff:<id>'; null for files the system made. */
  uploaded_by: string | null;
  created_at: Timestamp;
}

export type FileDriver = 'postgres' | 's3';

/** A piece of a file of the 'postgres' store (0082), keyed like a bucket's object. */
export interface StoredFileChunksTable {
  tenant_id: string;
  object_key: string;
  /** The chunk's first byte in the file. */
  start_byte: number;
  data: Uint8Array;
  created_at: Timestamp;
}

export interface InvoicesTable {
  id: Generated<string>;
  tenant_id: string;
  premise_id: string;
  number: string;
  issue_date: DateString;
  period: string;
  due_date: DateString;
  amount: Numeric;
  balance_carried: NumericDefault;
  total_due: Numeric;
  paid_amount: NumericDefault;
  paid_at: NullableTimestamp;
  file_id: string | null;
  created_at: Timestamp;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  tenant_id: string;
  invoice_id: string;
  position: number;
  service: string;
  quantity: Numeric;
  unit: Generated<string>;
  unit_price: Numeric;
  sum: Numeric;
}

export interface NoticesTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  body: string;
  kind: Generated<'normal' | 'urgent'>;
  audience: Generated<'tenant' | 'buildings' | 'premises'>;
  publish_at: Timestamp;
  expires_at: NullableTimestamp;
  external_ref: string | null;
  created_at: Timestamp;
  /** 0090: the Russian and English versions, `{"ru": {"title", "body"}, "en": {…}}`; the columns above are Latvian. */
  translations: Json<NoticeTranslations>;
}

export interface NoticeTargetsTable {
  id: Generated<string>;
  tenant_id: string;
  notice_id: string;
  building_id: string | null;
  premise_id: string | null;
}

export interface NoticeAttachmentsTable {
  tenant_id: string;
  notice_id: string;
  file_id: string;
}

export interface NoticeReadsTable {
  tenant_id: string;
  notice_id: string;
  user_id: string;
  read_at: Timestamp;
}

export type DocumentCategory = 'estimate' | 'report' | 'repair_plan' | 'meeting_protocol' | 'other';

export interface DocumentsTable {
  id: Generated<string>;
  tenant_id: string;
  building_id: string;
  category: DocumentCategory;
  title: string;
  document_date: DateString;
  period: string | null;
  file_id: string;
  requires_strong_auth: Generated<boolean>;
  publish_at: Timestamp;
  external_ref: string | null;
  created_at: Timestamp;
}

export interface ThreadsTable {
  id: Generated<string>;
  tenant_id: string;
  premise_id: string;
  created_by: string;
  subject: string;
  status: Generated<'open' | 'answered' | 'closed'>;
  notify_by_email: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ThreadMessagesTable {
  id: Generated<string>;
  tenant_id: string;
  thread_id: string;
  author_kind: 'resident' | 'manager';
  author_id: string | null;
  body: string;
  file_id: string | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  auth_level: Generated<'basic' | 'strong'>;
  remember: Generated<boolean>;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: RequiredTimestamp;
  absolute_expires_at: RequiredTimestamp;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  /** Since 0092: alive only while it equals users.session_epoch. */
  epoch: Generated<number>;
  /** Since 0092: the session's live refresh token; null for a session whose live token is of before. */
  refresh_token_id: string | null;
}

export interface RefreshTokensTable {
  /** Since 0092: the UUIDv7 a token carries; null for tokens issued before. */
  id: string | null;
  token_hash: string;
  tenant_id: string;
  session_id: string;
  created_at: Timestamp;
  superseded_at: NullableTimestamp;
}

export type EmailTokenPurpose = 'register_confirm' | 'password_reset' | 'email_change' | 'invitation';

export interface EmailTokensTable {
  id: Generated<string>;
  tenant_id: string;
  purpose: EmailTokenPurpose;
  token_hash: string;
  user_id: string | null;
  email: string;
  payload: Json;
  expires_at: RequiredTimestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

/** The premises an invitation (an email_tokens row) covers, searchable by premise. */
export interface InvitationPremisesTable {
  tenant_id: string;
  email_token_id: string;
  premise_id: string;
}

export interface LoginAttemptsTable {
  tenant_id: string;
  scope: 'email_client' | 'email';
  key: string;
  /** The email the counter is about (the key of `email`, the first half of `email_client`'s). */
  email: string;
  failures: Generated<number>;
  lockouts: Generated<number>;
  last_failure: Timestamp;
  locked_until: NullableTimestamp;
}

export interface RateLimitsTable {
  tenant_id: string;
  bucket: string;
  key: string;
  window_start: RequiredTimestamp;
  count: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<string>;
  tenant_id: string;
  actor_id: string | null;
  actor_kind: Generated<'user' | 'manager' | 'system' | 'api_key' | 'operator' | 'staff'>;
  api_key_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Json;
  created_at: Timestamp;
}

export interface Database {
  tenants: TenantsTable;
  customers: CustomersTable;
  users: UsersTable;
  external_identities: ExternalIdentitiesTable;
  oidc_providers: OidcProvidersTable;
  oidc_flows: OidcFlowsTable;
  oidc_handoffs: OidcHandoffsTable;
  buildings: BuildingsTable;
  premises: PremisesTable;
  grants: GrantsTable;
  meters: MetersTable;
  readings: ReadingsTable;
  reading_window_overrides: ReadingWindowOverridesTable;
  stored_files: StoredFilesTable;
  stored_file_chunks: StoredFileChunksTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  notices: NoticesTable;
  notice_targets: NoticeTargetsTable;
  notice_attachments: NoticeAttachmentsTable;
  notice_reads: NoticeReadsTable;
  documents: DocumentsTable;
  threads: ThreadsTable;
  thread_messages: ThreadMessagesTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  email_tokens: EmailTokensTable;
  invitation_premises: InvitationPremisesTable;
  login_attempts: LoginAttemptsTable;
  rate_limits: RateLimitsTable;
  email_outbox: EmailOutboxTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeysTable;
  jobs: JobsTable;
  notifications: NotificationsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  staff_accounts: StaffAccountsTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_sessions: StaffSessionsTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
