-- Files in object storage (issue #22). A stored file's metadata (name, type, size, sha256,
-- tenant, uploader) stays in this table whatever the store; its bytes live where `storage` says:
-- 'postgres' keeps them in `content` (the embedded default, one backup holds everything),
-- 's3' in an S3-compatible bucket under `object_key`. The key carries the tenant and a random id,
-- never the file name, so nothing a user typed reaches the bucket's key space.
ALTER TABLE stored_files ADD COLUMN storage text NOT NULL DEFAULT 'postgres' CHECK (storage IN ('postgres', 's3'));
ALTER TABLE stored_files ADD COLUMN object_key text;
UPDATE stored_files SET object_key = tenant_id::text || '/' || id::text WHERE object_key IS NULL;
ALTER TABLE stored_files ALTER COLUMN object_key SET NOT NULL;
CREATE UNIQUE INDEX stored_files_object_key ON stored_files (object_key);

-- Bytes in the row exactly when the row says so: moving a file to the bucket frees its bytea.
ALTER TABLE stored_files ALTER COLUMN content DROP NOT NULL;
ALTER TABLE stored_files ADD CONSTRAINT stored_files_content_where_stored CHECK ((storage = 'postgres') = (content IS NOT NULL));

-- Who uploaded it: 'user:<id>', 'api_key:<id>', 'staff:<id>'; NULL for files the system made
-- (generated invoice PDFs, the demo seed) and for files stored before this column existed.
ALTER TABLE stored_files ADD COLUMN uploaded_by text;

-- `doorstep files migrate` walks one store's files in id order, a batch at a time.
CREATE INDEX stored_files_storage_id ON stored_files (storage, id);
