-- An Employee account may be linked to the person it belongs to (their own payslip and record, nothing else).
ALTER TABLE security_user ADD COLUMN employee_id BIGINT NULL;
