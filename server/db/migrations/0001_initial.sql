-- Doorstep's first migration: the schema as it stood when migrations began (schema.sql up to commit
-- 3ecf87b). Never edit it: later changes are later files here, applied in order on start by
-- server/db/migrator.ts.
--
-- Tenancy: every tenant-owned table carries tenant_id and has a row-level-security policy that
-- compares it with the per-transaction setting app.tenant_id. Requests run as the role
-- doorstep_app (SET LOCAL ROLE inside each transaction), which owns nothing and cannot bypass RLS,
-- so a query that forgets its tenant filter still sees only the current tenant's rows, and with no
-- tenant set it sees nothing at all.

DO $$
BEGIN
  CREATE ROLE doorstep_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
  -- The connecting role must be able to SET ROLE doorstep_app. Superusers can already.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT doorstep_app TO %I', current_user);
  END IF;
END $$;

CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Managers. Not tenant-owned itself: it is how a tenant is found by its slug.
CREATE TABLE tenants (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug             text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name             text NOT NULL,
  allowed_origins  text[] NOT NULL DEFAULT '{}',
  time_zone        text NOT NULL DEFAULT 'Europe/Riga',
  default_language text NOT NULL DEFAULT 'lv' CHECK (default_language IN ('lv', 'en', 'ru')),
  -- e.g. {"kind":"month_end","lastDays":2,"nextMonthDays":1}; see server/readings/window.ts
  reading_window   jsonb NOT NULL DEFAULT '{"kind":"month_end","lastDays":2,"nextMonthDays":1}',
  -- bank details, colours, public page URL, invitation lifetime, plausibility factor, …
  settings         jsonb NOT NULL DEFAULT '{}',
  api_key_hash     text,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Contract holders in the manager's billing system.
CREATE TABLE customers (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  external_ref  text,
  name          text NOT NULL,
  personal_code text,
  email         text,
  phone         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_ref)
);

-- Logins. One email is one account per tenant; the same person may have accounts at two managers.
CREATE TABLE users (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            uuid NOT NULL REFERENCES tenants(id),
  email                text NOT NULL,
  password_hash        text,
  name                 text NOT NULL DEFAULT '',
  phone                text,
  language             text NOT NULL DEFAULT 'lv' CHECK (language IN ('lv', 'en', 'ru')),
  personal_code        text,
  customer_id          uuid REFERENCES customers(id),
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  email_confirmed_at   timestamptz,
  -- {"readingReminders":true,"invoicesByEmail":false,"newNotices":true,"managerReplies":true}
  email_preferences    jsonb NOT NULL DEFAULT '{}',
  password_changed_at  timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, lower(email));
CREATE INDEX users_personal_code ON users (tenant_id, personal_code) WHERE personal_code IS NOT NULL;

-- Strong identities (bank, eParaksts, Smart-ID), keyed by issuer and subject, never by email.
CREATE TABLE external_identities (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  issuer     text NOT NULL,
  subject    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, issuer, subject)
);

CREATE TABLE buildings (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  address    text NOT NULL,
  city       text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- An apartment (or other premise) with its account number in the billing system.
CREATE TABLE premises (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  building_id    uuid NOT NULL REFERENCES buildings(id),
  customer_id    uuid REFERENCES customers(id),
  label          text NOT NULL,            -- "Malkalnes prospekts 3-111"
  account_number text NOT NULL,            -- "12345"
  area_m2        numeric(8, 2),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, account_number)
);
CREATE INDEX premises_building ON premises (tenant_id, building_id);

-- How a user reaches a premise. owner = contract holder, proxy = authorised person acting as the
-- owner, member = sub-user added by an owner with a subset of rights.
CREATE TABLE grants (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  premise_id uuid NOT NULL REFERENCES premises(id),
  role       text NOT NULL CHECK (role IN ('owner', 'proxy', 'member')),
  rights     text[] NOT NULL DEFAULT '{}' CHECK (rights <@ ARRAY['invoices', 'readings']::text[]),
  granted_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX grants_user_premise ON grants (user_id, premise_id);
CREATE INDEX grants_premise ON grants (tenant_id, premise_id);

CREATE TABLE meters (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  premise_id         uuid NOT NULL REFERENCES premises(id),
  kind               text NOT NULL CHECK (kind IN ('cold_water', 'hot_water', 'heat', 'electricity', 'gas')),
  location           text NOT NULL DEFAULT '',
  serial_number      text NOT NULL,
  unit               text NOT NULL DEFAULT 'm3',
  decimals           smallint NOT NULL DEFAULT 3 CHECK (decimals BETWEEN 0 AND 6),
  verification_due   date,
  installed_at       date,
  removed_at         date,
  replaces_meter_id  uuid REFERENCES meters(id),
  initial_value      numeric(16, 6) NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meters_premise ON meters (tenant_id, premise_id);

-- Every version of every reading is kept; exactly one per meter and period is current.
CREATE TABLE readings (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  meter_id     uuid NOT NULL REFERENCES meters(id),
  period       text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  value        numeric(16, 6) NOT NULL CHECK (value >= 0),
  version      integer NOT NULL DEFAULT 1,
  is_current   boolean NOT NULL DEFAULT true,
  source       text NOT NULL DEFAULT 'resident' CHECK (source IN ('resident', 'manager', 'import')),
  submitted_by uuid REFERENCES users(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meter_id, period, version)
);
CREATE UNIQUE INDEX readings_one_current ON readings (meter_id, period) WHERE is_current;
CREATE INDEX readings_meter_period ON readings (tenant_id, meter_id, period DESC) WHERE is_current;

-- A manager's hand-made extension of one period's window (holidays, outages).
CREATE TABLE reading_window_overrides (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  period     text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  opens_at   timestamptz NOT NULL,
  closes_at  timestamptz NOT NULL CHECK (closes_at > opens_at),
  note       text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, period)
);

-- Uploaded or generated files (invoice PDFs, notice attachments, documents), stored once.
CREATE TABLE stored_files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  file_name    text NOT NULL,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL CHECK (size_bytes >= 0),
  sha256       text NOT NULL,
  content      bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  premise_id       uuid NOT NULL REFERENCES premises(id),
  number           text NOT NULL,
  issue_date       date NOT NULL,
  period           text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  due_date         date NOT NULL,
  amount           numeric(12, 2) NOT NULL,   -- for the period
  balance_carried  numeric(12, 2) NOT NULL DEFAULT 0,  -- debt (+) or overpayment (-)
  total_due        numeric(12, 2) NOT NULL,
  paid_amount      numeric(12, 2) NOT NULL DEFAULT 0,
  paid_at          timestamptz,
  file_id          uuid REFERENCES stored_files(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, number)
);
CREATE INDEX invoices_premise_keyset ON invoices (tenant_id, premise_id, issue_date DESC, id DESC);

CREATE TABLE invoice_lines (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  invoice_id  uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  position    integer NOT NULL,
  service     text NOT NULL,
  quantity    numeric(14, 4) NOT NULL,
  unit        text NOT NULL DEFAULT '',
  unit_price  numeric(14, 4) NOT NULL,
  sum         numeric(12, 2) NOT NULL,
  UNIQUE (invoice_id, position)
);

CREATE TABLE notices (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  title       text NOT NULL,
  body        text NOT NULL,
  kind        text NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'urgent')),
  audience    text NOT NULL DEFAULT 'tenant' CHECK (audience IN ('tenant', 'buildings', 'premises')),
  publish_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'urgent' OR expires_at IS NOT NULL),
  CHECK (expires_at IS NULL OR expires_at > publish_at)
);
CREATE INDEX notices_publish ON notices (tenant_id, publish_at DESC);

CREATE TABLE notice_targets (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  notice_id   uuid NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  building_id uuid REFERENCES buildings(id),
  premise_id  uuid REFERENCES premises(id),
  CHECK ((building_id IS NULL) <> (premise_id IS NULL))
);
CREATE INDEX notice_targets_notice ON notice_targets (notice_id);

CREATE TABLE notice_attachments (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  notice_id uuid NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  file_id   uuid NOT NULL REFERENCES stored_files(id),
  PRIMARY KEY (notice_id, file_id)
);

CREATE TABLE notice_reads (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  notice_id uuid NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  user_id   uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  read_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, user_id)
);

-- The building's documents ("Mājas lieta").
CREATE TABLE documents (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            uuid NOT NULL REFERENCES tenants(id),
  building_id          uuid NOT NULL REFERENCES buildings(id),
  category             text NOT NULL CHECK (category IN ('estimate', 'report', 'repair_plan', 'meeting_protocol', 'other')),
  title                text NOT NULL,
  document_date        date NOT NULL,
  period               text,               -- "2026-Q1", "2025"
  file_id              uuid NOT NULL REFERENCES stored_files(id),
  requires_strong_auth boolean NOT NULL DEFAULT false,
  publish_at           timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_building ON documents (tenant_id, building_id, document_date DESC);

-- Contact with the manager ("Saziņa").
CREATE TABLE threads (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants(id),
  premise_id      uuid NOT NULL REFERENCES premises(id),
  created_by      uuid NOT NULL REFERENCES users(id),
  subject         text NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  notify_by_email boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX threads_premise ON threads (tenant_id, premise_id, updated_at DESC);

CREATE TABLE thread_messages (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  thread_id   uuid NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_kind text NOT NULL CHECK (author_kind IN ('resident', 'manager')),
  author_id   uuid REFERENCES users(id),
  body        text NOT NULL,
  file_id     uuid REFERENCES stored_files(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX thread_messages_thread ON thread_messages (thread_id, created_at);

-- Login sessions. The refresh token is stored only as a SHA-256 hash; see server/auth/sessions.ts.
CREATE TABLE sessions (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id           uuid NOT NULL REFERENCES tenants(id),
  user_id             uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  auth_level          text NOT NULL DEFAULT 'basic' CHECK (auth_level IN ('basic', 'strong')),
  remember            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_used_at        timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  revoked_reason      text
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id) WHERE revoked_at IS NULL;

-- Every refresh token ever issued for a session; only the newest one is live. Presenting an older
-- one means it was stolen or replayed, and the whole session is revoked.
CREATE TABLE refresh_tokens (
  token_hash    text PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  session_id    uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  superseded_at timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Single-use tokens sent by email (registration, reset, email change, invitation). Hash only.
CREATE TABLE email_tokens (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  purpose    text NOT NULL CHECK (purpose IN ('register_confirm', 'password_reset', 'email_change', 'invitation')),
  token_hash text NOT NULL UNIQUE,
  user_id    uuid REFERENCES users(id) ON DELETE CASCADE,
  email      text NOT NULL,
  payload    jsonb NOT NULL DEFAULT '{}',
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Failed-login counters for lockout, per (email, client) and per email.
CREATE TABLE login_attempts (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  scope        text NOT NULL CHECK (scope IN ('email_client', 'email')),
  key          text NOT NULL,
  failures     integer NOT NULL DEFAULT 0,
  lockouts     integer NOT NULL DEFAULT 0,
  last_failure timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  PRIMARY KEY (tenant_id, scope, key)
);

-- Fixed-window counters for rate limits on other flows (registration proofs, reset requests, …).
CREATE TABLE rate_limits (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  bucket       text NOT NULL,
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, bucket, key)
);

-- Outgoing mail, queued in the same transaction as the change that causes it.
CREATE TABLE email_outbox (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants(id),
  recipient       text NOT NULL,
  subject         text NOT NULL,
  text_body       text NOT NULL,
  html_body       text,
  headers         jsonb NOT NULL DEFAULT '{}',
  template        text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  actor_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_kind  text NOT NULL DEFAULT 'user' CHECK (actor_kind IN ('user', 'manager', 'system')),
  action      text NOT NULL,
  target_type text,
  target_id   text,
  details     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, created_at DESC);

-- Row-level security on every tenant-owned table, for the application role.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'customers', 'users', 'external_identities', 'buildings', 'premises', 'grants', 'meters',
    'readings', 'reading_window_overrides', 'stored_files', 'invoices', 'invoice_lines', 'notices',
    'notice_targets', 'notice_attachments', 'notice_reads', 'documents', 'threads',
    'thread_messages', 'sessions', 'refresh_tokens', 'email_tokens', 'login_attempts', 'rate_limits',
    'email_outbox', 'audit_log'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO doorstep_app', t);
  END LOOP;
END $$;

GRANT SELECT ON tenants TO doorstep_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO doorstep_app;
GRANT EXECUTE ON FUNCTION current_tenant_id() TO doorstep_app;
