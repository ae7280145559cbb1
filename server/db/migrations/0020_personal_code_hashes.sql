-- Personal codes are stored only as keyed hashes (issue #12; server/personal-codes/).
--
-- A personal code is what a strong login (bank, eParaksts, Smart-ID) is matched by, and it is the
-- one thing about a resident that must never leak: it names the person and, in the old form, their
-- birth date. From now on a code is stored as HMAC-SHA256 of its normal form under a key that
-- lives outside the database (DOORSTEP_PERSONAL_CODE_KEY), and beside it a hint (`******-***23`)
-- that a manager's screen may show.
--
-- SQL cannot compute these hashes: it does not know the key. So this migration only adds the
-- columns, and the application hashes whatever plain codes remain, in one transaction, on its
-- next start (server/personal-codes/plain-codes.ts), leaving `personal_code` empty. Nothing writes
-- the plain column any more; the partial indexes keep that start-up check an index lookup of
-- nothing once the rows are converted.
ALTER TABLE customers ADD COLUMN personal_code_hash text CHECK (personal_code_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE customers ADD COLUMN personal_code_hint text;
CREATE INDEX customers_personal_code_hash ON customers (tenant_id, personal_code_hash) WHERE personal_code_hash IS NOT NULL;
CREATE INDEX customers_personal_code_plain ON customers (id) WHERE personal_code IS NOT NULL;

ALTER TABLE users ADD COLUMN personal_code_hash text CHECK (personal_code_hash ~ '^[0-9a-f]{64}$');
DROP INDEX users_personal_code;
CREATE INDEX users_personal_code_hash ON users (tenant_id, personal_code_hash) WHERE personal_code_hash IS NOT NULL;
CREATE INDEX users_personal_code_plain ON users (id) WHERE personal_code IS NOT NULL;

COMMENT ON COLUMN customers.personal_code IS 'Before 0020: the plain code. Hashed into personal_code_hash and emptied at start; never written.';
COMMENT ON COLUMN users.personal_code IS 'Before 0020: the plain code. Hashed into personal_code_hash and emptied at start; never written.';
