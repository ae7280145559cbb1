-- Staff TOTP keys are encrypted at rest (issue #14). Until now `staff_accounts.totp_secret` and
-- `staff_sessions.pending_totp_secret` held the base32 key itself: whoever read the table (a
-- backup, a leaked dump) could compute every staff member's codes and the second factor was gone.
-- From now on both hold the key sealed by server/secrets/secret-box.ts (AES-256-GCM under
-- DOORSTEP_ENCRYPTION_KEY, `v1.<iv>.<ciphertext+tag>`, bound to the tenant and staff account).
--
-- SQL cannot seal: the key is not the database's to know. So, as 0020 did for personal codes, this
-- migration adds the rule and the application seals whatever plain keys remain on its next start,
-- in one transaction (server/staff/totp-secrets.ts). The checks are NOT VALID: they do not hold up
-- the migration on the rows that start converts, but every insert and update from now on must
-- write a sealed key (a plain base32 key has no '.', so it can never pass for one).
ALTER TABLE staff_accounts ADD CONSTRAINT staff_accounts_totp_secret_sealed CHECK (totp_secret IS NULL OR totp_secret LIKE 'v1.%') NOT VALID;
ALTER TABLE staff_sessions ADD CONSTRAINT staff_sessions_pending_totp_secret_sealed CHECK (pending_totp_secret IS NULL OR pending_totp_secret LIKE 'v1.%') NOT VALID;

COMMENT ON COLUMN staff_accounts.totp_secret IS 'Since 0085: the TOTP key sealed by the secret box (v1.…), bound to tenant and account; plain keys of before are sealed at start.';
COMMENT ON COLUMN staff_sessions.pending_totp_secret IS 'Since 0085: the TOTP key being enrolled, sealed like staff_accounts.totp_secret.';
