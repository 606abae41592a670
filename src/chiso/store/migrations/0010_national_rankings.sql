-- chiso store, schema version 10: national tables of all provinces as published (the 766 totals, PAR Index, SIPAS,
-- DTI, the ICT index …): one row per index, period and province, for the province's rank among provinces.
CREATE TABLE national_scores (
    key VARCHAR PRIMARY KEY,            -- index|period|province key
    index_code VARCHAR NOT NULL,        -- 766 | PAR_INDEX | SIPAS | DTI | ICT | a code of the province's own
    period_label VARCHAR NOT NULL,      -- 2024, 2024-Q2 …
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    province VARCHAR NOT NULL,          -- as the table writes it
    province_key VARCHAR NOT NULL,      -- compared without case, diacritics or "Tỉnh"/"Thành phố"
    score DOUBLE,
    rank INTEGER,                       -- as published; NULL: ranked by score
    source VARCHAR,                     -- the publishing document
    row_hash UBIGINT NOT NULL,
    import_id INTEGER
);
