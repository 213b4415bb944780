package dev.sessionguard.people;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The directory's write side: what {@link DirectorySync} and the {@code user_change} / {@code team_join} events
 * need. Implemented by {@code storage/JdbcPeople}.
 */
public interface PeopleStore extends People {

    /**
     * Stores one page of a full sync in one transaction, marking each person seen by the sync that began at
     * {@code syncStartMs}. A person already seen by this same sync (listed by another workspace) keeps the union of
     * both workspace lists. A stored row with a newer {@code updated} (an event that overtook the listing) keeps its
     * fields, but is still marked seen.
     */
    void upsertPage(List<Person> page, long syncStartMs);

    /**
     * Stores {@code person} only if it is new or its {@code updated} is newer than the stored one; an event that
     * arrives late or twice changes nothing.
     *
     * @return whether the row was written
     */
    boolean upsertIfNewer(Person person);

    /**
     * Ends a complete full sync: removes everyone that sync (begun at {@code syncStartMs}) did not see and nothing
     * has touched since, and records {@code finished} as the last full sync, in one transaction, and only while
     * {@code holder} still holds the lease (a holder whose lease was taken over deletes nobody).
     *
     * @return how many people were removed, or -1 when {@code holder} no longer held the lease
     */
    long finishFullSync(String holder, long syncStartMs, Instant finished);

    /** Takes the sync lease for {@code holder} if nobody holds it, its holder's lapsed, or it is already its own. */
    boolean acquireLease(String holder, Duration lease);

    /** Extends {@code holder}'s lease; false when it no longer holds it. */
    boolean renewLease(String holder, Duration lease);

    /** Gives the lease up, if {@code holder} holds it. */
    void releaseLease(String holder);
}
