-- Vault: encrypted documents, download grants, and the hash-chained access ledger and change log.
-- Instants are Unix milliseconds; document and grant ids are random 128-bit hex strings.
CREATE TABLE vault_document (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    owner_module TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    subject_count INTEGER NOT NULL,
    data_categories TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    purged_at BIGINT NULL
);

CREATE INDEX vault_document_expires ON vault_document (expires_at);

-- Content apart from metadata, encrypted (FieldCipher, associated data vault_document_content|content|<id>).
CREATE TABLE vault_document_content (
    document_id TEXT NOT NULL PRIMARY KEY REFERENCES vault_document (id),
    content $bytes$ NOT NULL
);

-- The people a document contains: what makes "whose data was in it" one query.
CREATE TABLE vault_document_subject (
    document_id TEXT NOT NULL REFERENCES vault_document (id),
    subject_id BIGINT NOT NULL,
    PRIMARY KEY (document_id, subject_id)
);

CREATE INDEX vault_document_subject_subject ON vault_document_subject (subject_id);

CREATE TABLE vault_grant (
    id TEXT NOT NULL PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES vault_document (id),
    user_id BIGINT NOT NULL,
    session_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT NULL
);

-- One row per chain; taking the row (UPDATE ... RETURNING) makes appends one at a time.
CREATE TABLE vault_chain_head (
    chain TEXT NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL
);

INSERT INTO vault_chain_head (chain, seq, head_hash) VALUES ('access', 0, '0000000000000000000000000000000000000000000000000000000000000000');
INSERT INTO vault_chain_head (chain, seq, head_hash) VALUES ('change', 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE vault_access (
    seq BIGINT NOT NULL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    user_id BIGINT NULL,
    roles TEXT NULL,
    client_ip TEXT NULL,
    client_ip_bin $bytes$ NULL,
    user_agent TEXT NULL,
    action TEXT NOT NULL,
    document_id TEXT NULL,
    document_kind TEXT NULL,
    resource TEXT NULL,
    subject_ids TEXT NOT NULL,
    data_categories TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NULL,
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL
);

CREATE INDEX vault_access_at ON vault_access (at);
CREATE INDEX vault_access_document ON vault_access (document_id);

-- Subjects of accesses that are not to a document (a person's page, an API answer); documents' subjects are above.
CREATE TABLE vault_access_subject (
    access_seq BIGINT NOT NULL,
    subject_id BIGINT NOT NULL,
    PRIMARY KEY (access_seq, subject_id)
);

CREATE INDEX vault_access_subject_subject ON vault_access_subject (subject_id);

CREATE TABLE vault_change (
    seq BIGINT NOT NULL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    module TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    before_hash TEXT NULL,
    after_hash TEXT NULL,
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL
);

CREATE INDEX vault_change_entity ON vault_change (module, entity, entity_id);
