-- An incident's own notice templates per channel (the shipped ones apply where none is saved).
CREATE TABLE breach_template (
    incident_id BIGINT NOT NULL REFERENCES breach_incident (id),
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (incident_id, channel)
);

-- The launch of an incident's notices: requested by one compliance officer, approved by another. One per incident.
CREATE TABLE breach_launch (
    incident_id BIGINT NOT NULL PRIMARY KEY REFERENCES breach_incident (id),
    set_id BIGINT NOT NULL REFERENCES breach_affected_set (id),
    public_notice BOOLEAN NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    approved_by TEXT NULL,
    approved_at BIGINT NULL,
    notices BIGINT NOT NULL DEFAULT 0
);

-- One notice per person and channel (a letter may follow a failed e-mail); the public notice has no person.
CREATE TABLE breach_notice (
    id $identity$,
    incident_id BIGINT NOT NULL REFERENCES breach_incident (id),
    set_id BIGINT NOT NULL,
    employee_id BIGINT NULL,
    employee_no TEXT NULL,
    unit_code TEXT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    queued_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    sending_at BIGINT NULL,
    sent_at BIGINT NULL,
    message_id TEXT NULL,
    content_sha256 TEXT NULL,
    document_id TEXT NULL,
    delivery TEXT NULL,
    delivery_at BIGINT NULL,
    failure TEXT NULL,
    fallback_of BIGINT NULL,
    limitation_from TEXT NULL
);

CREATE UNIQUE INDEX breach_notice_once ON breach_notice (incident_id, employee_id, channel) WHERE employee_id IS NOT NULL;
CREATE INDEX breach_notice_state ON breach_notice (state, next_attempt_at);
CREATE INDEX breach_notice_incident ON breach_notice (incident_id, channel, state);
