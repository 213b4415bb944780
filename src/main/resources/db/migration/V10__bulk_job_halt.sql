-- Why a bulk job stopped (state FAILED), so its message and the status say it: halt_cause is REQUESTER (its
-- requester no longer passed the admin check when a run began: halt_code is the check's code, halt_words its words)
-- or SLACK (Slack answered halt_code for a whole chunk, an error every later chunk would share). NULL otherwise, and
-- cleared when the job is resumed.
ALTER TABLE bulk_job ADD COLUMN halt_cause VARCHAR(16);
ALTER TABLE bulk_job ADD COLUMN halt_code VARCHAR(100);
ALTER TABLE bulk_job ADD COLUMN halt_words VARCHAR(500);
