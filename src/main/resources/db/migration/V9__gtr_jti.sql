-- Universal Logout (issue 13): the ID (jti) of each identity provider token that was accepted, hashed, kept until
-- the token expires, so a replayed token is refused on any instance and across restarts.
CREATE TABLE gtr_jti (
    jti_key     VARCHAR(64)  NOT NULL PRIMARY KEY,
    expires_ms  BIGINT       NOT NULL
);
CREATE INDEX gtr_jti_expires ON gtr_jti (expires_ms);
