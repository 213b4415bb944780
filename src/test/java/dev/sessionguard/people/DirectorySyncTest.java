package dev.sessionguard.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DirectorySync} against the loopback fake Slack and a real SQLite directory, on virtual waits. */
class DirectorySyncTest {

    static final Duration PACE = Duration.ofSeconds(3);
    /** One call per workspace in any 3 s: a pace the tests can see call by call. */
    static final DirectorySync.Timing TIMING = new DirectorySync.Timing(Duration.ZERO, Duration.ofHours(24), 1, PACE,
            Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(1));

    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    VirtualWaits waits = new VirtualWaits(clock);
    FakeSlack slack;
    Database db;
    JdbcPeople people;
    DirectorySync sync;

    @BeforeEach
    void setUp() {
        slack = FakeSlack.start();
        db = Database.open(TestDatabases.freshSqlite());
        people = new JdbcPeople(db, clock);
        sync = syncAs("instance-a");
    }

    DirectorySync syncAs(String holder) {
        UserLists lists = new UserLists(Slack.getInstance(slack.slackConfig()).methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                SlackCalls.withDefaults().withoutRetries());
        return new DirectorySync(people, lists, holder, TIMING, clock, waits);
    }

    @AfterEach
    void tearDown() {
        sync.close();
        db.close();
        slack.close();
    }

    /** {@code count} plain members W0000000… in {@code team}, from {@code first}. */
    void members(String team, int first, int count) {
        IntStream.range(first, first + count).forEach(i -> slack.user(FakeUser.member(String.format("W%07d", i))
                .name("p" + i).teams(team)));
    }

    @Test
    void slacksTierIsCountedPerMinuteSoTheFirstPagesGoAtOnceAndTheNextWaitsForTheWindow() {
        members("T0000TEAM1", 0, 2_500); // 3 pages
        List<Long> callTimes = new ArrayList<>();
        slack.respond("users.list", c -> {
            synchronized (callTimes) {
                callTimes.add(waits.nanoTime());
            }
            return slack.defaultAnswer(c);
        });
        DirectorySync twoAMinute = new DirectorySync(people, new UserLists(Slack.getInstance(slack.slackConfig())
                .methods(), Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                SlackCalls.withDefaults().withoutRetries()), "instance-w", new DirectorySync.Timing(Duration.ZERO,
                Duration.ofHours(24), 2, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofHours(1)), clock, waits);

        assertThat(twoAMinute.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);

        assertThat(callTimes).hasSize(3);
        assertThat(callTimes.get(1) - callTimes.get(0)).as("the second page goes at once").isZero();
        assertThat(callTimes.get(2) - callTimes.get(0)).as("the third waits for the first's minute to pass")
                .isEqualTo(Duration.ofMinutes(1).toNanos());
        twoAMinute.close();
    }

    @Test
    void twoWorkspacesArePagedSideBySideWithListCallsOnly() {
        members("T0000TEAM1", 0, 2_500);
        members("T0000TEAM2", 10_000, 1_200);
        slack.user(FakeUser.member("W0000BOTH").name("both").teams("T0000TEAM1", "T0000TEAM2"));
        Map<String, List<Long>> callTimes = new ConcurrentHashMap<>();
        slack.respond("users.list", c -> {
            callTimes.computeIfAbsent(c.param("team_id"), t -> new ArrayList<>()).add(waits.nanoTime());
            return slack.defaultAnswer(c);
        });

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);

        assertThat(people.count()).isEqualTo(2_500 + 1_200 + 1);
        assertThat(people.byIds(List.of("W0000BOTH")).get("W0000BOTH").workspaces())
                .containsExactlyInAnyOrder("T0000TEAM1", "T0000TEAM2");
        assertThat(people.byEmails(List.of("P42@example.com"))).containsKey("p42@example.com");
        assertThat(slack.calls()).extracting(RecordedCall::method)
                .containsOnly("auth.teams.list", "users.list")
                .doesNotContain("users.info", "users.lookupByEmail");
        assertThat(slack.calls("auth.teams.list")).hasSize(1);
        // ⌈2,501/1,000⌉ + ⌈1,201/1,000⌉
        assertThat(slack.calls("users.list")).hasSize(3 + 2).allSatisfy(c -> {
            assertThat(c.param("limit")).isEqualTo("1000");
            assertThat(c.token()).isEqualTo(TestApp.BOT_TOKEN);
        });
        callTimes.values().forEach(times -> {
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("one workspace's calls are 3 s apart")
                        .isGreaterThanOrEqualTo(PACE.toNanos());
            }
        });
        assertThat(waits.sleeps.stream().mapToLong(Duration::toNanos).sum())
                .as("each workspace has its own budget: 3 pages take two paces, not four")
                .isLessThanOrEqualTo(PACE.multipliedBy(2).toNanos());
        assertThat(sync.lastRun().calls()).isEqualTo(6);
        assertThat(people.lastFullSync()).contains(clock.instant());
    }

    @Test
    void rolesFlagsAndOrgsAreKeptAsSlackListsThem() {
        slack.user(FakeUser.member("W0000PRIME").name("prime").primaryOwner());
        slack.user(FakeUser.member("W0000WSADM").name("wsadm").workspaceAdminOnly());
        slack.user(FakeUser.member("U0000ROBOT").name("robot").bot());
        slack.user(FakeUser.member("W0000GONE").name("gone").deactivated());
        slack.user(FakeUser.member("W0000GUEST").name("guest").fromOtherOrg("E0000OTHER").teams("T0000TEAM1"));

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);

        Map<String, Person> all = people.byIds(List.of("W0000PRIME", "W0000WSADM", "U0000ROBOT", "W0000GONE",
                "W0000GUEST"));
        assertThat(all.get("W0000PRIME")).matches(p -> p.primaryOwner() && p.owner() && p.admin() && !p.bot());
        assertThat(all.get("W0000PRIME").enterpriseId()).isEqualTo(FakeSlack.DEFAULT_ENTERPRISE_ID);
        assertThat(all.get("W0000WSADM")).matches(p -> p.admin() && !p.owner() && !p.primaryOwner());
        assertThat(all.get("U0000ROBOT")).matches(p -> p.bot() && p.email() == null);
        assertThat(all.get("W0000GONE")).matches(Person::deleted);
        assertThat(all.get("W0000GUEST").enterpriseId()).isEqualTo("E0000OTHER");
        assertThat(all.get("W0000GONE").updated()).isEqualTo(1_700_000_000L);
    }

    @Test
    void aRateLimitedPageIsAskedAgainAfterRetryAfter() {
        members("T0000TEAM1", 0, 1_500);
        slack.respondInSequence("users.list", FakeResponse.ratelimited(7));

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);

        assertThat(waits.sleeps).contains(Duration.ofSeconds(7));
        assertThat(slack.calls("users.list")).hasSize(1 + 2);
        assertThat(people.count()).isEqualTo(1_500);
        assertThat(sync.lastRun().rateLimited()).isEqualTo(1);
    }

    @Test
    void aFailingPageRemovesNobodyAndRecordsNoSync() {
        people.upsertIfNewer(new Person("W0000OLD", "old@example.com", false, false, false, false, false, null,
                List.of("T0000TEAM1"), 1));
        members("T0000TEAM1", 0, 2_500);
        clock.advance(Duration.ofHours(1));
        slack.respond("users.list", c -> c.param("cursor") == null ? slack.defaultAnswer(c)
                : FakeResponse.error("invalid_auth"));

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.FAILED);

        assertThat(people.byIds(List.of("W0000OLD"))).containsKey("W0000OLD");
        assertThat(people.count()).isEqualTo(1 + 1_000);
        assertThat(people.lastFullSync()).isEmpty();
        assertThat(people.acquireLease("someone-else", Duration.ofMinutes(1))).as("the lease was given up").isTrue();
    }

    @Test
    void aTransientErrorIsRetriedAndTheSyncCompletes() {
        members("T0000TEAM1", 0, 10);
        slack.respondInSequence("users.list", FakeResponse.error("internal_error"));

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);
        assertThat(people.count()).isEqualTo(10);
        assertThat(slack.calls("users.list")).hasSize(2);
    }

    @Test
    void aCompleteSyncRemovesWhoLeftSlackSinceTheLastOne() {
        members("T0000TEAM1", 0, 5);
        slack.user(FakeUser.member("W0000LEFT").name("left"));
        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);
        assertThat(people.count()).isEqualTo(6);

        FakeSlack fresh = FakeSlack.start();
        try {
            slack.close();
            slack = fresh;
            members("T0000TEAM1", 0, 5);
            clock.advance(Duration.ofHours(24));
            DirectorySync again = syncAs("instance-a");

            assertThat(again.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);

            assertThat(people.byIds(List.of("W0000LEFT"))).isEmpty();
            assertThat(people.count()).isEqualTo(5);
            assertThat(again.lastRun().removed()).isEqualTo(1);
        } finally {
            fresh.close();
        }
    }

    @Test
    void aListingOfNobodyIsAFailureNotAnEmptyDirectory() {
        people.upsertIfNewer(new Person("W0000KEEP", null, false, false, false, false, false, null, List.of(), 1));
        clock.advance(Duration.ofHours(1));

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.FAILED);
        assertThat(people.count()).isEqualTo(1);
    }

    @Test
    void whileOneInstanceHoldsTheLeaseAnotherMakesNoCall() {
        members("T0000TEAM1", 0, 10);
        assertThat(people.acquireLease("instance-b", TIMING.lease())).isTrue();

        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.LEASE_HELD);
        assertThat(slack.calls()).isEmpty();

        clock.advance(TIMING.lease().plusSeconds(1)); // instance-b died without giving it up
        assertThat(sync.syncNow()).isEqualTo(DirectorySync.Outcome.SYNCED);
        assertThat(people.count()).isEqualTo(10);
    }

    @Test
    void withoutAnInstallTheSyncFailsWithoutCallingSlack() {
        UserLists lists = new UserLists(Slack.getInstance(slack.slackConfig()).methods(), new Tokens() {
            @Override
            public Secret bot() {
                throw new Tokens.NotInstalledException();
            }

            @Override
            public Secret admin() {
                throw new Tokens.NotInstalledException();
            }
        }, SlackCalls.withDefaults().withoutRetries());
        DirectorySync notInstalled = new DirectorySync(people, lists, "instance-a", TIMING, clock, waits);

        assertThat(notInstalled.syncNow()).isEqualTo(DirectorySync.Outcome.FAILED);
        assertThat(slack.calls()).isEmpty();
    }
}
