-- Names and birth dates join the encrypted identifiers (security scan, check 8: a copy of the database shows no
-- name). New columns here; 0004 (code: Schema/SealNamesMigration.cs) fills them from the clear ones with the field
-- keys; 0005 drops the clear columns and gives the sealed ones their names.
ALTER TABLE personnel_employee_version ADD COLUMN name_sealed $bytes$ NULL;
ALTER TABLE personnel_employee_version ADD COLUMN romanised_name_sealed $bytes$ NULL;
ALTER TABLE personnel_employee_version ADD COLUMN birth_date_sealed $bytes$ NULL;
-- Keyed hashes of the name's characters and character pairs, for the search (Employees/NameTerms.cs).
ALTER TABLE personnel_employee_version ADD COLUMN name_terms TEXT NULL;
