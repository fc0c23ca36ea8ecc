-- 預算科目: the budget line a paying unit's pay is charged to, for the accounting office's cost workbook. NULL: not given.
ALTER TABLE personnel_unit ADD COLUMN budget_code TEXT NULL;
