-- After 0011 sealed every payslip: the clear amounts, the exception text and the table of lines go.
ALTER TABLE salary_payslip DROP COLUMN days_paid;
ALTER TABLE salary_payslip DROP COLUMN days_in_period;
ALTER TABLE salary_payslip DROP COLUMN gross;
ALTER TABLE salary_payslip DROP COLUMN deductions;
ALTER TABLE salary_payslip DROP COLUMN net;
ALTER TABLE salary_payslip DROP COLUMN exception;
ALTER TABLE salary_payslip DROP COLUMN nhi_insured;
ALTER TABLE salary_payslip DROP COLUMN employer_lines;
DROP TABLE salary_payslip_line;
