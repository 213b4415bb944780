package dev.sessionguard.gtr;

import java.time.Instant;

/**
 * Remembers the ID ({@code jti}) of each token that was used, until it expires, so a replayed token is refused:
 * shared by every instance and kept across restarts ({@code storage/JdbcJtiStore}).
 */
public interface JtiStore {

    /**
     * Takes {@code jti} until {@code keepUntil}, unless it is taken already.
     *
     * @return true when this is its first use
     * @throws RuntimeException when it can't tell (the database is down): the caller must then not act
     */
    boolean claim(String jti, Instant keepUntil);

    /** Gives {@code jti} back, for a request that did nothing, so the IdP may send the same token again. */
    void release(String jti);
}
