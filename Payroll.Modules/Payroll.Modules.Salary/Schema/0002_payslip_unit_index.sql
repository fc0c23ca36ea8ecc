-- A unit's current results in register order, without reading the rest of the run.
CREATE INDEX salary_payslip_unit ON salary_payslip (run_id, unit_code, employee_no) WHERE is_current;
