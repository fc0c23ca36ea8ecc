-- What the employer pays on a payslip, kept with the payslip rather than as lines of its own: every civil servant has
-- three such lines (公保, 健保, 退撫), and as rows they made the monthly run a third slower. employer_lines holds each
-- employer line with its trace, packed (see EmployerLines); NULL: none.
ALTER TABLE salary_payslip ADD COLUMN employer_lines TEXT NULL;

-- The 健保 insured amount each payslip charged (0: none). A paying unit's own 二代健保 supplementary premium
-- (全民健康保險法 §34) is due on the salaries it paid in a month beyond the sum of these amounts.
ALTER TABLE salary_payslip ADD COLUMN nhi_insured BIGINT NOT NULL DEFAULT 0;
