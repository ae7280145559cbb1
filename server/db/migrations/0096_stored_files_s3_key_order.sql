-- The bucket sweep (server/files/sweep.ts) walks the bucket's listing and the rows of files kept in
-- the bucket side by side, both in the order S3 lists keys (bytes, i.e. collation "C"), instead of
-- holding every key of the bucket in memory. This index gives the rows in that order whatever the
-- database's default collation is (a natural-language collation orders '-' and '/' differently).
CREATE INDEX stored_files_s3_key_order ON stored_files (object_key COLLATE "C") WHERE storage = 's3';
