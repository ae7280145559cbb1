-- Webhooks to the manager's billing system (issue #13; server/webhooks/).
--
-- An endpoint is a URL the manager registered through the admin API with the events it wants and
-- a signing secret (Standard Webhooks, `whsec_…`), stored encrypted with AES-256-GCM under
-- DOORSTEP_ENCRYPTION_KEY (server/secrets/secret-box.ts) and shown only once, at creation.
-- A delivery is one event for one endpoint: inserted in the same transaction as the change that
-- causes it (a reading stored), together with the `webhooks.deliver` job that sends it. Its id is
-- the `webhook-id` header, so the receiver can drop a delivery it has already seen.
CREATE TABLE webhook_endpoints (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  url              text NOT NULL,
  events           text[] NOT NULL,
  secret_encrypted text NOT NULL,
  enabled          boolean NOT NULL DEFAULT true,
  description      text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, created_at, id);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_type       text NOT NULL,
  -- the event's data as sent: {"type", "timestamp", "data"}
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error       text,
  last_attempt_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC, id DESC);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO doorstep_app;
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO doorstep_app;
