-- chiso store, schema version 7: the write lock of a PostgreSQL store (an empty table that write transactions
-- lock first, before their snapshot is taken), and indicator tallies already computed, shared by every process
-- on the store (server workers, the CLI) and kept across restarts. A run is keyed by what produced it
-- (indicator definitions, settings, period, status moment) and by the data it was computed from (the newest
-- audit-log entry that can change that period): tallies of older data are never read, and are removed when
-- new ones are written. No
-- secondary index on the tallies (a scan of a few hundred thousand rows takes milliseconds).
CREATE TABLE computed_runs (
    run_key VARCHAR PRIMARY KEY,
    base_key VARCHAR NOT NULL,          -- the key without the data stamp: runs of older data share it
    data_stamp BIGINT NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    seconds DOUBLE NOT NULL
);

CREATE TABLE computed_tallies (
    run_key VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    breakdown VARCHAR,
    indicator VARCHAR NOT NULL,
    numerator BIGINT NOT NULL,
    denominator BIGINT NOT NULL,
    total DOUBLE
);

CREATE TABLE write_lock (unused BOOLEAN);

-- Changes that touch only recent periods: a dossier import changes no figure of a period that ends before
-- the earliest receipt among the dossiers it writes (old versions included). Other changes touch every period.
CREATE TABLE data_changes (
    audit_id BIGINT NOT NULL,
    affects_from TIMESTAMP NOT NULL
);
