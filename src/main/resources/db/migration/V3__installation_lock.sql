-- OAuth mode: one row that every change to slack_installation updates first, in the same transaction.
-- That serializes those changes (a row lock on PostgreSQL, the write lock on SQLite), so "no other org is
-- installed" and the replace of the org's row are one step, whichever instance runs them.
CREATE TABLE slack_installation_lock (
    id       INTEGER  NOT NULL PRIMARY KEY,
    changes  BIGINT   NOT NULL
);
INSERT INTO slack_installation_lock (id, changes) VALUES (1, 0);
