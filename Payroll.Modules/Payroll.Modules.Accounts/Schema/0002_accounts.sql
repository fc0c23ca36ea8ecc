-- Accounts, roles and server-side sessions. Instants are Unix milliseconds (BIGINT) on both engines.
-- IF NOT EXISTS: a database adopted by 0001 already has the tables (under these names) and gets only the indexes.
CREATE TABLE IF NOT EXISTS accounts_user (
    id $identity$,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret_protected TEXT NULL,
    totp_enrolled BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    -- An Employee account may be linked to the person it belongs to (their own payslip and record, nothing else).
    employee_id BIGINT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS accounts_user_username ON accounts_user (username);

CREATE TABLE IF NOT EXISTS accounts_user_role (
    user_id BIGINT NOT NULL REFERENCES accounts_user (id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- The cookie carries a random session id; only its SHA-256 is stored, so a copy of this table opens no session.
CREATE TABLE IF NOT EXISTS accounts_session (
    id_hash TEXT NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES accounts_user (id),
    stage TEXT NOT NULL,
    client_ip TEXT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at BIGINT NULL,
    ended_reason TEXT NULL
);

CREATE INDEX IF NOT EXISTS accounts_session_user ON accounts_session (user_id);

-- Who did what to accounts (created, password reset, TOTP reset, lockout): actor is a user name or cli:<os user>.
CREATE TABLE IF NOT EXISTS accounts_account_event (
    id $identity$,
    user_id BIGINT NOT NULL REFERENCES accounts_user (id),
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    client_ip TEXT NULL,
    at BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS accounts_account_event_user ON accounts_account_event (user_id, at);

-- The fingerprint of the field-key file the data is encrypted with: a host given another file refuses to start.
CREATE TABLE IF NOT EXISTS accounts_field_key (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    key_file TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
