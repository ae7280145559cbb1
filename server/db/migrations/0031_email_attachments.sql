-- A queued message may carry one stored file as its attachment (the invoice PDF of an
-- invoice-by-email): the outbox worker reads the file when it sends, so the queue row stays small.
ALTER TABLE email_outbox ADD COLUMN attachment_file_id uuid REFERENCES stored_files(id);
