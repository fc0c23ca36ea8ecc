-- A document's subjects and the record of written checkpoints are append-only, like the ledger; no ledger table can
-- be truncated.
CREATE TRIGGER vault_document_subject_append_only BEFORE UPDATE OR DELETE ON vault_document_subject FOR EACH ROW EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_checkpoint_append_only BEFORE UPDATE OR DELETE ON vault_checkpoint FOR EACH ROW EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_access_subject_no_truncate BEFORE TRUNCATE ON vault_access_subject FOR EACH STATEMENT EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_document_subject_no_truncate BEFORE TRUNCATE ON vault_document_subject FOR EACH STATEMENT EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_checkpoint_no_truncate BEFORE TRUNCATE ON vault_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION vault_refuse_change();
