-- The manager's staff (issue #14): people who work in the console, per tenant, with role `admin`
-- (everything) or `staff` (day-to-day work). They log in with email + password (Argon2id, the
-- residents' policy and lockout) and a TOTP second factor. Their sessions are their own table:
-- a staff token is never a resident's session and never opens resident routes.

CREATE TABLE staff_accounts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL REFERENCES tenants(id),
  -- Stored in its normal form (trimmed, lower case), so login finds it with `=` on the index.
  email             text NOT NULL CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role              text NOT NULL CHECK (role IN ('admin', 'staff')),
  language          text NOT NULL DEFAULT 'lv' CHECK (language IN ('lv', 'en', 'ru')),
  password_hash     text NOT NULL,
  -- The TOTP key (RFC 6238, base32), set when the enrolment was confirmed with a first code.
  totp_secret       text,
  totp_confirmed_at timestamptz,
  -- The last 30-second step a code was accepted for: a code is good once, never replayed.
  totp_last_step    bigint,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

-- One-time recovery codes (when the phone is lost): only their SHA-256 is kept; each works once.
CREATE TABLE staff_recovery_codes (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  staff_id    uuid NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
  code_hash   text NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (staff_id, code_hash)
);

-- Staff sessions. `stage` = 'password' is the short step between a right password and the TOTP
-- code (its token opens nothing but that step; `pending_totp_secret` holds a key being enrolled);
-- 'active' is a working session, sliding for a short idle time with an absolute cap.
CREATE TABLE staff_sessions (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            uuid NOT NULL REFERENCES tenants(id),
  staff_id             uuid NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
  token_hash           text NOT NULL UNIQUE,
  stage                text NOT NULL CHECK (stage IN ('password', 'active')),
  pending_totp_secret  text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  last_used_at         timestamptz NOT NULL DEFAULT now(),
  expires_at           timestamptz NOT NULL,
  absolute_expires_at  timestamptz NOT NULL,
  revoked_at           timestamptz
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id) WHERE revoked_at IS NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['staff_accounts', 'staff_recovery_codes', 'staff_sessions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO doorstep_app', t);
  END LOOP;
END $$;
