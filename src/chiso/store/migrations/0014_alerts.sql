-- chiso store, schema version 14: alerts. Where an account's alert e-mails go (and whether it heads its unit),
-- each alert detected (once per rule and subject: a dossier, a task's occurrence, a unit's period), and its
-- deliveries to each recipient by each channel (the inbox, an e-mail digest, the webhook) with their attempts.
CREATE TABLE user_contacts (
    username VARCHAR PRIMARY KEY,
    email VARCHAR,
    head BOOLEAN NOT NULL DEFAULT FALSE     -- the head of the account's unit (người đứng đầu)
);

CREATE TABLE alerts (
    id BIGINT PRIMARY KEY,
    rule VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,               -- what it is about (a dossier number, task:occurrence, unit:period)
    unit_code VARCHAR,
    message VARCHAR NOT NULL,               -- in Vietnamese, never with applicant data
    link VARCHAR NOT NULL,                  -- the page it is about, from the server's root
    detected_at TIMESTAMP NOT NULL,
    UNIQUE (rule, subject)
);

CREATE TABLE alert_deliveries (
    alert_id BIGINT NOT NULL,
    recipient VARCHAR NOT NULL,             -- a username; '*' for the webhook
    channel VARCHAR NOT NULL,               -- inbox | email | webhook
    status VARCHAR NOT NULL,                -- pending | sent | failed (given up after alerts.max_attempts)
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR,
    sent_at TIMESTAMP,
    read_at TIMESTAMP,                      -- the inbox: when its recipient read it
    PRIMARY KEY (alert_id, recipient, channel)
);
