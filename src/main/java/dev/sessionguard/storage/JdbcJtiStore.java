package dev.sessionguard.storage;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;

/**
 * Token IDs that may be used once, in the app's database (table {@code gtr_jti}). Modelled on
 * {@link JdbcSubmissionLedger}: a key is stored as its SHA-256, and the insert itself decides who was first
 * ({@code ON CONFLICT DO NOTHING}, on SQLite and PostgreSQL alike), so two instances given the same token can't both
 * act. Rows are swept once their token has expired, when a replay fails the expiry check anyway.
 */
public final class JdbcJtiStore {

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcJtiStore(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    /**
     * Takes {@code key} until {@code keepUntil}, unless it is taken already.
     *
     * @return true when this was the first use
     * @throws StorageException when it can't tell (the database is down): the caller must then not act
     */
    public boolean claim(String key, Instant keepUntil) {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM gtr_jti WHERE expires_ms <= ?")) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gtr_jti (jti_key, expires_ms) VALUES (?, ?) "
                    + "ON CONFLICT (jti_key) DO NOTHING")) {
                s.setString(1, Jdbc.digest(key));
                s.setLong(2, Math.max(keepUntil.toEpochMilli(), now + 1));
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Gives {@code key} back, for a request that did nothing and may be sent again with the same token. */
    public void release(String key) {
        jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM gtr_jti WHERE jti_key = ?")) {
                s.setString(1, Jdbc.digest(key));
                return s.executeUpdate();
            }
        });
    }
}
