-- The manager's own ids (`externalRef`) as upsert keys of everything a billing system sends, the
-- proxy's authorisation on a grant, and reading windows moved for one building.

ALTER TABLE buildings ADD COLUMN external_ref text;
ALTER TABLE buildings ADD CONSTRAINT buildings_tenant_external_ref UNIQUE (tenant_id, external_ref);
ALTER TABLE buildings ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE premises ADD COLUMN external_ref text;
ALTER TABLE premises ADD CONSTRAINT premises_tenant_external_ref UNIQUE (tenant_id, external_ref);
ALTER TABLE premises ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE customers ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE meters ADD COLUMN external_ref text;
ALTER TABLE meters ADD CONSTRAINT meters_tenant_external_ref UNIQUE (tenant_id, external_ref);
ALTER TABLE meters ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE notices ADD COLUMN external_ref text;
ALTER TABLE notices ADD CONSTRAINT notices_tenant_external_ref UNIQUE (tenant_id, external_ref);

ALTER TABLE documents ADD COLUMN external_ref text;
ALTER TABLE documents ADD CONSTRAINT documents_tenant_external_ref UNIQUE (tenant_id, external_ref);

-- A proxy acts on an authorisation ("notariāli apstiprināta pilnvara"): its reference, and until
-- when it holds. An expired grant opens nothing.
ALTER TABLE grants ADD COLUMN authorization_ref text;
ALTER TABLE grants ADD COLUMN expires_at timestamptz;

-- A window moved for one building only (building_id set) or for the whole tenant (null).
ALTER TABLE reading_window_overrides ADD COLUMN building_id uuid REFERENCES buildings(id);
ALTER TABLE reading_window_overrides DROP CONSTRAINT reading_window_overrides_tenant_id_period_key;
CREATE UNIQUE INDEX reading_window_overrides_tenant_period ON reading_window_overrides (tenant_id, period) WHERE building_id IS NULL;
CREATE UNIQUE INDEX reading_window_overrides_building_period ON reading_window_overrides (tenant_id, building_id, period) WHERE building_id IS NOT NULL;
