-- Scheduled work (server/jobs/): one table of jobs for the whole deployment, claimed with
-- FOR UPDATE SKIP LOCKED by any number of instances, each job run once (see job-runner.ts).
-- `key` names the job itself (e.g. "reminders.send:<tenant>:2026-05:window_open:<due>"), so
-- planning the same work twice plans it once. tenant_id is null for deployment-wide jobs (the
-- reminder planner); the manager sees its own jobs through the admin API (GET /admin/jobs).
CREATE TABLE jobs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid REFERENCES tenants(id),
  kind         text NOT NULL,
  key          text NOT NULL UNIQUE,
  payload      jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  run_at       timestamptz NOT NULL DEFAULT now(),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 20,
  last_error   text,
  -- what the last run did ({"queued": 120, "skipped": 3}), for people reading the table
  result       jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'pending';
CREATE INDEX jobs_tenant_recent ON jobs (tenant_id, created_at DESC, id DESC);

-- Mail that must reach a person once per occasion: a row per (person, kind, occasion), inserted in
-- the same transaction as its email_outbox row. A second attempt (a job run again after a crash,
-- two instances, a re-planned window) meets the primary key and queues nothing.
-- occasion: the period for reading reminders, "<meter>:<date>:<days>" for verification reminders,
-- the invoice id for invoices, the reading id for receipts.
CREATE TABLE notifications (
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('window_open', 'last_day', 'receipt', 'verification', 'invoice')),
  occasion   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kind, occasion, user_id)
);
CREATE INDEX notifications_user ON notifications (tenant_id, user_id);

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notifications USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO doorstep_app;

-- The manager reads its own jobs; deployment-wide jobs (tenant_id null) are the operator's.
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON jobs TO doorstep_app;
