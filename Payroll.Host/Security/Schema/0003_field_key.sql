-- The fingerprint of the field-key file the data is encrypted with: a host given another file refuses to start.
CREATE TABLE security_field_key (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    key_file TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
