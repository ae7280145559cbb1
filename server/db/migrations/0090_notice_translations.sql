-- Notices in the residents' languages (issue #14, the console): the manager writes a notice in
-- Latvian (title, body) and may add Russian and English versions. Kept with the notice as
-- {"ru": {"title": "…", "body": "…"}, "en": {…}}; a resident asking for a language the notice
-- does not have reads the Latvian text.
ALTER TABLE notices ADD COLUMN translations jsonb NOT NULL DEFAULT '{}';
