-- Issue #20: what a login writes must not grow with the number of users and sessions.
--
-- After a checkpoint the first change to a page writes the whole 8 KB page to WAL (a full-page
-- image). A login inserted into four indexes at random places: sessions_pkey (a random uuid),
-- sessions_user (by user), refresh_tokens_pkey (a SHA-256 hash) and refresh_tokens_session (the
-- random session id); once an index has more pages than there are logins between two checkpoints,
-- nearly every login wrote four whole pages, so WAL per login grew with the tables
-- (bench/login-wal.bench.mjs prints it). Now:
--
-- * session ids are UUIDv7 (time first, made by the server: server/auth/ids.ts), so new sessions
--   append at the right edge of sessions_pkey;
-- * a refresh token carries the id of its row, also a UUIDv7 (`<id>.<secret>`); the row is found by
--   that id (refresh_tokens_id, right-edge inserts) and the secret checked against the stored
--   SHA-256 hash. Tokens issued before keep working, found by their hash (refresh_tokens_legacy_hash,
--   which holds only their rows and never grows); each is traded for a new-format token at its next
--   refresh, so the old format ends by itself within a session's 90-day cap;
-- * the session names its live token (sessions.refresh_token_id): a refresh changes the session's
--   row, which it must anyway (the sliding expiry), and no longer also marks the old token's row
--   superseded (superseded_at stays for the tokens of before);
-- * sessions no longer reference users by a foreign key: checking it locked the user's row (FOR
--   KEY SHARE writes the row's header), so every login wrote a random page of `users`. Users are
--   never deleted (they are disabled); the code creates a session only for the user it has just
--   read in the same transaction. Whatever deletes a user one day must end its sessions itself;
-- * "end every session of this user" (password change or reset, logout everywhere) no longer
--   looks the sessions up by user: it bumps users.session_epoch, and a session is alive only while
--   its epoch is its user's (server/auth/sessions.ts). So sessions_user, an index every login
--   inserted into at the user's place, goes;
-- * refresh_tokens_session goes: nothing looks tokens up by session, and the only use of such an
--   index, the ON DELETE CASCADE from sessions, never runs (sessions and users are not deleted). A
--   future cleanup that deletes sessions must delete their tokens first (by id, in time order).
-- * sessions and refresh_tokens leave room on each page, so a refresh's updates of last_used_at,
--   expires_at and superseded_at (no indexed column) stay on the page (HOT) and add no index entry.

ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN epoch integer NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN refresh_token_id uuid;
DROP INDEX sessions_user;
ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey;

ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_pkey;
ALTER TABLE refresh_tokens ADD COLUMN id uuid;
CREATE UNIQUE INDEX refresh_tokens_id ON refresh_tokens (id) WHERE id IS NOT NULL;
CREATE UNIQUE INDEX refresh_tokens_legacy_hash ON refresh_tokens (token_hash) WHERE id IS NULL;
DROP INDEX refresh_tokens_session;

ALTER TABLE sessions SET (fillfactor = 80);
ALTER TABLE refresh_tokens SET (fillfactor = 90);

COMMENT ON COLUMN users.session_epoch IS 'Since 0092: bumped to end every session of the user at once; a session is alive only while sessions.epoch equals it.';
COMMENT ON COLUMN refresh_tokens.id IS 'Since 0092: the UUIDv7 the token carries (`<id>.<secret>`); null for tokens issued before, which are found by token_hash.';
COMMENT ON COLUMN sessions.refresh_token_id IS 'Since 0092: the live refresh token (refresh_tokens.id); null while the live token is one of before 0092 (then: the one not superseded_at).';
