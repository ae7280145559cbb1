-- Staff account security (issue #14): an admin who resets a staff member's password gives them a
-- temporary one that works for one thing only, choosing their own: until then their session
-- opens no admin route (server/rights/admin-rights.ts), only the password change.
ALTER TABLE staff_accounts ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
