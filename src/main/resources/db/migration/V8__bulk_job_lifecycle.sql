-- Incident mode (issue 10), the job's whole life: a DRAFT holds what the preview showed (people and exclusions)
-- until its requester submits it; the audit record of the request is linked by request_seq, so every later
-- record of the job updates that one message in the audit channel.
ALTER TABLE bulk_job ADD COLUMN org_id VARCHAR(32);
ALTER TABLE bulk_job ADD COLUMN excluded_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_job ADD COLUMN needs_approval INTEGER NOT NULL DEFAULT 1;
ALTER TABLE bulk_job ADD COLUMN request_seq BIGINT;
ALTER TABLE bulk_job ADD COLUMN started_ms BIGINT;
ALTER TABLE bulk_job ADD COLUMN finished_ms BIGINT;

-- Who the preview left out, and why, in the order shown. subject is a user ID, or the email, line, channel or
-- user group as the admin gave it (raw text: escaped wherever it is shown).
CREATE TABLE bulk_job_exclusion (
    job_id   VARCHAR(16)  NOT NULL REFERENCES bulk_job (id),
    pos      INTEGER      NOT NULL,
    subject  VARCHAR(500) NOT NULL,
    code     VARCHAR(100) NOT NULL,
    words    VARCHAR(500) NOT NULL,
    PRIMARY KEY (job_id, pos)
);
