-- A court's garnishment order (執行命令) is a standing deduction of kind Garnishment with its creditor, the order's date
-- (older orders are served first), the debt it enforces (the balance is the debt less what approved runs withheld for
-- it; the order ends at zero), a share of the pay instead of a fixed amount, and the relatives the debtor supports
-- (強制執行法 §122: they are left their living costs too). Orders recorded before these columns keep NULL: no balance.
ALTER TABLE salary_standing_deduction ADD COLUMN creditor TEXT NULL;
ALTER TABLE salary_standing_deduction ADD COLUMN order_date TEXT NULL;
ALTER TABLE salary_standing_deduction ADD COLUMN total_debt BIGINT NULL;
ALTER TABLE salary_standing_deduction ADD COLUMN share_numerator INTEGER NULL;
ALTER TABLE salary_standing_deduction ADD COLUMN share_denominator INTEGER NULL;
ALTER TABLE salary_standing_deduction ADD COLUMN household INTEGER NULL;
