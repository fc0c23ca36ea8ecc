-- After 0014 sealed every standing deduction: the clear amount and debt go.
ALTER TABLE salary_standing_deduction DROP COLUMN amount;
ALTER TABLE salary_standing_deduction DROP COLUMN total_debt;
