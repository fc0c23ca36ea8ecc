-- Release of a run's bank files marks it Paid: who released, when, and the generation released (a retry after a crash
-- names the same reference and is a no-op; another reference is refused).
ALTER TABLE salary_run ADD COLUMN paid_by TEXT NULL;
ALTER TABLE salary_run ADD COLUMN paid_at BIGINT NULL;
ALTER TABLE salary_run ADD COLUMN paid_ref TEXT NULL;
-- An off-cycle run that pays again the people an earlier run could not pay (held back or rejected by the bank).
ALTER TABLE salary_run ADD COLUMN reissue_of BIGINT NULL;
