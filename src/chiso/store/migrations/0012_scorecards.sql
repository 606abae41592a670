-- chiso store, schema version 12: scorecard rounds: each unit's self-assessment per criterion, with evidence and
-- an explanation, and the appraisal that may change a score, with its reason (append-only: the latest counts).
CREATE TABLE scorecard_scores (
    id BIGINT PRIMARY KEY,
    scorecard VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL,
    criterion VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,             -- self | appraisal
    points DOUBLE NOT NULL,
    explanation VARCHAR,                -- why (required for an appraisal that changes a score)
    evidence_name VARCHAR,
    evidence_sha256 VARCHAR,
    evidence BLOB,
    entered_by VARCHAR NOT NULL,
    entered_at TIMESTAMP NOT NULL
);
