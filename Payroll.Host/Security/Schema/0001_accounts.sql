-- Accounts, roles and server-side sessions (SECURITY.md, "Accounts and roles").
-- Instants are Unix milliseconds (BIGINT) on both engines.
CREATE TABLE security_user (
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
    updated_by TEXT NOT NULL
);

CREATE UNIQUE INDEX security_user_username ON security_user (username);

CREATE TABLE security_user_role (
    user_id BIGINT NOT NULL REFERENCES security_user (id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- The cookie carries a random session id; only its SHA-256 is stored, so a copy of this table opens no session.
CREATE TABLE security_session (
    id_hash TEXT NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES security_user (id),
    stage TEXT NOT NULL,
    client_ip TEXT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at BIGINT NULL,
    ended_reason TEXT NULL
);

CREATE INDEX security_session_user ON security_session (user_id);

-- Who did what to accounts (created, password reset, TOTP reset, lockout): actor is a user name or cli:<os user>.
CREATE TABLE security_account_event (
    id $identity$,
    user_id BIGINT NOT NULL REFERENCES security_user (id),
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    client_ip TEXT NULL,
    at BIGINT NOT NULL
);

CREATE INDEX security_account_event_user ON security_account_event (user_id, at);
