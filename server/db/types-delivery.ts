/**
 * @module
 * Kysely table types of what Doorstep sends: the mail outbox, the job runner, webhooks and the
 * notifications that keep a reminder from going twice (types.ts holds the rest; the migrations are the truth).
 */
import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, RequiredTimestamp, NullableTimestamp, Json } from './column-types.ts';

export interface EmailOutboxTable {
  id: Generated<string>;
  tenant_id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: Json<Record<string, string>>;
  template: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  attachment_file_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface JobsTable {
  id: Generated<string>;
  tenant_id: string | null;
  kind: string;
  key: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'done' | 'failed'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  result: Json<Record<string, unknown>> | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  tenant_id: string;
  url: string;
  events: string[];
  secret_encrypted: string;
  enabled: Generated<boolean>;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  tenant_id: string;
  endpoint_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: NullableTimestamp;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
  replays: Generated<number>;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  tenant_id: string;
  delivery_id: string;
  attempted_at: RequiredTimestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  replay: Generated<boolean>;
}

export type NotificationKind = 'window_open' | 'last_day' | 'receipt' | 'verification' | 'invoice';

export interface NotificationsTable {
  tenant_id: string;
  user_id: string;
  kind: NotificationKind;
  occasion: string;
  created_at: Timestamp;
}
