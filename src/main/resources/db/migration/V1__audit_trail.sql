-- One schema for SQLite and PostgreSQL: plain types only.

-- The audit trail: an append-only hash chain. seq is the record's place in the chain.
CREATE TABLE audit_record (
    seq          BIGINT       NOT NULL PRIMARY KEY,
    recorded_at  VARCHAR(40)  NOT NULL,
    recorded_ms  BIGINT       NOT NULL,
    actor_id     VARCHAR(32)  NOT NULL,
    action       VARCHAR(64)  NOT NULL,
    outcome      VARCHAR(32)  NOT NULL,
    body         TEXT         NOT NULL,
    prev_hash    VARCHAR(64)  NOT NULL,
    hash         VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_record_recorded_ms ON audit_record (recorded_ms);

-- The head of the chain. Appending updates this one row first, which serializes every writer
-- (a row lock on PostgreSQL, the write lock on SQLite), so several instances still build one chain.
CREATE TABLE audit_chain_head (
    id    INTEGER      NOT NULL PRIMARY KEY,
    seq   BIGINT       NOT NULL,
    hash  VARCHAR(64)  NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Delivery of each record to the audit channel. A row is claimed with a lease before posting,
-- so two instances never post the same record; an expired lease (a crashed instance) is claimed again.
CREATE TABLE audit_outbox (
    seq              BIGINT       NOT NULL PRIMARY KEY REFERENCES audit_record (seq),
    attempts         INTEGER      NOT NULL DEFAULT 0,
    next_attempt_ms  BIGINT       NOT NULL,
    claimed_by       VARCHAR(64),
    claimed_until_ms BIGINT,
    last_error       VARCHAR(200),
    delivered_at     VARCHAR(40),
    channel          VARCHAR(32),
    message_ts       VARCHAR(32)
);
CREATE INDEX audit_outbox_due ON audit_outbox (delivered_at, next_attempt_ms);
