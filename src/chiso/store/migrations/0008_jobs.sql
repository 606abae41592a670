-- chiso store, schema version 8: the jobs started from the web (imports), kept in the store so that every server
-- worker shows the same job page, and a job survives the worker that ran it (a job left "running" by a worker
-- that stopped says so). Jobs are operational history: not backed up.
CREATE TABLE jobs (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    state VARCHAR NOT NULL,             -- queued | running | done | failed
    progress VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
