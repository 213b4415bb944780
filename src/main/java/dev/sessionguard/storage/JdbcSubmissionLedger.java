package dev.sessionguard.storage;

import dev.sessionguard.slack.SubmissionLedger;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link SubmissionLedger} in the app's database. A key is stored as its SHA-256, so its length is fixed
 * whatever a request says. The insert itself decides who was first ({@code ON CONFLICT DO NOTHING}, on
 * SQLite and PostgreSQL alike), so two instances receiving the same bytes can't both act.
 */
public final class JdbcSubmissionLedger implements SubmissionLedger {

    /**
     * How long a key is kept: a replay must carry the original signature, which Slack's timestamp rule
     * ({@code ±5 minutes}) makes worthless after ten minutes at most; kept longer, for a clock that drifts.
     */
    static final Duration KEEP = Duration.ofMinutes(30);

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
                return claimIn(c, key, now);
            } finally {
                if (sqlite) {
                    try (var s = c.createStatement()) {
                        s.execute("PRAGMA busy_timeout = " + Database.SQLITE_BUSY_TIMEOUT_MS);
                    }
                }
            }
        });
    }

    private Claim claimIn(java.sql.Connection c, String key, long now) throws java.sql.SQLException {
        {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM submission_ledger WHERE expires_ms <= ?")) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO submission_ledger (submission_key, expires_ms) "
                    + "VALUES (?, ?) ON CONFLICT (submission_key) DO NOTHING")) {
                s.setString(1, Jdbc.digest(key));
                s.setLong(2, now + KEEP.toMillis());
                return s.executeUpdate() == 1 ? Claim.FIRST : Claim.SEEN_BEFORE;
            }
        }
    }

    @Override
    public void release(String key) {
        jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM submission_ledger WHERE submission_key = ?")) {
                s.setString(1, Jdbc.digest(key));
                return s.executeUpdate();
            }
        });
    }
}
