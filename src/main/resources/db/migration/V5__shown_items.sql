-- What the app rendered for each admin (e.g. each session the console listed), so that a button press is acted
-- on only when it names something that admin was shown. Plain types for SQLite and PostgreSQL.
CREATE TABLE shown_item (
    admin_id    VARCHAR(32)   NOT NULL,
    kind        VARCHAR(32)   NOT NULL,
    item_key    VARCHAR(255)  NOT NULL,
    expires_ms  BIGINT        NOT NULL,
    PRIMARY KEY (admin_id, kind, item_key)
);
CREATE INDEX shown_item_expires ON shown_item (expires_ms);
