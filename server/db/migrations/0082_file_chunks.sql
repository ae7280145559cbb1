-- Files of the 'postgres' store in chunks (issue #22). Until now a file's bytes were one bytea in
-- its stored_files row, so storing collected the whole upload in memory and every download read it
-- whole. Now they are rows of at most 1 MiB here, written and read a chunk at a time, so memory per
-- upload and per download is bounded whatever the file's size, on PGlite and Postgres alike.
-- The chunks are keyed by the file's object key, like an object in the bucket: they are written
-- before the file's row (an upload streams in before its request's transaction begins) and, like
-- a bucket's objects, chunks that no row points at are removed by the orphan sweep.
CREATE TABLE stored_file_chunks (
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  object_key text NOT NULL,
  -- The chunk's first byte in the file: a range read picks its chunks without counting them.
  start_byte bigint NOT NULL,
  data       bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object_key, start_byte)
);
ALTER TABLE stored_file_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stored_file_chunks USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, DELETE ON stored_file_chunks TO doorstep_app;

-- Files stored before: their bytes move into chunks, so there is one shape to read.
INSERT INTO stored_file_chunks (tenant_id, object_key, start_byte, data, created_at)
SELECT f.tenant_id, f.object_key, part.start_byte, substring(f.content FROM part.start_byte + 1 FOR 1048576), f.created_at
FROM stored_files f
CROSS JOIN LATERAL generate_series(0, greatest(length(f.content) - 1, 0), 1048576) AS part(start_byte)
WHERE f.content IS NOT NULL;

ALTER TABLE stored_files DROP CONSTRAINT stored_files_content_where_stored;
UPDATE stored_files SET content = NULL WHERE content IS NOT NULL;
-- The column stays (older code paths name it) but holds nothing any more.
ALTER TABLE stored_files ADD CONSTRAINT stored_files_content_in_chunks CHECK (content IS NULL);
