-- The console's resident search (issue #14, GET /admin/resident-search): a fragment of an address,
-- an account number, a name or an email finds the premise. Word-prefix full-text search
-- ('simple' configuration, no stemming, no extension needed, so PGlite and any Postgres have it),
-- served by these GIN indexes; dashes and slashes count as spaces, so "3-111" is the words 3 and
-- 111 and "111" finds it. The expressions must stay exactly those in
-- server/admin/people/search.repository.ts, or the planner cannot use the indexes.
CREATE INDEX premises_search ON premises
  USING gin (to_tsvector('simple'::regconfig, translate(label || ' ' || account_number || ' ' || coalesce(external_ref, ''), '-/', '  ')));
CREATE INDEX users_search ON users
  USING gin (to_tsvector('simple'::regconfig, translate(name || ' ' || email, '-/', '  ')));
CREATE INDEX customers_search ON customers
  USING gin (to_tsvector('simple'::regconfig, translate(name || ' ' || coalesce(email, ''), '-/', '  ')));
-- The search's results come in address order, a page at a time ((label, id) keyset).
CREATE INDEX premises_label ON premises (tenant_id, label, id);
