-- Pay at rest (ADR 0006): a payslip's figures and lines become two values sealed with the field keys, bound to the
-- payslip. New columns here; 0011 (code: Schema/SealPayslipsMigration.cs) seals what earlier versions wrote in clear;
-- 0012 drops the clear columns and the table of lines, and the purge rewrites the table out of the files.
ALTER TABLE salary_payslip ADD COLUMN figures $bytes$ NULL;
ALTER TABLE salary_payslip ADD COLUMN lines $bytes$ NULL;
-- Not amounts: the run's checks list people with an exception, and people whose net is not above zero.
ALTER TABLE salary_payslip ADD COLUMN excepted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE salary_payslip ADD COLUMN net_not_positive BOOLEAN NOT NULL DEFAULT FALSE;

-- A run's totals per paying unit over its current results (people paid, their gross, deductions and net, exceptions,
-- and the 健保 insured amounts charged, which a unit's §34 premium nets out): recounted when a version is published.
-- Aggregates, kept in clear; no person's amount is.
CREATE TABLE salary_run_unit (
    run_id BIGINT NOT NULL REFERENCES salary_run (id),
    unit_code TEXT NOT NULL,
    people BIGINT NOT NULL,
    gross BIGINT NOT NULL,
    deductions BIGINT NOT NULL,
    net BIGINT NOT NULL,
    exceptions BIGINT NOT NULL,
    nhi_insured BIGINT NOT NULL,
    PRIMARY KEY (run_id, unit_code)
);

INSERT INTO salary_run_unit (run_id, unit_code, people, gross, deductions, net, exceptions, nhi_insured)
SELECT run_id, unit_code,
       SUM(CASE WHEN exception IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN exception IS NULL THEN gross ELSE 0 END),
       SUM(CASE WHEN exception IS NULL THEN deductions ELSE 0 END),
       SUM(CASE WHEN exception IS NULL THEN net ELSE 0 END),
       SUM(CASE WHEN exception IS NULL THEN 0 ELSE 1 END),
       SUM(CASE WHEN exception IS NULL THEN nhi_insured ELSE 0 END)
FROM salary_payslip WHERE is_current
GROUP BY run_id, unit_code;
