-- A document's subjects and the record of written checkpoints are append-only, like the ledger.
CREATE TRIGGER vault_document_subject_no_update BEFORE UPDATE ON vault_document_subject BEGIN SELECT RAISE(ABORT, 'vault_document_subject is append-only'); END;
CREATE TRIGGER vault_document_subject_no_delete BEFORE DELETE ON vault_document_subject BEGIN SELECT RAISE(ABORT, 'vault_document_subject is append-only'); END;
CREATE TRIGGER vault_checkpoint_no_update BEFORE UPDATE ON vault_checkpoint BEGIN SELECT RAISE(ABORT, 'vault_checkpoint is append-only'); END;
CREATE TRIGGER vault_checkpoint_no_delete BEFORE DELETE ON vault_checkpoint BEGIN SELECT RAISE(ABORT, 'vault_checkpoint is append-only'); END;
