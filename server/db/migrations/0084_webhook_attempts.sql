-- Every attempt of a webhook delivery (issue #13; server/webhooks/). Migration 0070 kept only the
-- last attempt on the delivery row; a manager asking "what did our billing system answer
-- yesterday at 3?" needs each one: when, the status code or the error, how long it took, and
-- whether it was a replay asked for by hand. Inserted in the same transaction as the delivery's
-- own summary (status, attempts, last_*), which stays for the list.
CREATE TABLE webhook_attempts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  delivery_id  uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL,
  status_code  integer,
  error        text,
  duration_ms  integer NOT NULL,
  replay       boolean NOT NULL DEFAULT false
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (tenant_id, delivery_id, attempted_at, id);

-- A replay asked for by hand counts its attempts from here, so it gets the full back-off again.
ALTER TABLE webhook_deliveries ADD COLUMN replays integer NOT NULL DEFAULT 0;

ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_attempts USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_attempts TO doorstep_app;
