-- chiso store, schema version 3: plans, their targets (per unit, optionally per campaign milestone), and the
-- values units report for targets that are not computed from dossiers (append-only, with evidence).
CREATE TABLE plans (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    document VARCHAR,                   -- adopting document, e.g. 629/KH-UBND
    owner_unit VARCHAR,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    import_id INTEGER
);

CREATE TABLE targets (
    key VARCHAR PRIMARY KEY,            -- plan|target_code|unit_code|milestone
    plan VARCHAR NOT NULL,
    target_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    indicator VARCHAR,                  -- catalogue id; NULL for a reported target
    target_value DOUBLE NOT NULL,
    direction VARCHAR NOT NULL,         -- higher | lower
    deadline DATE NOT NULL,
    baseline DOUBLE,
    milestone VARCHAR,                  -- e.g. 50, 100 (campaign days); NULL for a plain target
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);

CREATE TABLE target_values (
    id BIGINT PRIMARY KEY,
    plan VARCHAR NOT NULL,
    target_code VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    as_of DATE NOT NULL,
    entered_by VARCHAR NOT NULL,
    entered_at TIMESTAMP NOT NULL,
    comment VARCHAR,
    evidence_name VARCHAR,
    evidence_sha256 VARCHAR,
    evidence BLOB
);
