-- The day a run is paid. The tax year, the withholding table in force and the 二代健保 running total of bonuses follow
-- it, not the run's period (a year-end bonus for December is paid, and taxed, in the next year). NULL: the period's
-- first day.
ALTER TABLE salary_run ADD COLUMN pay_date TEXT NULL;
