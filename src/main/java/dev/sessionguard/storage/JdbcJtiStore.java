package dev.sessionguard.storage;

import dev.sessionguard.gtr.JtiStore;
import java.time.Clock;
import java.time.Instant;

/**
 * Token IDs that may be used once, in the app's database (table {@code gtr_jti}). Kept as the submission ledger
 * keeps its keys ({@link Jdbc.OnceOnly}), so two instances given the same token can't both act. Rows are swept once
 * their token has expired, when a replay fails the expiry check anyway.
 */
public final class JdbcJtiStore implements JtiStore {

    private static final Jdbc.OnceOnly KEYS = new Jdbc.OnceOnly("gtr_jti", "jti_key");

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
    @Override
    public boolean claim(String key, Instant keepUntil) {
        return KEYS.claim(jdbc, key, keepUntil, clock);
    }

    /** Gives {@code key} back, for a request that did nothing and may be sent again with the same token. */
    @Override
    public void release(String key) {
        KEYS.release(jdbc, key);
    }
}
