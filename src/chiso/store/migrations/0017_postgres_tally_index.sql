-- postgresql only
-- chiso store, schema version 17: the index PostgreSQL finds a computed run's tallies by (a page or a warm-up
-- looking its periods up in the tally cache, a save dropping the runs of older data), instead of reading every
-- saved tally of every run: a few hundred thousand rows at every look. DuckDB's scanner compares one key with
-- COLLATE "C" and a list of keys with the column's own collation; the key's column is made "C" (run keys are
-- hexadecimal: nothing sorts differently) so that one index serves both. The embedded DuckDB store records
-- this version and creates nothing: its scans are columnar and fast.
ALTER TABLE computed_tallies ALTER COLUMN run_key TYPE VARCHAR COLLATE "C";
CREATE INDEX IF NOT EXISTS computed_tallies_run_key ON computed_tallies (run_key);
