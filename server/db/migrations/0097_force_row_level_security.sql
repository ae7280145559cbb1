-- Row-level security that the owner cannot skip by accident (issue #16).
--
-- Until now the tenant tables ENABLEd row-level security without FORCE, and Postgres does not
-- apply a table's policies to its owner: the role Doorstep connects as, which runs the migrations
-- and so owns every table. A statement that reached the database as that role (one sent on a
-- tenant transaction's connection after its COMMIT, a repository handed `database.db` instead of
-- the tenant's transaction) saw and could change every tenant's rows.
--
-- The decision: every table with a tenant_id column FORCEs row-level security, so the owner is
-- held to the policies like doorstep_app: with no tenant set it sees no tenant row and can write
-- none. Work that really spans tenants (the job runner and outbox worker claiming due rows, the
-- operator creating a tenant with its first key, the demo seed, start-up data fixes, migrations)
-- says so explicitly: it runs in `database.withSystem(…)`, a transaction that sets
-- `app.scope = 'system'` locally, which the `system_scope` policy below accepts. That policy is
-- granted to the role running this migration (the owner) only, never to doorstep_app, so a
-- tenant transaction cannot widen itself by setting the scope. (A dedicated BYPASSRLS role was
-- the other way; creating one needs a superuser, which a migration cannot assume.)
--
-- Superusers bypass row-level security even with FORCE: on embedded PGlite and where Doorstep
-- connects as a superuser this changes nothing for the owner's own statements, and what keeps a
-- statement from running after its transaction there is the guard in server/db/database.ts.
-- Deploy Doorstep as a role that owns the schema and is not a superuser to have both.
--
-- A new tenant table needs, besides its tenant_isolation policy and grants:
--   ALTER TABLE t FORCE ROW LEVEL SECURITY;
--   CREATE POLICY system_scope ON t TO CURRENT_USER
--     USING (current_setting('app.scope', true) = 'system') WITH CHECK (current_setting('app.scope', true) = 'system');
-- tests/server/rls-force.test.ts fails for a table with a tenant_id column that has not.

DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
    ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY system_scope ON %I TO CURRENT_USER'
      ' USING (current_setting(''app.scope'', true) = ''system'') WITH CHECK (current_setting(''app.scope'', true) = ''system'')', t);
  END LOOP;
END $$;
