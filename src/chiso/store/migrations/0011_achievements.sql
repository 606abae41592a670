-- chiso store, schema version 11: results that are not numbers: models and initiatives, dialogue conferences with
-- the recommendations received and answered, awards, each with its unit, date and evidence.
CREATE TABLE achievements (
    key VARCHAR PRIMARY KEY,            -- unit|date|kind|title
    kind VARCHAR NOT NULL,              -- model | initiative | dialogue | award | other
    title VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    happened_on DATE NOT NULL,
    description VARCHAR,
    chair VARCHAR,                      -- who chaired a dialogue conference
    received INTEGER,                   -- recommendations received at a dialogue conference
    answered INTEGER,                   -- of those, answered
    awarded_by VARCHAR,                 -- an award's issuer and form (Bằng khen của Thủ tướng …)
    evidence_name VARCHAR,
    evidence_sha256 VARCHAR,
    evidence BLOB,
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);
