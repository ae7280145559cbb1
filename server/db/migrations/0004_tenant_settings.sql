-- A manager changes its own settings (name, time zone, origins, window rule, the settings jsonb)
-- through the admin API, whose work runs as doorstep_app under row-level security like every
-- other tenant change, with its audit entry in the same transaction. The application role may
-- therefore update those columns of its own tenant row, and no other: the slug, the disabled
-- flag and the language stay the operator's, and another tenant's row is out of reach. Every
-- tenant row stays readable, as before (it is how a tenant is found by its slug).

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_readable ON tenants FOR SELECT USING (true);
CREATE POLICY tenant_isolation ON tenants FOR UPDATE USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());
GRANT UPDATE (name, time_zone, allowed_origins, reading_window, settings) ON tenants TO doorstep_app;
