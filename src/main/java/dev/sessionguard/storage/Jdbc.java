package dev.sessionguard.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/** Connection and transaction plumbing shared by the small stores; failures become {@link StorageException}s. */
final class Jdbc {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Database db;

    Jdbc(Database db) {
        this.db = db;
    }

    <T> T withConnection(Work<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * A once-only key table (the submission ledger, Universal Logout's token IDs): a key is stored as its SHA-256
     * with when it may be forgotten, and the insert itself decides who was first ({@code ON CONFLICT DO NOTHING}, on
     * SQLite and PostgreSQL alike), so two instances given the same key can't both act. {@code table} and
     * {@code keyColumn} are this code's own names, never input.
     */
    record OnceOnly(String table, String keyColumn) {

        /** In {@code c}'s transaction: sweeps expired keys, then takes {@code key}; true when this was its first use. */
        boolean claim(Connection c, String key, long expiresMs, long nowMs) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE expires_ms <= ?")) {
                s.setLong(1, nowMs);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + keyColumn + ", expires_ms) "
                    + "VALUES (?, ?) ON CONFLICT (" + keyColumn + ") DO NOTHING")) {
                s.setString(1, digest(key));
                s.setLong(2, expiresMs);
                return s.executeUpdate() == 1;
            }
        }

        /**
         * In a transaction of its own: takes {@code key} until {@code keepUntil} (at least a millisecond from now),
         * unless it is taken already; true when this was its first use. The once-only stores' one way to claim.
         */
        boolean claim(Jdbc jdbc, String key, Instant keepUntil, Clock clock) {
            long now = clock.millis();
            return jdbc.inTransaction(c -> claim(c, key, Math.max(keepUntil.toEpochMilli(), now + 1), now));
        }

        /** Gives {@code key} back, for a use that did nothing. */
        void release(Jdbc jdbc, String key) {
            jdbc.withConnection(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn + " = ?")) {
                    s.setString(1, digest(key));
                    return s.executeUpdate();
                }
            });
        }
    }

    /** A key as the once-only stores keep it: its SHA-256 in hex, so the table never holds the key itself. */
    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JRE has SHA-256
        }
    }
}
