-- Each modal submission that was acted on (its view id and hash, hashed), so that a replayed copy of the same
-- signed request acts no more than once, on any instance, across restarts. Rows expire once a replay would
-- fail the signature's timestamp check anyway.
CREATE TABLE submission_ledger (
    submission_key  VARCHAR(64)  NOT NULL PRIMARY KEY,
    expires_ms      BIGINT       NOT NULL
);
CREATE INDEX submission_ledger_expires ON submission_ledger (expires_ms);
