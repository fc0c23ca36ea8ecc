-- The ledger and change log are append-only: the application never updates or deletes their rows.
CREATE TRIGGER vault_access_no_update BEFORE UPDATE ON vault_access BEGIN SELECT RAISE(ABORT, 'vault_access is append-only'); END;
CREATE TRIGGER vault_access_no_delete BEFORE DELETE ON vault_access BEGIN SELECT RAISE(ABORT, 'vault_access is append-only'); END;
CREATE TRIGGER vault_access_subject_no_update BEFORE UPDATE ON vault_access_subject BEGIN SELECT RAISE(ABORT, 'vault_access_subject is append-only'); END;
CREATE TRIGGER vault_access_subject_no_delete BEFORE DELETE ON vault_access_subject BEGIN SELECT RAISE(ABORT, 'vault_access_subject is append-only'); END;
CREATE TRIGGER vault_change_no_update BEFORE UPDATE ON vault_change BEGIN SELECT RAISE(ABORT, 'vault_change is append-only'); END;
CREATE TRIGGER vault_change_no_delete BEFORE DELETE ON vault_change BEGIN SELECT RAISE(ABORT, 'vault_change is append-only'); END;
