package dev.sessionguard.storage;

import dev.sessionguard.edge.SubmissionLedger;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link SubmissionLedger} in the app's database. A key is stored as its SHA-256, so its length is fixed
 * whatever a request says, and the insert itself decides who was first ({@link Jdbc.OnceOnly}), so two instances
 * receiving the same bytes can't both act.
 */
public final class JdbcSubmissionLedger implements SubmissionLedger {

    /**
     * How long a key is kept: a replay must carry the original signature, which Slack's timestamp rule
     * ({@code ±5 minutes}) makes worthless after ten minutes at most; kept longer, for a clock that drifts.
     */
    static final Duration KEEP = Duration.ofMinutes(30);

    private static final Jdbc.OnceOnly KEYS = new Jdbc.OnceOnly("submission_ledger", "submission_key");

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcSubmissionLedger(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    /**
     * How long a claim waits for the database's write lock: the claim runs before Slack's 3 s ack, so a locked or
     * stuck database must answer "can't" within this, not after the pool's usual 10 s.
     */
    static final Duration LOCK_WAIT = Duration.ofMillis(1500);

    @Override
    public Claim claim(String key) {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            boolean sqlite = c.getMetaData().getURL().startsWith("jdbc:sqlite:");
            try (var s = c.createStatement()) {
                // SQLite: the connection's own busy timeout (set back below); PostgreSQL: for this transaction only.
                s.execute(sqlite ? "PRAGMA busy_timeout = " + LOCK_WAIT.toMillis()
                        : "SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
            }
            try {
                return KEYS.claim(c, key, now + KEEP.toMillis(), now) ? Claim.FIRST : Claim.SEEN_BEFORE;
            } finally {
                if (sqlite) {
                    try (var s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout = " + Database.SQLITE_BUSY_TIMEOUT_MS);
                    }
                }
            }
        });
    }

    @Override
    public void release(String key) {
        KEYS.release(jdbc, key);
    }
}
