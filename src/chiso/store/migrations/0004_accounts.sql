-- chiso store, schema version 4: web accounts, their sessions and failed logins, and the append-only audit log
-- of every change made through chiso (who, when, what, old and new value, reason).
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    full_name VARCHAR,
    role VARCHAR NOT NULL,              -- admin | steering | unit_officer | viewer
    unit_code VARCHAR,                  -- the unit a unit officer sees (with its descendants)
    password_hash VARCHAR NOT NULL,     -- argon2id
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,     -- SHA-256 of the cookie value; the value itself is never stored
    username VARCHAR NOT NULL,
    csrf VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE login_failures (
    username VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE audit_ids START 1;

CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    logged_at TIMESTAMP NOT NULL,
    username VARCHAR NOT NULL,
    action VARCHAR NOT NULL,            -- e.g. target_value.add, user.add, import.dossiers, calendar.set
    entity VARCHAR NOT NULL,            -- what was changed, e.g. KH-CDS-2024|CT20|52
    old_value VARCHAR,
    new_value VARCHAR,
    reason VARCHAR
);
