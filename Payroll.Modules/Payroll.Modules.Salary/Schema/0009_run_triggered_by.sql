-- The account that triggered the scheduled payroll job by hand ("Trigger now" on the job dashboard): recorded with the
-- run it started, and refused as its approver. NULL: started by the schedule itself, or by a person (started_by).
ALTER TABLE salary_run ADD COLUMN triggered_by TEXT NULL;
