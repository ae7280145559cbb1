/**
 * @module
 * Kysely table types of the manager's access: API keys and staff accounts, their recovery codes and
 * sessions (types.ts holds the rest; the migrations are the truth).
 */
import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, RequiredTimestamp, NullableTimestamp } from './column-types.ts';

export type ApiKeyScope = 'read' | 'write';

export interface ApiKeysTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: ApiKeyScope[];
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export type StaffRole = 'admin' | 'staff';

export interface StaffAccountsTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  name: string;
  role: StaffRole;
  language: Generated<'lv' | 'en' | 'ru'>;
  password_hash: string;
  totp_secret: string | null;
  totp_confirmed_at: NullableTimestamp;
  /** bigint arrives as a string from pg; compared as BigInt. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  /** 0086: set by an admin's password reset; the temporary password must be changed first. */
  must_change_password: Generated<boolean>;
  status: Generated<'active' | 'disabled'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffRecoveryCodesTable {
  tenant_id: string;
  staff_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface StaffSessionsTable {
  id: Generated<string>;
  tenant_id: string;
  staff_id: string;
  token_hash: string;
  stage: 'password' | 'active';
  pending_totp_secret: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: RequiredTimestamp;
  absolute_expires_at: RequiredTimestamp;
  revoked_at: NullableTimestamp;
}
