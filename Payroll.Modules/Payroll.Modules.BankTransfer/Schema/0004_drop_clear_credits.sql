-- After 0003 sealed every credit and held amount: the clear columns go.
ALTER TABLE banktransfer_payment DROP COLUMN payee_bank;
ALTER TABLE banktransfer_payment DROP COLUMN payee_account_last4;
ALTER TABLE banktransfer_payment DROP COLUMN amount;
ALTER TABLE banktransfer_hold DROP COLUMN amount;
