-- postgresql only
-- chiso store, schema version 16: indexes that let PostgreSQL find a dossier, its stops, the rows of an import
-- and the latest event without reading the whole table (an officer's import of 50 dossiers, a pushed batch, a
-- dossier page, the workers' incremental local copies, the moment figures are taken at after every change).
-- The embedded DuckDB store records this version and creates nothing: its scans are columnar and fast, and its
-- indexes would slow bulk loads and deletes.
CREATE INDEX IF NOT EXISTS dossiers_number ON dossiers (number);
CREATE INDEX IF NOT EXISTS dossiers_import_id ON dossiers (import_id);
CREATE INDEX IF NOT EXISTS dossiers_last_event_at ON dossiers (last_event_at);
CREATE INDEX IF NOT EXISTS dossier_stops_number ON dossier_stops (number);
CREATE INDEX IF NOT EXISTS feedback_import_id ON feedback (import_id);
CREATE INDEX IF NOT EXISTS apology_letters_number ON apology_letters (number);
