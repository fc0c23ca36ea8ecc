-- The bank profile of a payer account (bank 3 + branch 4 digits, account); accounts without one use the default.
CREATE TABLE banktransfer_payer_profile (
    payer_bank TEXT NOT NULL,
    payer_account TEXT NOT NULL,
    profile TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (payer_bank, payer_account)
);

-- One generation of an approved run's files: 'Current' until a newer one supersedes it or it is released.
-- At most one current generation per run.
CREATE TABLE banktransfer_generation (
    id $identity$,
    run_id BIGINT NOT NULL,
    state TEXT NOT NULL,
    hold_back TEXT NOT NULL,
    notes TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    generated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX banktransfer_generation_current ON banktransfer_generation (run_id) WHERE state <> 'Superseded';

-- One file per payer account; its bytes live in the Vault (document_id), encrypted, with the people it pays.
CREATE TABLE banktransfer_file (
    id $identity$,
    generation_id BIGINT NOT NULL REFERENCES banktransfer_generation (id),
    run_id BIGINT NOT NULL,
    payer_bank TEXT NOT NULL,
    payer_account TEXT NOT NULL,
    payer_name TEXT NOT NULL,
    profile TEXT NOT NULL,
    file_name TEXT NOT NULL,
    document_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    payments BIGINT NOT NULL,
    total BIGINT NOT NULL
);

CREATE INDEX banktransfer_file_generation ON banktransfer_file (generation_id);

-- Every credit of a file: Generated → Sent (release) → Paid or Rejected (return file).
CREATE TABLE banktransfer_payment (
    file_id BIGINT NOT NULL REFERENCES banktransfer_file (id),
    sequence BIGINT NOT NULL,
    run_id BIGINT NOT NULL,
    employee_id BIGINT NOT NULL,
    employee_no TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    payee_bank TEXT NOT NULL,
    payee_account_last4 TEXT NOT NULL,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL,
    return_code TEXT NULL,
    return_reason TEXT NULL,
    return_id BIGINT NULL,
    PRIMARY KEY (file_id, sequence)
);

CREATE INDEX banktransfer_payment_run ON banktransfer_payment (run_id, status);

-- People left out of a generation on purpose (their payee check failed): paid by an off-cycle run instead.
CREATE TABLE banktransfer_hold (
    generation_id BIGINT NOT NULL REFERENCES banktransfer_generation (id),
    run_id BIGINT NOT NULL,
    employee_id BIGINT NOT NULL,
    employee_no TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    amount BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (generation_id, employee_id)
);

-- The release: one per run (the primary key is the "never twice" rule), by someone other than the generator.
CREATE TABLE banktransfer_release (
    run_id BIGINT NOT NULL PRIMARY KEY,
    generation_id BIGINT NOT NULL REFERENCES banktransfer_generation (id),
    released_by TEXT NOT NULL,
    released_at BIGINT NOT NULL
);

-- Result files from the bank, each once per file (its SHA-256), kept in the Vault.
CREATE TABLE banktransfer_return (
    id $identity$,
    file_id BIGINT NOT NULL REFERENCES banktransfer_file (id),
    sha256 TEXT NOT NULL,
    document_id TEXT NOT NULL,
    paid BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX banktransfer_return_once ON banktransfer_return (file_id, sha256);
