package dev.sessionguard.storage;

import dev.sessionguard.workflow.StepRuns;
import java.time.Clock;
import java.time.Instant;

/**
 * The Workflow Builder step's runs, in the app's database (table {@code workflow_step_run}, V13), kept as the
 * submission ledger keeps its keys ({@link Jdbc.OnceOnly}): two instances given the same run can't both act.
 */
public final class JdbcStepRuns implements StepRuns {

    private static final Jdbc.OnceOnly KEYS = new Jdbc.OnceOnly("workflow_step_run", "run_key");

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcStepRuns(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    @Override
    public boolean claim(String executionId, Instant keepUntil) {
        return KEYS.claim(jdbc, executionId, keepUntil, clock);
    }
}
