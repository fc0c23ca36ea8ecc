-- A standing deduction's amount and a garnishment order's debt become one value sealed to the person (ADR 0006).
-- 0014 (code: Schema/SealDeductionsMigration.cs) seals what earlier versions wrote in clear; 0015 drops the clear
-- columns, and the purge rewrites the table out of the files.
ALTER TABLE salary_standing_deduction ADD COLUMN terms $bytes$ NULL;
