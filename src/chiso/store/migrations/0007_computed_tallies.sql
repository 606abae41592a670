-- chiso store, schema version 7: the write lock of a PostgreSQL store (an empty table that write transactions
-- lock first, before their snapshot is taken), and indicator tallies already computed, shared by every process on the store
-- (server workers, the CLI) and kept across restarts. A run is keyed by what produced it (indicator
-- definitions, settings, period, status moment) and stamped with the data it was computed from (the newest
-- audit-log entry): tallies of older data are never read, and are removed when new ones are written.
CREATE TABLE computed_runs (
    run_key VARCHAR PRIMARY KEY,
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

CREATE INDEX computed_tallies_run ON computed_tallies (run_key);

CREATE TABLE write_lock (unused BOOLEAN);
