-- chiso store, schema version 5: the national portal's own 766 figures, kept beside chiso's to reconcile them.
CREATE TABLE published_scores (
    key VARCHAR PRIMARY KEY,            -- unit_code|metric|period_start|period_end
    unit_code VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,            -- 766 metric or group code as the portal names it
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    numerator BIGINT,                   -- NULL with the denominator: the portal has no data
    denominator BIGINT,
    score DECIMAL(18, 4),
    source VARCHAR,
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);
