-- Write-ahead: every destructive action (reset, single-session sign-out, policy change) starts with an
-- "in progress" record in the chain, committed before the first admin call, and one row here. Each person's
-- outcome is written to the row as it lands; the final record (chained, pointing back with "ref") closes it.
-- A row left unfinished by a crash is closed by whichever instance finds it stale.
CREATE TABLE audit_action (
    begin_seq     BIGINT       NOT NULL PRIMARY KEY REFERENCES audit_record (seq),
    actor_id      VARCHAR(32)  NOT NULL,
    sign_outs     INTEGER      NOT NULL,
    begun_ms      BIGINT       NOT NULL,
    heartbeat_ms  BIGINT       NOT NULL,
    landed        TEXT         NOT NULL,
    finished_seq  BIGINT
);
-- The per-admin limit sums sign_outs over the last minute for one actor.
CREATE INDEX audit_action_actor ON audit_action (actor_id, begun_ms);
CREATE INDEX audit_action_open ON audit_action (finished_seq, heartbeat_ms);
