-- Incident mode (issue 10): a bulk sign-out of up to tens of thousands of people as a durable, resumable job.
-- Plain types for SQLite and PostgreSQL; instants are epoch milliseconds.
--
-- A job waits for a second admin's approval until approval_expires_ms, then runs in chunks of 1,000 people
-- (chunk i is positions [i*1000, (i+1)*1000)). An instance runs it only while it holds the claim
-- (claimed_by, until claimed_until_ms); a crashed instance's claim is taken over once it lapses.
-- next_chunk moves on only in the transaction that stores that chunk's outcomes, so a finished chunk is
-- never sent again and none is skipped.
CREATE TABLE bulk_job (
    id                   VARCHAR(16)  NOT NULL PRIMARY KEY,
    requester_id         VARCHAR(32)  NOT NULL,
    scope                VARCHAR(16)  NOT NULL,
    reason               TEXT         NOT NULL,
    state                VARCHAR(24)  NOT NULL,
    target_count         INTEGER      NOT NULL,
    next_chunk           INTEGER      NOT NULL,
    done_count           INTEGER      NOT NULL,
    failed_count         INTEGER      NOT NULL,
    not_attempted_count  INTEGER      NOT NULL,
    created_ms           BIGINT       NOT NULL,
    updated_ms           BIGINT       NOT NULL,
    approval_expires_ms  BIGINT       NOT NULL,
    decided_by           VARCHAR(32),
    cancelled_by         VARCHAR(32),
    claimed_by           VARCHAR(64),
    claimed_until_ms     BIGINT
);
-- Claiming looks for runnable jobs, expiry for due approvals: both by state, oldest first.
CREATE INDEX bulk_job_state ON bulk_job (state, created_ms);
CREATE INDEX bulk_job_created ON bulk_job (created_ms);

-- The people of a job in the order they are sent, and each one's outcome once known (status NULL until then).
CREATE TABLE bulk_job_target (
    job_id      VARCHAR(16)  NOT NULL REFERENCES bulk_job (id),
    pos         INTEGER      NOT NULL,
    user_id     VARCHAR(32)  NOT NULL,
    status      VARCHAR(16),
    error_code  VARCHAR(100),
    words       VARCHAR(500),
    PRIMARY KEY (job_id, pos)
);
-- A person is in a job once: an outcome names exactly one row.
CREATE UNIQUE INDEX bulk_job_target_user ON bulk_job_target (job_id, user_id);
