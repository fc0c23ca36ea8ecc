-- What the exposure query reads is covered by the chain (hash version 2):
--   * an access row's hash covers the client address in binary form, and, for a document, the document's digest;
--   * a document's digest covers its id, kind, data categories and sorted subject list, so a subject row deleted or
--     added no longer matches the digest that every read of the document recorded in the chain.
-- Rows written before this version keep their version-1 hash; audit verify checks each by its own version.
ALTER TABLE vault_access ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE vault_access ADD COLUMN document_digest TEXT NULL;
ALTER TABLE vault_document ADD COLUMN subjects_digest TEXT NULL;
