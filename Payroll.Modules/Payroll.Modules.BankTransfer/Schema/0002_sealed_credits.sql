-- Bank payments at rest (ADR 0006): each credit's payee bank, account digits and amount become one sealed value, and
-- a held-back amount another. New columns here; 0003 (code: Schema/SealCreditsMigration.cs) seals what earlier
-- versions wrote in clear; 0004 drops the clear columns, and the purge rewrites both tables out of the files.
ALTER TABLE banktransfer_payment ADD COLUMN credit $bytes$ NULL;
ALTER TABLE banktransfer_hold ADD COLUMN held $bytes$ NULL;
