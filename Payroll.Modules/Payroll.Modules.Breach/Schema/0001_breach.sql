-- An incident: what is known of it (times as Unix milliseconds, UTC), the rule set it is handled under.
CREATE TABLE breach_incident (
    id $identity$,
    title TEXT NOT NULL,
    aware_at BIGINT NOT NULL,
    level INTEGER NOT NULL,
    rule_set TEXT NOT NULL,
    occurred_from BIGINT NULL,
    occurred_to BIGINT NULL,
    discovered_at BIGINT NULL,
    confirmed_at BIGINT NULL,
    contained_at BIGINT NULL,
    facts TEXT NULL,
    cause TEXT NULL,
    data_categories TEXT NOT NULL,
    contact_office TEXT NULL,
    contact_phone TEXT NULL,
    contact_email TEXT NULL,
    sensitive_data BOOLEAN NOT NULL,
    system_records BIGINT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Measures taken, each with when it was taken; never changed, only added.
CREATE TABLE breach_measure (
    id $identity$,
    incident_id BIGINT NOT NULL REFERENCES breach_incident (id),
    taken_at BIGINT NOT NULL,
    text TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);

CREATE INDEX breach_measure_incident ON breach_measure (incident_id);

-- A version of "who was affected": its inputs (with SHA-256) and counts; the latest is the incident's current set.
CREATE TABLE breach_affected_set (
    id $identity$,
    incident_id BIGINT NOT NULL REFERENCES breach_incident (id),
    version INTEGER NOT NULL,
    people BIGINT NOT NULL,
    summary TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX breach_affected_set_version ON breach_affected_set (incident_id, version);

-- Each person of a set and the evidence that put them in it.
CREATE TABLE breach_affected_person (
    set_id BIGINT NOT NULL REFERENCES breach_affected_set (id),
    employee_id BIGINT NOT NULL,
    employee_no TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    sources TEXT NOT NULL,
    categories TEXT NOT NULL,
    accesses BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    client_ips TEXT NOT NULL,
    sample TEXT NOT NULL,
    PRIMARY KEY (set_id, employee_id)
);
