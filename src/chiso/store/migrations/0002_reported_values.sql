-- chiso store, schema version 2: values that units report or that come from elsewhere (the portal's published
-- group scores, province-level publication counts, plan targets' reported quantities).
CREATE TABLE reported_values (
    key VARCHAR PRIMARY KEY,            -- indicator|unit_code|period_start|period_end
    indicator VARCHAR NOT NULL,         -- catalogue indicator id or index group code
    unit_code VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    numerator BIGINT,
    denominator BIGINT,
    value DECIMAL(18, 4),               -- a score or a quantity
    comment VARCHAR,
    source VARCHAR,
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);
