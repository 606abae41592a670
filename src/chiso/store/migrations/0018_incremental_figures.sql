-- chiso store, schema version 18: what figures need to be brought up to date from older ones
-- (engine/incremental.py) rather than computed again from every dossier.
-- The units a dossier change touched: the unit codes (processing and receiving units of the rows written and of
-- the versions they replace) joined by line breaks; NULL: not recorded, the change may touch any unit.
ALTER TABLE data_changes ADD COLUMN units VARCHAR;
-- A saved run's key without the moment statuses are taken at (runs of one indicator and period share it
-- whatever that moment), and that moment.
ALTER TABLE computed_runs ADD COLUMN family_key VARCHAR;
ALTER TABLE computed_runs ADD COLUMN status_moment TIMESTAMP;
