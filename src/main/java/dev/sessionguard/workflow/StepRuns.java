package dev.sessionguard.workflow;

import java.time.Instant;

/**
 * The step runs Session Guard has taken, by Slack's {@code function_execution_id}: each acts once, whatever Slack
 * retries or redelivers, on any instance and across restarts ({@code storage/JdbcStepRuns}).
 */
public interface StepRuns {

    /**
     * Takes {@code executionId} until {@code keepUntil}, unless it is taken already.
     *
     * @return true when this is its first run
     * @throws RuntimeException when it can't tell (the database is down): the caller must then not act
     */
    boolean claim(String executionId, Instant keepUntil);
}
