-- Salary: reference tables (effective-dated, with their source), standing deductions, payroll runs, their chunks,
-- payslips and the traced lines behind every amount. Money is whole NT$ (BIGINT); dates ISO TEXT; instants Unix ms.

-- One version of one reference table (kind = salary-points, nhi, withholding, ...), its content as JSON. A version is
-- never changed once loaded: a correction is a new version with its own effective date, so a closed run's trace
-- (which names the version id) always points at the figures that produced it.
CREATE TABLE salary_reference_table (
    id $identity$,
    kind TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    source TEXT NOT NULL,
    verified BOOLEAN NOT NULL,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    loaded_at BIGINT NOT NULL,
    loaded_by TEXT NOT NULL
);

CREATE UNIQUE INDEX salary_reference_table_kind_date ON salary_reference_table (kind, effective_from);

-- Court garnishments (法院扣押) and voluntary deductions (dues, savings), per person, for a range of periods.
CREATE TABLE salary_standing_deduction (
    id $identity$,
    employee_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    amount BIGINT NOT NULL,
    reference TEXT NOT NULL,
    from_period TEXT NOT NULL,
    to_period TEXT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE INDEX salary_standing_deduction_employee ON salary_standing_deduction (employee_id);

-- A payroll run. version = the published result; pending_version = the one being calculated (a rerun), if any.
CREATE TABLE salary_run (
    id $identity$,
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    units TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    pending_version BIGINT NULL,
    started_by TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    calculated_at BIGINT NULL,
    approved_by TEXT NULL,
    approved_at BIGINT NULL,
    cancelled_by TEXT NULL,
    cancelled_at BIGINT NULL,
    people BIGINT NOT NULL DEFAULT 0,
    gross BIGINT NOT NULL DEFAULT 0,
    deductions BIGINT NOT NULL DEFAULT 0,
    net BIGINT NOT NULL DEFAULT 0,
    exceptions BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX salary_run_period ON salary_run (period, kind);

-- One version of a run: what was asked (all, some units, one person), by whom, and when it was published.
CREATE TABLE salary_run_version (
    run_id BIGINT NOT NULL REFERENCES salary_run (id),
    version BIGINT NOT NULL,
    scope TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    completed_at BIGINT NULL,
    chunks BIGINT NOT NULL,
    PRIMARY KEY (run_id, version)
);

-- The people of one version, split into chunks; one job per chunk. claimed_until is a worker's lease, so a crashed
-- worker's chunk is taken up again; nudged_at is when the sweeper last re-enqueued it.
CREATE TABLE salary_run_chunk (
    run_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    chunk_no BIGINT NOT NULL,
    people BIGINT NOT NULL,
    state TEXT NOT NULL,
    planned_at BIGINT NOT NULL,
    claimed_until BIGINT NULL,
    nudged_at BIGINT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    done_at BIGINT NULL,
    PRIMARY KEY (run_id, version, chunk_no)
);

CREATE INDEX salary_run_chunk_state ON salary_run_chunk (state);

-- Who a version covers, and in which chunk. A person covered but not paid (left, on leave) loses their earlier result.
CREATE TABLE salary_run_member (
    run_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    employee_id BIGINT NOT NULL,
    chunk_no BIGINT NOT NULL,
    PRIMARY KEY (run_id, version, employee_id)
);

CREATE INDEX salary_run_member_chunk ON salary_run_member (run_id, version, chunk_no);

-- One person's result in one version of a run. is_current marks the published one: nobody is in a run twice.
CREATE TABLE salary_payslip (
    run_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    employee_id BIGINT NOT NULL,
    employee_no TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    days_paid BIGINT NOT NULL,
    days_in_period BIGINT NOT NULL,
    gross BIGINT NOT NULL,
    deductions BIGINT NOT NULL,
    net BIGINT NOT NULL,
    exception TEXT NULL,
    is_current BOOLEAN NOT NULL,
    PRIMARY KEY (run_id, version, employee_id)
);

CREATE UNIQUE INDEX salary_payslip_once ON salary_payslip (run_id, employee_id) WHERE is_current;
CREATE INDEX salary_payslip_employee ON salary_payslip (employee_id);

-- Every amount on a payslip: the rule that produced it, the table version it read and its inputs (the trace).
CREATE TABLE salary_payslip_line (
    run_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    employee_id BIGINT NOT NULL,
    line_no BIGINT NOT NULL,
    code TEXT NOT NULL,
    amount BIGINT NOT NULL,
    rule TEXT NOT NULL,
    table_ref TEXT NOT NULL,
    inputs TEXT NOT NULL,
    PRIMARY KEY (run_id, version, employee_id, line_no)
);

-- Starting or rerunning a run for a period first writes this row, so two starts for the same period and kind take
-- turns (a row lock on PostgreSQL, the write lock on SQLite) and the overlap check sees the other's run.
CREATE TABLE salary_period_guard (
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    touched_at BIGINT NOT NULL,
    PRIMARY KEY (period, kind)
);
