-- What a rerun found for each person it covers: 'unchanged' (their current result stands, nothing is written),
-- 'unpaid' (no longer paid: their current result is withdrawn), or NULL (a new result was written).
ALTER TABLE salary_run_member ADD COLUMN outcome TEXT NULL;
