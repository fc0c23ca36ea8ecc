-- Four eyes on what moves money: a new person, a change to a bank account, grade, salary points or allowances, a
-- return to paid status, or anything taking effect before today waits here until a second HR clerk approves it; only
-- then does it become a version in force (runs read versions only). The person's record as entered is kept encrypted
-- (associated data personnel_pending_change|input|<change_key>). At most one open change per person.
CREATE TABLE personnel_pending_change (
    id $identity$,
    change_key TEXT NOT NULL,
    batch TEXT NULL,
    employee_id BIGINT NOT NULL REFERENCES personnel_employee (id),
    effective_from TEXT NOT NULL,
    reason TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES personnel_unit (id),
    input $bytes$ NOT NULL,
    why TEXT NOT NULL,
    made_by TEXT NOT NULL,
    made_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    decided_by TEXT NULL,
    decided_at BIGINT NULL,
    note TEXT NULL
);

CREATE UNIQUE INDEX personnel_pending_change_key ON personnel_pending_change (change_key);
CREATE UNIQUE INDEX personnel_pending_change_open ON personnel_pending_change (employee_id) WHERE state = 'Pending';
CREATE INDEX personnel_pending_change_batch ON personnel_pending_change (batch);
CREATE INDEX personnel_pending_change_state ON personnel_pending_change (state, id);

-- Who approved a version that needed it (NULL: it did not, or it predates this rule), the pay-relevant fields that
-- changed against the version before (comma list; 'new' for a person's first), and the pending change it came from.
ALTER TABLE personnel_employee_version ADD COLUMN approved_by TEXT NULL;
ALTER TABLE personnel_employee_version ADD COLUMN approved_at BIGINT NULL;
ALTER TABLE personnel_employee_version ADD COLUMN pay_fields TEXT NULL;
ALTER TABLE personnel_employee_version ADD COLUMN pending_change_id BIGINT NULL;
CREATE INDEX personnel_employee_version_recorded ON personnel_employee_version (recorded_at);
