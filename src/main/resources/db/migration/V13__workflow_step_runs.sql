-- The Workflow Builder step (issue 23): each run's function_execution_id, hashed, kept 30 days, so a run acts once
-- whatever Slack retries or redelivers, on any instance and across restarts.
CREATE TABLE workflow_step_run (
    run_key     VARCHAR(64)  NOT NULL PRIMARY KEY,
    expires_ms  BIGINT       NOT NULL
);
CREATE INDEX workflow_step_run_expires ON workflow_step_run (expires_ms);
