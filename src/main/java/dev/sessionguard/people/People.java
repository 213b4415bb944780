package dev.sessionguard.people;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The local copy of the org's user directory, read side. It answers who a person is for previews (never for the
 * admin gate, which always asks Slack). Lookups are batched: a 10,000-person preview is a handful of queries.
 */
public interface People {

    /** The people among {@code ids} that the directory knows, by id. */
    Map<String, Person> byIds(Collection<String> ids);

    /** The people whose email is among {@code emails} (compared lower-cased), by lower-cased email. */
    Map<String, Person> byEmails(Collection<String> emails);

    /** How many people the directory holds. */
    long count();

    /** When the last full sync finished; empty before the first. */
    Optional<Instant> lastFullSync();
}
