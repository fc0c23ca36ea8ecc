-- Every checkpoint appended to the checkpoint file is also recorded here: a file that goes missing, or loses or changes
-- lines, is then noticed by audit verify. The file remains the proof (someone who rewrites the database can rewrite this
-- table too); this is what tells that the file was ever written.
CREATE TABLE vault_checkpoint (
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (chain, seq, at)
);
