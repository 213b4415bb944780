package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.people.Person;
import dev.sessionguard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of the user directory must do, run on each real engine by a subclass. */
abstract class PeopleStoreContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    MutableClock clock = new MutableClock(T0);
    Database db;
    JdbcPeople people;

    /** A URL for a fresh, empty database. */
    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabase());
        people = new JdbcPeople(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Person person(String id, long updated, String... workspaces) {
        return new Person(id, id.toLowerCase() + "@Example.com", false, false, false, false, false, "E0000ORG1",
                List.of(workspaces), updated);
    }

    @Test
    void aNewDirectoryIsEmptyAndHasNeverSynced() {
        assertThat(people.count()).isZero();
        assertThat(people.lastFullSync()).isEmpty();
        assertThat(people.byIds(List.of("W1"))).isEmpty();
        assertThat(people.byEmails(List.of("w1@example.com"))).isEmpty();
    }

    @Test
    void aStoredPageIsFoundByIdAndByEmailInAnyCase() {
        Person ada = new Person("W0000ADA", "Ada@Example.COM", false, false, true, true, true, "E0000ORG1",
                List.of("T1", "T2"), 1_700_000_123L);
        Person bot = new Person("U0000BOT", null, false, true, false, false, false, null, List.of("T1"), 5);
        people.upsertPage(List.of(ada, bot), clock.millis());

        assertThat(people.count()).isEqualTo(2);
        assertThat(people.byIds(List.of("W0000ADA", "U0000BOT", "W0000NOBODY")))
                .containsOnlyKeys("W0000ADA", "U0000BOT").containsEntry("W0000ADA", ada).containsEntry("U0000BOT", bot);
        assertThat(people.byEmails(List.of("ADA@example.com", "nobody@example.com")))
                .containsOnlyKeys("ada@example.com").containsEntry("ada@example.com", ada);
    }

    @Test
    void tenThousandLookupsComeBackWhole() {
        List<Person> all = IntStream.range(0, 10_000).mapToObj(i -> person(String.format("W%07d", i), 1, "T1")).toList();
        for (int from = 0; from < all.size(); from += 1000) {
            people.upsertPage(all.subList(from, from + 1000), clock.millis());
        }
        List<String> ids = new ArrayList<>(all.stream().map(Person::id).toList());
        ids.add("W9999999");

        assertThat(people.byIds(ids)).hasSize(10_000);
        assertThat(people.byEmails(all.stream().map(Person::email).toList())).hasSize(10_000);
        assertThat(people.count()).isEqualTo(10_000);
    }

    @Test
    void anEventIsStoredOnlyWhenNewerThanWhatIsStored() {
        assertThat(people.upsertIfNewer(person("W1", 100, "T1"))).as("new person").isTrue();

        Person older = new Person("W1", "old@example.com", true, false, false, false, false, null, List.of("T1"), 99);
        Person same = new Person("W1", "same@example.com", true, false, false, false, false, null, List.of("T1"), 100);
        assertThat(people.upsertIfNewer(older)).isFalse();
        assertThat(people.upsertIfNewer(same)).isFalse();
        assertThat(people.byIds(List.of("W1")).get("W1").email()).isEqualTo("w1@example.com");

        Person newer = new Person("W1", "new@example.com", true, false, false, false, true, "E0000ORG1",
                List.of("T1", "T2"), 101);
        assertThat(people.upsertIfNewer(newer)).isTrue();
        assertThat(people.byIds(List.of("W1")).get("W1")).isEqualTo(newer);
    }

    @Test
    void aPersonListedByTwoWorkspacesInOneSyncKeepsBoth() {
        long sync = clock.millis();
        people.upsertPage(List.of(person("W1", 10, "T1")), sync);
        people.upsertPage(List.of(person("W1", 10, "T2")), sync);

        assertThat(people.byIds(List.of("W1")).get("W1").workspaces()).containsExactly("T1", "T2");

        clock.advance(Duration.ofHours(24));
        people.upsertPage(List.of(person("W1", 10, "T2")), clock.millis());
        assertThat(people.byIds(List.of("W1")).get("W1").workspaces()).as("a later sync starts afresh")
                .containsExactly("T2");
    }

    @Test
    void aListingOlderThanAStoredEventKeepsTheEventsFields() {
        long sync = clock.millis();
        clock.advance(Duration.ofSeconds(1));
        people.upsertIfNewer(new Person("W1", "w1@example.com", true, false, false, false, false, null, List.of("T1"), 200));

        people.upsertPage(List.of(person("W1", 150, "T1")), sync);

        assertThat(people.byIds(List.of("W1")).get("W1").deleted()).isTrue();
        assertThat(people.byIds(List.of("W1")).get("W1").updated()).isEqualTo(200);
    }

    @Test
    void aCompleteSyncRemovesWhoItDidNotSeeButKeepsWhatAnEventAddedMeanwhile() {
        people.upsertPage(List.of(person("W1", 1, "T1"), person("W2", 1, "T1"), person("W3", 1, "T1")),
                clock.millis());
        clock.advance(Duration.ofHours(24));
        assertThat(people.acquireLease("a", LEASE)).isTrue();
        long sync = clock.millis();
        people.upsertPage(List.of(person("W1", 1, "T1")), sync);
        clock.advance(Duration.ofSeconds(5));
        people.upsertIfNewer(person("W4", 1, "T1")); // team_join during the sync
        people.upsertIfNewer(person("W3", 2, "T1")); // user_change during the sync

        long removed = people.finishFullSync("a", sync, clock.instant());

        assertThat(removed).isEqualTo(1);
        assertThat(people.byIds(List.of("W1", "W2", "W3", "W4"))).containsOnlyKeys("W1", "W3", "W4");
        assertThat(people.lastFullSync()).contains(clock.instant());
    }

    @Test
    void aHolderThatLostTheLeaseRemovesNobodyAndRecordsNoSync() {
        people.upsertPage(List.of(person("W1", 1, "T1")), clock.millis());
        clock.advance(Duration.ofHours(1));
        assertThat(people.acquireLease("a", LEASE)).isTrue();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(people.acquireLease("b", LEASE)).as("a lapsed lease is taken over").isTrue();

        assertThat(people.finishFullSync("a", clock.millis(), clock.instant())).isEqualTo(-1);
        assertThat(people.count()).isEqualTo(1);
        assertThat(people.lastFullSync()).isEmpty();
    }

    @Test
    void theLeaseIsHeldByOneHolderUntilReleasedOrLapsed() {
        assertThat(people.acquireLease("a", LEASE)).isTrue();
        assertThat(people.acquireLease("b", LEASE)).isFalse();
        assertThat(people.acquireLease("a", LEASE)).as("its own again").isTrue();

        clock.advance(LEASE.minusSeconds(1));
        assertThat(people.renewLease("a", LEASE)).isTrue();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(people.acquireLease("b", LEASE)).as("renewed, still held").isFalse();
        assertThat(people.renewLease("b", LEASE)).isFalse();

        people.releaseLease("b"); // not its to give up
        assertThat(people.acquireLease("b", LEASE)).isFalse();
        people.releaseLease("a");
        assertThat(people.acquireLease("b", LEASE)).isTrue();
        assertThat(people.renewLease("a", LEASE)).isFalse();
    }

    @Test
    void twoAccountsWithOneEmailResolveToTheActiveOne() {
        Person old = new Person("W1", "sam@example.com", true, false, false, false, false, null, List.of("T1"), 50);
        Person now = new Person("W2", "sam@example.com", false, false, false, false, false, null, List.of("T1"), 10);
        people.upsertPage(List.of(old, now), clock.millis());

        assertThat(people.byEmails(List.of("sam@example.com")).get("sam@example.com").id()).isEqualTo("W2");
    }
}
