-- Appraisals are corrected in place (one per person and year); every correction is in the Vault's change log.
CREATE INDEX personnel_appraisal_year ON personnel_appraisal (year);
