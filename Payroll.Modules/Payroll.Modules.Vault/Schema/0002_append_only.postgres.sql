-- The ledger and change log are append-only: the application never updates or deletes their rows.
CREATE FUNCTION vault_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER vault_access_append_only BEFORE UPDATE OR DELETE ON vault_access FOR EACH ROW EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_access_subject_append_only BEFORE UPDATE OR DELETE ON vault_access_subject FOR EACH ROW EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_change_append_only BEFORE UPDATE OR DELETE ON vault_change FOR EACH ROW EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_access_no_truncate BEFORE TRUNCATE ON vault_access FOR EACH STATEMENT EXECUTE FUNCTION vault_refuse_change();
CREATE TRIGGER vault_change_no_truncate BEFORE TRUNCATE ON vault_change FOR EACH STATEMENT EXECUTE FUNCTION vault_refuse_change();
