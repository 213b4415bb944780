-- Threat response (issue 22): what Session Guard has read of Slack's audit logs. Plain types for SQLite and
-- PostgreSQL; instants are epoch milliseconds, except Slack's own date_create (Unix seconds).
--
-- One row: the watermark (the newest date_create read, NULL before the first read) and which instance reads the
-- logs (a lease like the directory sync's, renewed at each page, taken over once it lapses).
CREATE TABLE anomaly_watch (
    id              INTEGER      NOT NULL PRIMARY KEY,
    watermark_s     BIGINT,
    lease_holder    VARCHAR(64),
    lease_until_ms  BIGINT
);
INSERT INTO anomaly_watch (id, watermark_s, lease_holder, lease_until_ms) VALUES (1, NULL, NULL, NULL);

-- Every entry filed, by Slack's id: the primary key decides who filed it first, so a re-read, a restart or a second
-- instance never files it again.
CREATE TABLE anomaly_entry (
    entry_id   VARCHAR(128) NOT NULL PRIMARY KEY,
    card_id    VARCHAR(16)  NOT NULL,
    at_s       BIGINT       NOT NULL
);
CREATE INDEX anomaly_entry_at ON anomaly_entry (at_s);

-- One card a person and 15 minutes: what the audit channel's card is drawn from. The sighting columns hold what
-- the client reported (hostile text, escaped where drawn). handled_* is set once the card ends; note is the latest
-- attempt that did not end it; auto_reason is set while the automatic response has yet to act.
CREATE TABLE anomaly_card (
    card_id          VARCHAR(16)   NOT NULL PRIMARY KEY,
    user_id          VARCHAR(32)   NOT NULL,
    first_s          BIGINT        NOT NULL,
    last_s           BIGINT        NOT NULL,
    anomalies        INTEGER       NOT NULL,
    reasons          TEXT          NOT NULL,
    seq              BIGINT        NOT NULL,
    entry_id         VARCHAR(128)  NOT NULL,
    seen_s           BIGINT        NOT NULL,
    ip_address       TEXT,
    user_agent       TEXT,
    location         TEXT,
    session_id       TEXT,
    previous_ip      TEXT,
    previous_ua      TEXT,
    slack_reset_s    BIGINT,
    handled_kind     VARCHAR(32),
    handled_by       VARCHAR(64),
    handled_ms       BIGINT,
    handled_words    TEXT,
    note             TEXT,
    auto_reason      VARCHAR(64)
);
CREATE INDEX anomaly_card_user ON anomaly_card (user_id, first_s);

-- The automatic response's sign-outs, one row a card: the hourly limit counts them across instances.
CREATE TABLE anomaly_auto (
    card_id   VARCHAR(16) NOT NULL PRIMARY KEY,
    at_ms     BIGINT      NOT NULL
);
CREATE INDEX anomaly_auto_at ON anomaly_auto (at_ms);
