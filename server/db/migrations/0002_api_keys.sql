-- The manager's side: tenants can be disabled by the operator, tenants hold API keys (stored only
-- as SHA-256 hashes of their secret) and every admin write is audited with the key that made it.

ALTER TABLE tenants ADD COLUMN disabled_at timestamptz;
-- Never used: keys live in api_keys, several per tenant.
ALTER TABLE tenants DROP COLUMN api_key_hash;
-- `operator` is the operator API's own path segment (/v1/operator/…).
ALTER TABLE tenants ADD CONSTRAINT tenants_slug_not_reserved CHECK (slug NOT IN ('operator', 'admin', 'docs', 'widgets', 'console'));

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The first characters of the secret after `dsk_`, shown in lists so a person can tell keys apart.
  prefix       text NOT NULL,
  -- SHA-256 of the whole key, hex. The key has 256 random bits, so a fast hash is enough.
  secret_hash  text NOT NULL UNIQUE,
  scopes       text[] NOT NULL CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY['read', 'write']::text[]),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('user', 'manager', 'system', 'api_key', 'operator', 'staff'));
ALTER TABLE audit_log ADD COLUMN api_key_id uuid REFERENCES api_keys(id);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys TO doorstep_app;
