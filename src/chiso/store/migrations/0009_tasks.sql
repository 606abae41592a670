-- chiso store, schema version 9: tasks (nhiệm vụ) assigned to units by plans, directives, meeting conclusions and
-- official letters; their extensions, and the progress reports units give with evidence.
CREATE TABLE tasks (
    code VARCHAR PRIMARY KEY,           -- the register's task code, or document#STT
    content VARCHAR NOT NULL,
    lead_unit VARCHAR NOT NULL,         -- cơ quan chủ trì: the unit the task counts for
    coordinators VARCHAR,               -- cơ quan phối hợp, as the register writes it
    deadline_text VARCHAR NOT NULL,     -- thời hạn, as written
    deadline DATE,                      -- a one-off task's deadline; NULL when recurring or continuous
    recurrence VARCHAR,                 -- monthly | quarterly | half_yearly | yearly | continuous
    due_day INTEGER,                    -- day of the month a recurring task's occurrences are due (NULL: the last)
    recurs_from DATE,                   -- window of a recurring task's occurrences
    recurs_to DATE,
    product VARCHAR,
    document VARCHAR,                   -- văn bản giao nhiệm vụ, e.g. 123/KH-UBND
    document_date DATE,
    progress VARCHAR,                   -- tình hình thực hiện, as the register writes it
    done_on DATE,                       -- a one-off task completed (from the register)
    withdrawn BOOLEAN NOT NULL,
    note VARCHAR,
    plan VARCHAR,                       -- the plan target it serves, if any
    target_code VARCHAR,
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);

CREATE TABLE task_units (                -- coordinating units the register names that chiso knows
    task VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    PRIMARY KEY (task, unit_code)
);

CREATE TABLE task_extensions (
    id BIGINT PRIMARY KEY,
    task VARCHAR NOT NULL,
    occurrence DATE,                    -- the original deadline of the occurrence extended; NULL: a one-off task
    new_deadline DATE NOT NULL,
    reason VARCHAR NOT NULL,
    approver VARCHAR NOT NULL,          -- who approved it (e.g. Chủ tịch UBND tỉnh, văn bản 45/UBND-KGVX)
    approved_on DATE NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE task_reports (
    id BIGINT PRIMARY KEY,
    task VARCHAR NOT NULL,
    occurrence DATE,                    -- the original deadline of the occurrence reported on; NULL: one-off
    reported_at TIMESTAMP NOT NULL,
    reported_by VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    percent INTEGER NOT NULL,
    done BOOLEAN NOT NULL,              -- the unit says the task is completed
    evidence_name VARCHAR,
    evidence_sha256 VARCHAR,
    evidence BLOB,
    review VARCHAR NOT NULL,            -- pending | accepted | returned
    reviewed_by VARCHAR,
    reviewed_at TIMESTAMP,
    review_note VARCHAR
);
