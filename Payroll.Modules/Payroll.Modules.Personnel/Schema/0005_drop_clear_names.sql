-- After 0004 sealed every row: the clear columns go, the sealed ones take their names.
ALTER TABLE personnel_employee_version DROP COLUMN name;
ALTER TABLE personnel_employee_version DROP COLUMN romanised_name;
ALTER TABLE personnel_employee_version DROP COLUMN birth_date;
ALTER TABLE personnel_employee_version RENAME COLUMN name_sealed TO name;
ALTER TABLE personnel_employee_version RENAME COLUMN romanised_name_sealed TO romanised_name;
ALTER TABLE personnel_employee_version RENAME COLUMN birth_date_sealed TO birth_date;
