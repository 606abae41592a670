-- chiso store, schema version 13: tokens with which other systems use the API: a one-stop system pushing its
-- dossiers, an operations centre reading figures. Only the token's SHA-256 is kept; the token is shown once.
CREATE TABLE api_tokens (
    name VARCHAR PRIMARY KEY,
    token_sha256 VARCHAR NOT NULL UNIQUE,
    may_push BOOLEAN NOT NULL,
    may_read BOOLEAN NOT NULL,
    units VARCHAR NOT NULL,             -- unit codes separated by spaces (each with its descendants); '' = all
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
