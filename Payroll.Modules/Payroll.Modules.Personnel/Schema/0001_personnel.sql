-- Personnel: paying units, employees and their effective-dated versions, appraisals, bank codes.
-- Dates are ISO TEXT (yyyy-MM-dd); instants Unix milliseconds. Identifiers are encrypted (FieldCipher, associated
-- data personnel_employee_version|<column>|<employee id>), with keyed blind indexes for lookups.

-- Bank codes (3 digits) and, where known, branch codes (4 digits). Source: 財金資訊公司 金融機構代號 [S]; an administrator
-- may import the official list. A bank without recorded branches accepts any 4-digit branch code.
CREATE TABLE personnel_bank (
    bank_code TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    verified BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE personnel_bank_branch (
    bank_code TEXT NOT NULL REFERENCES personnel_bank (bank_code),
    branch_code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (bank_code, branch_code)
);

CREATE TABLE personnel_unit (
    id $identity$,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_id BIGINT NULL REFERENCES personnel_unit (id),
    payer_bank_code TEXT NOT NULL,
    payer_branch_code TEXT NOT NULL,
    payer_account TEXT NOT NULL,
    contact TEXT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE UNIQUE INDEX personnel_unit_code ON personnel_unit (code);

CREATE TABLE personnel_employee (
    id $identity$,
    employee_no TEXT NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE UNIQUE INDEX personnel_employee_no ON personnel_employee (employee_no);

-- Never updated: a change is a new row with its effective date. The state on a day is the row with the latest
-- effective_from on or before it (and, for the same date, the latest recorded).
CREATE TABLE personnel_employee_version (
    id $identity$,
    employee_id BIGINT NOT NULL REFERENCES personnel_employee (id),
    effective_from TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES personnel_unit (id),
    name TEXT NOT NULL,
    romanised_name TEXT NULL,
    national_id $bytes$ NOT NULL,
    national_id_index TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    staff_category TEXT NOT NULL,
    rank TEXT NULL,
    grade INTEGER NULL,
    salary_points INTEGER NULL,
    professional_allowance_table TEXT NULL,
    professional_allowance_level INTEGER NULL,
    supervisor_allowance_level INTEGER NULL,
    area_allowance TEXT NULL,
    nhi_dependents INTEGER NOT NULL,
    insurance_group TEXT NOT NULL,
    pension_scheme TEXT NOT NULL,
    withholding_method TEXT NOT NULL,
    tax_dependents INTEGER NOT NULL,
    tax_resident BOOLEAN NOT NULL,
    bank_code TEXT NOT NULL,
    branch_code TEXT NOT NULL,
    bank_account $bytes$ NOT NULL,
    bank_account_index TEXT NOT NULL,
    email $bytes$ NULL,
    mobile $bytes$ NULL,
    address $bytes$ NULL,
    status TEXT NOT NULL,
    status_date TEXT NOT NULL
);

CREATE INDEX personnel_employee_version_asof ON personnel_employee_version (employee_id, effective_from);
CREATE INDEX personnel_employee_version_national_id ON personnel_employee_version (national_id_index);

CREATE TABLE personnel_appraisal (
    employee_id BIGINT NOT NULL REFERENCES personnel_employee (id),
    year INTEGER NOT NULL,
    grade TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (employee_id, year)
);

INSERT INTO personnel_bank (bank_code, name, source) VALUES
('004', '臺灣銀行', '財金資訊公司 金融機構代號 [S]'),
('005', '臺灣土地銀行', '財金資訊公司 金融機構代號 [S]'),
('006', '合作金庫商業銀行', '財金資訊公司 金融機構代號 [S]'),
('007', '第一商業銀行', '財金資訊公司 金融機構代號 [S]'),
('008', '華南商業銀行', '財金資訊公司 金融機構代號 [S]'),
('009', '彰化商業銀行', '財金資訊公司 金融機構代號 [S]'),
('011', '上海商業儲蓄銀行', '財金資訊公司 金融機構代號 [S]'),
('012', '台北富邦商業銀行', '財金資訊公司 金融機構代號 [S]'),
('013', '國泰世華商業銀行', '財金資訊公司 金融機構代號 [S]'),
('016', '高雄銀行', '財金資訊公司 金融機構代號 [S]'),
('017', '兆豐國際商業銀行', '財金資訊公司 金融機構代號 [S]'),
('050', '臺灣中小企業銀行', '財金資訊公司 金融機構代號 [S]'),
('052', '渣打國際商業銀行', '財金資訊公司 金融機構代號 [S]'),
('053', '台中商業銀行', '財金資訊公司 金融機構代號 [S]'),
('081', '滙豐(台灣)商業銀行', '財金資訊公司 金融機構代號 [S]'),
('103', '臺灣新光商業銀行', '財金資訊公司 金融機構代號 [S]'),
('108', '陽信商業銀行', '財金資訊公司 金融機構代號 [S]'),
('700', '中華郵政', '財金資訊公司 金融機構代號 [S]'),
('803', '聯邦商業銀行', '財金資訊公司 金融機構代號 [S]'),
('805', '遠東國際商業銀行', '財金資訊公司 金融機構代號 [S]'),
('806', '元大商業銀行', '財金資訊公司 金融機構代號 [S]'),
('807', '永豐商業銀行', '財金資訊公司 金融機構代號 [S]'),
('808', '玉山商業銀行', '財金資訊公司 金融機構代號 [S]'),
('809', '凱基商業銀行', '財金資訊公司 金融機構代號 [S]'),
('812', '台新國際商業銀行', '財金資訊公司 金融機構代號 [S]'),
('822', '中國信託商業銀行', '財金資訊公司 金融機構代號 [S]');
