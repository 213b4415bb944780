-- OAuth mode: the org-wide install and the OAuth flow's state values. Plain types for SQLite and PostgreSQL.

-- One row per Enterprise Grid org that installed the app org-wide. Tokens are AES-256-GCM ciphertexts
-- (base64 of iv || ciphertext || tag) under SESSION_GUARD_ENCRYPTION_KEY, never plain text.
-- A revoked token becomes NULL; the row goes once neither token is left.
CREATE TABLE slack_installation (
    enterprise_id         VARCHAR(32)   NOT NULL PRIMARY KEY,
    enterprise_name       VARCHAR(200),
    app_id                VARCHAR(32),
    installer_user_id     VARCHAR(32)   NOT NULL,
    installer_user_scope  VARCHAR(2000),
    installer_user_token  TEXT,
    bot_id                VARCHAR(32),
    bot_user_id           VARCHAR(32),
    bot_scope             VARCHAR(2000),
    bot_token             TEXT,
    installed_at          VARCHAR(40)   NOT NULL,
    installed_ms          BIGINT        NOT NULL
);

-- The state parameter of each OAuth flow started at /slack/install: checked (with its cookie) and
-- used up at /slack/oauth_redirect. In the database so that any instance can finish a flow.
CREATE TABLE oauth_state (
    state       VARCHAR(64)  NOT NULL PRIMARY KEY,
    expires_ms  BIGINT       NOT NULL
);
CREATE INDEX oauth_state_expires ON oauth_state (expires_ms);
