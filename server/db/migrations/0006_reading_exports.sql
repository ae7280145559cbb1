-- Readings leave for the manager's billing system (server/admin/readings/): a period at a time, and
-- incrementally, "everything written since my last pull".
--
-- The incremental cursor is a Postgres snapshot, and every reading row records the transaction
-- that wrote it (written_xid). A pull runs in one REPEATABLE READ transaction; its snapshot S is
-- the next cursor, and it returns the rows visible in S that were not visible in the previous
-- cursor's snapshot. Visibility is decided by commit, not by the order ids or timestamps were
-- handed out, so a transaction that took its id early and committed late is still delivered, once
-- (a sequence or submitted_at would skip it: see export-cursor.ts).
--
-- Rows written before this migration read as xid 1 (a constant default, so adding the column
-- rewrites nothing): older than every snapshot, delivered only by a pull from the beginning.
ALTER TABLE readings ADD COLUMN written_xid xid8 NOT NULL DEFAULT '1';
ALTER TABLE readings ALTER COLUMN written_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX readings_tenant_written ON readings (tenant_id, written_xid, id);

-- An in-place change of a reading (an import correcting a value) is a new write for the cursor.
-- Retiring a version (is_current only) is not: the version that retires it is delivered instead.
CREATE FUNCTION readings_stamp_written_xid() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.written_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER readings_restamp BEFORE UPDATE OF meter_id, period, value, version, source, submitted_by, submitted_at ON readings
  FOR EACH ROW
  WHEN (OLD.meter_id IS DISTINCT FROM NEW.meter_id OR OLD.period IS DISTINCT FROM NEW.period OR OLD.value IS DISTINCT FROM NEW.value
        OR OLD.version IS DISTINCT FROM NEW.version OR OLD.source IS DISTINCT FROM NEW.source
        OR OLD.submitted_by IS DISTINCT FROM NEW.submitted_by OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
  EXECUTE FUNCTION readings_stamp_written_xid();

-- A period's current readings in meter order: the period export and "who has not submitted".
CREATE INDEX readings_tenant_period ON readings (tenant_id, period, meter_id) WHERE is_current;
