-- postgresql only
-- chiso store, schema version 17: keys PostgreSQL can find by index however DuckDB's scanner asks. The scanner
-- compares one key with COLLATE "C" and a list of keys with the column's own collation; an index serves a
-- comparison only in its own collation, so with the database's default (C.UTF-8, vi_VN.UTF-8 …) an import or a
-- pushed batch of one dossier read the dossiers table whole, three times. The key columns are made "C" (byte
-- order: dossier numbers and run keys are identifiers, and the embedded store sorts them the same way), and a
-- computed run's saved tallies get the index a page or a warm-up finds them by, instead of reading every saved
-- tally. The embedded DuckDB store records this version and changes nothing.
ALTER TABLE dossiers ALTER COLUMN number TYPE VARCHAR COLLATE "C";
ALTER TABLE dossier_stops ALTER COLUMN number TYPE VARCHAR COLLATE "C";
ALTER TABLE feedback ALTER COLUMN id TYPE VARCHAR COLLATE "C";
ALTER TABLE apology_letters ALTER COLUMN number TYPE VARCHAR COLLATE "C";
ALTER TABLE computed_tallies ALTER COLUMN run_key TYPE VARCHAR COLLATE "C";
CREATE INDEX IF NOT EXISTS computed_tallies_run_key ON computed_tallies (run_key);
