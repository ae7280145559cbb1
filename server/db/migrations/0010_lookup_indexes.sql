-- Every lookup a request makes is an index lookup under row-level security (issue #20).
--
-- Requests run as doorstep_app, under the tenant_isolation policy. Postgres applies the policy
-- before any condition of the query that uses a function or operator not marked LEAKPROOF
-- (lower(), LIKE, jsonb's ?, …), so such a condition can never be an index condition there: login's
-- `lower(email) = $1` read every user of the tenant, although `users_tenant_email` indexed
-- exactly lower(email). The rule from now on: compare stored, already-normalized columns with plain
-- `=` (leakproof for text and uuid) and index exactly those columns. tests/server/support/plan-guard.ts
-- reads the plan of every statement the test suite sends and fails on a lookup that is not.

-- Emails are stored in one normal form (server/mail/address.ts: trimmed, lower-cased, the domain
-- in punycode), which the application has always written; the CHECK makes the database refuse
-- anything else, so the plain unique index keeps "one account per email per tenant" case-insensitive.
-- Rows written before the rule are normalized first (only trimming and case can be done here;
-- a clash between two such rows stops the migration rather than merging two accounts).
UPDATE users SET email = lower(btrim(email)) WHERE email <> lower(btrim(email));
ALTER TABLE users ADD CONSTRAINT users_email_normalized CHECK (email = lower(btrim(email)));
DROP INDEX users_tenant_email;
CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, email);

UPDATE email_tokens SET email = lower(btrim(email)) WHERE email <> lower(btrim(email));
ALTER TABLE email_tokens ADD CONSTRAINT email_tokens_email_normalized CHECK (email = lower(btrim(email)));
-- A user's open tokens of one purpose (the profile's pending email change, retiring older reset
-- links); also what the ON DELETE CASCADE from users needs.
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose) WHERE user_id IS NOT NULL;
-- The open registrations of one email (confirming one retires the others).
CREATE INDEX email_tokens_email ON email_tokens (tenant_id, email, purpose) WHERE used_at IS NULL;

-- Which premises an invitation covers, as rows: the list in email_tokens.payload could only be
-- searched with jsonb's `?`, which row-level security keeps out of any index. The payload keeps
-- its premiseIds for the invitation's reader; server/members/members.repository.ts writes both.
CREATE TABLE invitation_premises (
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  email_token_id uuid NOT NULL REFERENCES email_tokens(id) ON DELETE CASCADE,
  premise_id     uuid NOT NULL REFERENCES premises(id),
  PRIMARY KEY (email_token_id, premise_id)
);
CREATE INDEX invitation_premises_premise ON invitation_premises (tenant_id, premise_id);
ALTER TABLE invitation_premises ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitation_premises
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON invitation_premises TO doorstep_app;

INSERT INTO invitation_premises (tenant_id, email_token_id, premise_id)
SELECT DISTINCT t.tenant_id, t.id, p.id
FROM email_tokens t
CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(t.payload -> 'premiseIds') = 'array' THEN t.payload -> 'premiseIds' ELSE '[]'::jsonb END) AS listed(id)
JOIN premises p ON p.tenant_id = t.tenant_id AND p.id::text = lower(listed.id)
WHERE t.purpose = 'invitation';

-- Lockout counters remember their email as a column, so a password reset clears every
-- (email, client) counter of the email by `=` instead of `key LIKE 'email|%'`.
ALTER TABLE login_attempts ADD COLUMN email text;
UPDATE login_attempts SET email = CASE WHEN scope = 'email' THEN key ELSE substring(key FROM '^(.*)\|[^|]*$') END;
UPDATE login_attempts SET email = key WHERE email IS NULL;
ALTER TABLE login_attempts ALTER COLUMN email SET NOT NULL;
CREATE INDEX login_attempts_email ON login_attempts (tenant_id, email);

-- A customer's premises (registration makes the account the owner of all of them); also what a
-- customer's deletion checks.
CREATE INDEX premises_customer ON premises (customer_id) WHERE customer_id IS NOT NULL;

-- The invitations a resident sent lately (the invitation rate limit counts them in the audit log).
CREATE INDEX audit_log_actor ON audit_log (actor_id, action, created_at) WHERE actor_id IS NOT NULL;

-- A tenant's window overrides (doorstep_window_overrides in server/readings/readings.repository.ts):
-- since 0003 the only indexes on the table are partial (tenant-wide or per building), and a query
-- for both kinds matched neither, so it read the overrides of every tenant.
CREATE INDEX reading_window_overrides_tenant ON reading_window_overrides (tenant_id, period);

-- The meter a replacement took over from (admin meter replace looks it up; also what a meter's
-- deletion checks through the self-reference).
CREATE INDEX meters_replaces ON meters (replaces_meter_id) WHERE replaces_meter_id IS NOT NULL;
