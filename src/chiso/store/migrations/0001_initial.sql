-- chiso store, schema version 1. Never edit a released migration: add a new numbered file.
CREATE TABLE chiso_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE units (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    name_key VARCHAR NOT NULL,          -- case-folded, tone placement unified, for matching names
    kind VARCHAR NOT NULL,              -- province | department | commune | other
    parent_code VARCHAR,
    head VARCHAR,
    valid_from DATE,
    valid_to DATE,
    successor_code VARCHAR,
    depth INTEGER NOT NULL DEFAULT 0,
    synthetic BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE procedures (
    code VARCHAR PRIMARY KEY,           -- as published, possibly with a local suffix
    national_code VARCHAR NOT NULL,     -- 1.001234
    name VARCHAR NOT NULL,
    sector VARCHAR,
    level VARCHAR,
    limit_value INTEGER,
    limit_unit VARCHAR,                 -- hours | working_hours | days | working_days | months
    cutoff TIME,
    fee BOOLEAN,
    paper_result BOOLEAN,
    online_level VARCHAR,               -- none | partial | full
    applies_to_persons BOOLEAN,
    source VARCHAR,
    synthetic BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE dossiers (
    number VARCHAR NOT NULL,
    procedure_code VARCHAR NOT NULL,
    receiving_unit VARCHAR NOT NULL,
    processing_unit VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP,                   -- as synchronised by the one-stop system
    due_at_computed TIMESTAMP,          -- chiso's calendar, supplements and pauses included
    finished_at TIMESTAMP,
    returned_at TIMESTAMP,
    state VARCHAR,                      -- finished | refused | stopped | withdrawn | NULL (open)
    state_at TIMESTAMP,
    channel VARCHAR NOT NULL,           -- direct | online | postal
    fee BOOLEAN,
    paid_online BOOLEAN,
    digitized_input BOOLEAN,
    electronic_result BOOLEAN,
    reused_data BOOLEAN,
    personal_store_used BOOLEAN,
    citizen_data_used BOOLEAN,
    synced_to_portal BOOLEAN,
    rating VARCHAR,                     -- liked | disliked | complaint
    apology_sent BOOLEAN,
    applicant_hash VARCHAR,             -- keyed hash; the raw identifier is never stored
    supplement_count INTEGER NOT NULL DEFAULT 0,
    last_event_at TIMESTAMP NOT NULL,
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);

CREATE TABLE dossier_stops (
    number VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,              -- supplement | pause
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP                    -- NULL while outstanding
);

CREATE TABLE feedback (
    id VARCHAR PRIMARY KEY,
    unit_code VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    transferred_at TIMESTAMP,
    answered_at TIMESTAMP,
    category VARCHAR,
    rating VARCHAR,
    repeated BOOLEAN,
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    rows_read BIGINT NOT NULL,
    inserted BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    rejected BIGINT NOT NULL
);

-- The working-day index: one row per calendar day; wd_seq counts working days up to and including day.
CREATE TABLE calendar_days (
    day DATE PRIMARY KEY,
    is_workday BOOLEAN NOT NULL,
    wd_seq INTEGER NOT NULL,
    name VARCHAR,
    source VARCHAR
);

CREATE VIEW workdays AS SELECT day, wd_seq FROM calendar_days WHERE is_workday;
