-- The local copy of the org's user directory (issue 20): one row a person, so that a bulk preview classifies
-- 10,000 people with a handful of queries instead of 10,000 Slack calls. Never used by the admin gate, which always
-- asks Slack. Plain types for SQLite and PostgreSQL; flags are 0/1, instants epoch milliseconds except updated,
-- which is Slack's own (Unix seconds) so an event can be compared with what is stored.
--
-- seen_ms is when a full sync (its start) or an event last saw the row. A complete full sync removes the rows it
-- did not see: those older than its start. An event that arrives during the sync is newer, so it is kept.
CREATE TABLE person (
    user_id        VARCHAR(32)   NOT NULL PRIMARY KEY,
    email          VARCHAR(320),
    deleted        INTEGER       NOT NULL,
    bot            INTEGER       NOT NULL,
    primary_owner  INTEGER       NOT NULL,
    owner          INTEGER       NOT NULL,
    admin          INTEGER       NOT NULL,
    enterprise_id  VARCHAR(32),
    workspaces     TEXT          NOT NULL,
    updated        BIGINT        NOT NULL,
    seen_ms        BIGINT        NOT NULL
);
-- Pasted and uploaded breach lists are emails; stored lower-cased, so a plain index serves both engines.
CREATE INDEX person_email ON person (email);
CREATE INDEX person_seen ON person (seen_ms);

-- One row: which instance is syncing (a lease like a bulk job's claim, renewed while it runs, taken over once it
-- lapses) and when the last complete full sync finished (NULL before the first).
CREATE TABLE directory_sync (
    id                  INTEGER      NOT NULL PRIMARY KEY,
    lease_holder        VARCHAR(64),
    lease_until_ms      BIGINT,
    last_full_sync_ms   BIGINT
);
INSERT INTO directory_sync (id, lease_holder, lease_until_ms, last_full_sync_ms) VALUES (1, NULL, NULL, NULL);
