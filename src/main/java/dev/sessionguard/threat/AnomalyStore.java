package dev.sessionguard.threat;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.slackapi.AuditLogEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Where threat response keeps what it has read of Slack's audit logs: a watermark, every entry it has filed (so
 * each is filed once, across restarts and instances), the cards, and the automatic response's sign-outs of the last
 * hour. Implemented in {@code storage}.
 */
public interface AnomalyStore {

    /** The newest {@code date_create} read so far, in Unix seconds; empty before the first read. */
    OptionalLong watermark();

    /** Moves the watermark forward to {@code seconds}; never back. */
    void advance(long seconds);

    /**
     * Takes or renews the right to read the logs until {@code until}: one instance reads at a time, so the org's
     * Tier 3 budget is not spent twice.
     *
     * @return false while another instance holds it
     */
    boolean lease(String instance, Instant until);

    /** Lets the lease go, for the next instance to take at once. */
    void release(String instance);

    /**
     * Files one entry, in one transaction: takes its id (empty when it was filed before, by any instance), finds the
     * card it joins, lets {@code filing} decide the card and its audit record, stores both, and appends the record
     * to the audit trail. Nothing is kept when any step fails.
     *
     * @param joinable the card the entry may join: the person's newest card whose first anomaly is no older than
     *                 {@code since}, open or (for {@code anyState}) in any state
     */
    Optional<Filed> file(AuditLogEntry entry, Instant since, boolean anyState,
            Function<Optional<AnomalyCard>, Filing> filing);

    /**
     * What to store for an entry: the card as it is now (for a new card, any {@code seq}: the store sets it to the
     * record's) and the record to append.
     */
    record Filing(AnomalyCard card, AuditRecord record) {
    }

    /** What was filed: the card as stored, whether it is new, and the record's seq. */
    record Filed(AnomalyCard card, boolean newCard, long seq) {
    }

    Optional<AnomalyCard> card(String id);

    /** Cards whose automatic response has not run yet (e.g. an instance stopped between the filing and it). */
    List<AnomalyCard> awaitingAutomaticResponse();

    /** The automatic response ran (or decided not to): {@code autoReason} is cleared. */
    void automaticResponseDone(String id);

    /** Ends the card. */
    void handled(String id, AnomalyCard.Handled handled);

    /** The latest attempt that did not end the card. */
    void note(String id, String note);

    /**
     * Counts the automatic response's sign-out of the card's person, unless {@code max} have been counted in the
     * hour before {@code now}; counted once per card, however often it is asked.
     *
     * @return whether the sign-out may go ahead
     */
    boolean countAutomatic(String cardId, Instant now, int max);

    /** Forgets filed entry ids from before {@code before}, which the watermark has long passed. */
    void forgetEntriesBefore(Instant before);
}
