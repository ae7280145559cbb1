-- Strong login through OpenID Connect (issue #12; server/oidc/).

-- A tenant's identity providers: its bank, eParaksts, Smart-ID. `slug` names the provider in the
-- public paths (/v1/{tenant}/auth/oidc/{slug}/start). The client secret is stored encrypted
-- (AES-256-GCM under DOORSTEP_ENCRYPTION_KEY, bound to the tenant and slug: server/secrets/secret-box.ts)
-- and never shown again.
CREATE TABLE oidc_providers (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id               uuid NOT NULL REFERENCES tenants(id),
  slug                    text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  display_name            text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  icon                    text NOT NULL CHECK (icon IN ('bank', 'eparaksts', 'smart-id', 'other')),
  issuer                  text NOT NULL,
  client_id               text NOT NULL,
  client_secret_encrypted text NOT NULL,
  scopes                  text[] NOT NULL,
  personal_code_claim     text NOT NULL,
  enabled                 boolean NOT NULL DEFAULT true,
  position                int NOT NULL DEFAULT 0,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, slug)
);

-- A started login, between the redirect to the provider and its callback: the values only this
-- server knows (PKCE verifier, nonce) under the hash of the `state` it sent along. Used once.
CREATE TABLE oidc_flows (
  state_hash     text PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  provider_id    uuid NOT NULL REFERENCES oidc_providers(id) ON DELETE CASCADE,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  opener_origin  text NOT NULL,
  remember       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz
);
CREATE INDEX oidc_flows_provider ON oidc_flows (provider_id);

-- The one-time code the callback hands to the widget (by postMessage, to the opener's origin
-- only), exchanged once, from that origin, within a minute, for the usual tokens.
CREATE TABLE oidc_handoffs (
  code_hash      text PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  user_id        uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  opener_origin  text NOT NULL,
  remember       boolean NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz
);
CREATE INDEX oidc_handoffs_user ON oidc_handoffs (user_id);

-- A user's identities (what a user's deletion checks through the cascade).
CREATE INDEX external_identities_user ON external_identities (user_id);

ALTER TABLE oidc_providers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oidc_providers USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_providers TO doorstep_app;
ALTER TABLE oidc_flows ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oidc_flows USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_flows TO doorstep_app;
ALTER TABLE oidc_handoffs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oidc_handoffs USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_handoffs TO doorstep_app;
