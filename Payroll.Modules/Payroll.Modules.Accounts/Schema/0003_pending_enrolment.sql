-- The TOTP secret an enrolment session offered, protected like the account's own. It lives with the session, so the
-- enrolment page never sends a protected secret through the browser and never decrypts one it was sent.
ALTER TABLE accounts_session ADD COLUMN pending_totp_secret TEXT NULL;
