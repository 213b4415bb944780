package dev.sessionguard.edge;

/**
 * Remembers which modal submissions were acted on, so that one submitted view acts at most once: Slack never
 * retries an interactive payload, so a second delivery of the same view id and hash is a replay. Shared by
 * every instance and kept across restarts (see {@code storage/JdbcSubmissionLedger}).
 */
public interface SubmissionLedger {

    /** What {@link #claim} found. */
    enum Claim { FIRST, SEEN_BEFORE }

    /**
     * Records {@code key} as taken, unless it already is.
     *
     * @throws RuntimeException when it can't tell (the database is down): the caller must then not act
     */
    Claim claim(String key);

    /** Gives {@code key} back, for a submission that did nothing (e.g. its form came back with errors). */
    void release(String key);
}
