-- Who confirmed a reference table version against its official source, when, and the SHA-256 of the source document
-- they compared it with (the published PDF or workbook). The figures themselves never change: verification is a record
-- about them.
ALTER TABLE salary_reference_table ADD COLUMN verified_by TEXT NULL;
ALTER TABLE salary_reference_table ADD COLUMN verified_at BIGINT NULL;
ALTER TABLE salary_reference_table ADD COLUMN verified_source_sha256 TEXT NULL;

-- The table versions each version of a run read while calculating (written with the chunk's results).
CREATE TABLE salary_run_table (
    run_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    table_id BIGINT NOT NULL,
    PRIMARY KEY (run_id, version, table_id)
);

-- An approver's acknowledgement, by name, that a run is approved although it used a table not yet verified.
CREATE TABLE salary_run_acknowledgement (
    run_id BIGINT NOT NULL,
    table_id BIGINT NOT NULL,
    acknowledged_by TEXT NOT NULL,
    acknowledged_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, table_id)
);
