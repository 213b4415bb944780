package dev.sessionguard.storage;

import dev.sessionguard.console.ShownItems;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ShownItems} in the app's database, so that a press after a restart, or on another instance, is checked
 * against what any instance showed.
 */
public final class JdbcShownItems implements ShownItems {

    private static final Logger log = LoggerFactory.getLogger(JdbcShownItems.class);

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcShownItems(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    @Override
    public void remember(String adminId, String kind, Collection<String> keys, Duration ttl) {
        long now = clock.millis();
        sweep(now);
        if (keys.isEmpty()) {
            return;
        }
        long expires = now + ttl.toMillis();
        jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO shown_item (admin_id, kind, item_key, expires_ms)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (admin_id, kind, item_key)"
                    + " DO UPDATE SET expires_ms = excluded.expires_ms")) {
                // In key order, so two instances remembering the same listing lock its rows in the same order.
                for (String key : new TreeSet<>(keys)) {
                    s.setString(1, adminId);
                    s.setString(2, kind);
                    s.setString(3, key);
                    s.setLong(4, expires);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean wasShown(String adminId, String kind, String key) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM shown_item"
                    + " WHERE admin_id = ? AND kind = ? AND item_key = ? AND expires_ms > ?")) {
                s.setString(1, adminId);
                s.setString(2, kind);
                s.setString(3, key);
                s.setLong(4, clock.millis());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Expired rows go on each remember: an indexed range delete, usually of nothing. It runs on its own, outside
     * the upsert, so it never holds locks that a concurrent upsert waits on; a failure only leaves rows that
     * {@link #wasShown} already ignores.
     */
    private void sweep(long now) {
        try {
            jdbc.withConnection(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM shown_item WHERE expires_ms <= ?")) {
                    s.setLong(1, now);
                    return s.executeUpdate();
                }
            });
        } catch (StorageException e) {
            log.warn("Could not sweep expired shown items ({}); trying again next time", e.getClass().getSimpleName());
        }
    }
}
