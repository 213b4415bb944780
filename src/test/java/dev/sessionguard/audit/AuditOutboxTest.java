package dev.sessionguard.audit;

import com.google.gson.JsonParser;
import dev.sessionguard.SessionGuard;
import dev.sessionguard.config.Settings;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The outbox against a real database and a fake Slack that fails and recovers. The clock is moved by hand. */
class AuditOutboxTest {

    static final Pattern RECORD_REF = Pattern.compile("record #(\\d+)");

    FakeSlack slack;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    /** One instance: a database handle, its store and its outbox. */
    final class Instance implements AutoCloseable {
        final Database db;
        final JdbcAuditStore store;
        final AuditOutbox outbox;

        Instance(Secret url) {
            this(url, slack.slackConfig());
        }

        Instance(Secret url, com.slack.api.SlackConfig config) {
            db = Database.open(url);
            store = new JdbcAuditStore(db, clock);
            AuditPoster poster = new AuditPoster(Slack.getInstance(config).methods(),
                    Tokens.fixed(new Secret(TestApp.BOT_TOKEN), null), TestApp.AUDIT_CHANNEL, SlackCalls.withDefaults().withoutRetries(), List.of());
            outbox = new AuditOutbox(store, poster, clock);
        }

        @Override
        public void close() {
            db.close();
        }
    }

    static AuditRecord record(int n) {
        return new AuditRecord(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(n), "W0000ADMIN",
                AuditRecord.SESSION_RESET, AuditRecord.Outcome.SUCCEEDED, "All sessions", "incident " + n, null,
                List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null, "Signed out")));
    }

    @Test
    void slackFailingThenRecoveringDeliversEveryRecordOnce() throws Exception {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            for (int i = 1; i <= 5; i++) {
                app.store.append(record(i));
            }
            slack.respondInSequence("chat.postMessage", FakeResponse.httpStatus(503, "{\"ok\":false}"),
                    FakeResponse.error("not_in_channel"), FakeResponse.ratelimited(7), FakeResponse.error("internal_error"));

            int passes = 0;
            while (app.store.backlog() > 0 && passes++ < 50) {
                app.outbox.deliverDue();
                clock.advance(Duration.ofSeconds(10));
            }

            assertThat(app.store.backlog()).isZero();
            assertThat(successfulPostsPerRecord()).containsOnlyKeys(1L, 2L, 3L, 4L, 5L).allSatisfy((seq, n) ->
                    assertThat(n).as("successful posts of record #%d", seq).isEqualTo(1L));
            assertThat(messageTs(app.db, 1)).isNotBlank();
        }
    }

    @Test
    void aFailedRecordIsNotRetriedBeforeItsBackoff() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            app.store.append(record(1));
            slack.respondInSequence("chat.postMessage", FakeResponse.ratelimited(30));

            app.outbox.deliverDue();
            clock.advance(Duration.ofSeconds(29));
            app.outbox.deliverDue();

            assertThat(slack.calls("chat.postMessage")).hasSize(1);
            clock.advance(Duration.ofSeconds(2));
            app.outbox.deliverDue();
            assertThat(slack.calls("chat.postMessage")).hasSize(2);
            assertThat(app.store.backlog()).isZero();
        }
    }

    @Test
    void theBackoffDoublesFromOneSecondUpToFiveMinutes() {
        assertThat(AuditOutbox.backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(AuditOutbox.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(AuditOutbox.backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(AuditOutbox.backoff(8)).isEqualTo(Duration.ofSeconds(256));
        assertThat(AuditOutbox.backoff(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(AuditOutbox.backoff(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anErrorWithoutRetryAfterWaitsItsBackoffAndAPassCountsWhatItDelivered() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            app.store.append(record(1));
            app.store.append(record(2));
            slack.respondInSequence("chat.postMessage", FakeResponse.error("internal_error"));

            assertThat(app.outbox.deliverDue()).isZero();
            assertThat(app.outbox.deliverDue()).as("not before its one-second backoff").isZero();
            assertThat(slack.calls("chat.postMessage")).hasSize(1);
            clock.advance(Duration.ofSeconds(1));
            assertThat(app.outbox.deliverDue()).isEqualTo(2);
            assertThat(app.store.backlog()).isZero();
        }
    }

    @Test
    void closingAbandonedActionsWhenThereAreNoneDeliversNothingAndClosingTheOutboxDeliversTheRest() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            app.store.append(record(1));

            assertThat(app.outbox.closeAbandoned()).isZero();
            assertThat(slack.calls("chat.postMessage")).isEmpty();

            app.outbox.close();
            assertThat(app.store.backlog()).as("the last pass on close").isZero();
            assertThat(slack.calls("chat.postMessage")).hasSize(1);
        }
    }

    @Test
    void aNudgeDeliversOnTheOutboxsOwnDaemonThreadAndEveryNudgeAfterItToo() throws Exception {
        List<Thread> passes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.time.Clock watching = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (Thread.currentThread().getName().equals("audit-outbox")) {
                    passes.add(Thread.currentThread());
                }
                return clock.instant();
            }
        };
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            AuditPoster poster = new AuditPoster(Slack.getInstance(slack.slackConfig()).methods(),
                    Tokens.fixed(new Secret(TestApp.BOT_TOKEN), null), TestApp.AUDIT_CHANNEL,
                    SlackCalls.withDefaults().withoutRetries(), List.of());
            AuditOutbox outbox = new AuditOutbox(new JdbcAuditStore(app.db, clock), poster, watching);
            try {
                app.store.append(record(1));
                outbox.nudge();
                slack.awaitCalls("chat.postMessage", 1, Duration.ofSeconds(10));
                app.store.append(record(2));
                outbox.nudge();
                slack.awaitCalls("chat.postMessage", 2, Duration.ofSeconds(10));
            } finally {
                outbox.close();
            }
            assertThat(passes).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
            assertThat(app.store.backlog()).isZero();
        }
    }

    @Test
    void postsAreInOrderAndCarryTheirPlaceInTheChain() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            AuditStore.StoredRecord first = app.store.append(record(1));
            app.store.append(record(2));

            app.outbox.deliverDue();

            List<RecordedCall> posts = slack.calls("chat.postMessage");
            assertThat(posts).extracting(c -> c.param("channel")).containsOnly(TestApp.AUDIT_CHANNEL);
            assertThat(posts).extracting(c -> c.token()).containsOnly(TestApp.BOT_TOKEN);
            assertThat(posts.get(0).jsonArrayParam("blocks").toString())
                    .contains("record #1 · sha256 " + first.hash().substring(0, 16));
            assertThat(posts.get(1).jsonArrayParam("blocks").toString()).contains("record #2");
        }
    }

    @Test
    void aRetryAfterPausesTheWholePassSoLaterRecordsNeverOvertakeIt() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            app.store.append(record(1));
            app.store.append(record(2));
            slack.respondInSequence("chat.postMessage", FakeResponse.ratelimited(30));

            app.outbox.deliverDue();
            clock.advance(Duration.ofSeconds(10));
            app.outbox.deliverDue();

            assertThat(slack.calls("chat.postMessage")).as("record #2 waits behind #1").hasSize(1);
            clock.advance(Duration.ofSeconds(21));
            app.outbox.deliverDue();
            assertThat(successfulPostsInOrder()).containsExactly(1L, 2L);
        }
    }

    @Test
    void aFailureOfAnyKindKeepsTheChannelInTheChainsOrder() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            for (int i = 1; i <= 3; i++) {
                app.store.append(record(i));
            }
            slack.respondInSequence("chat.postMessage", FakeResponse.ok(), FakeResponse.httpStatus(503, "{\"ok\":false}"));

            for (int pass = 0; pass < 10 && app.store.backlog() > 0; pass++) {
                app.outbox.deliverDue();
                clock.advance(Duration.ofSeconds(5));
            }

            assertThat(successfulPostsInOrder()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void theRecordThatClosesAnActionUpdatesItsInProgressMessageInPlace() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            AuditStore.Begun.Started begun = (AuditStore.Begun.Started) app.store.begin(intent(), 1, 20);
            app.outbox.deliverDue();
            app.store.finish(begun.record().seq(), record(2));
            app.outbox.deliverDue();

            RecordedCall post = slack.calls("chat.postMessage").get(0);
            assertThat(post.param("text")).contains("In progress");
            RecordedCall update = slack.calls("chat.update").get(0);
            assertThat(update.param("channel")).isEqualTo(TestApp.AUDIT_CHANNEL);
            assertThat(update.param("ts")).isEqualTo(JsonParser.parseString(slack.answerTo(post).body())
                    .getAsJsonObject().get("ts").getAsString());
            assertThat(update.param("text")).contains("Succeeded");
            assertThat(update.jsonArrayParam("blocks").toString()).contains("record #2");
            assertThat(slack.calls("chat.postMessage")).as("one message per action").hasSize(1);
            assertThat(app.store.backlog()).isZero();
        }
    }

    @Test
    void aClosingRecordWaitsForItsInProgressMessageAndIsPostedAnewWhenThatMessageIsGone() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            AuditStore.Begun.Started begun = (AuditStore.Begun.Started) app.store.begin(intent(), 1, 20);
            app.store.finish(begun.record().seq(), record(2));
            slack.respondInSequence("chat.postMessage", FakeResponse.httpStatus(503, "{\"ok\":false}"));
            slack.respondInSequence("chat.update", FakeResponse.error("message_not_found"));

            app.outbox.deliverDue();
            assertThat(slack.calls("chat.update")).as("nothing to update while #1 is not posted").isEmpty();
            clock.advance(Duration.ofSeconds(5));
            app.outbox.deliverDue();

            assertThat(slack.calls("chat.update")).hasSize(1);
            assertThat(successfulPostsInOrder()).containsExactly(1L, 2L);
            assertThat(app.store.backlog()).isZero();
        }
    }

    @Test
    void anActionItsInstanceAbandonedIsClosedWithWhatLandedAndTheRestUnknown() {
        try (Instance app = new Instance(TestDatabases.freshSqlite())) {
            AuditRecord intent = AuditedAction.intent(record(1), List.of("W0000ALICE", "W0000BOB"));
            AuditStore.Begun.Started begun = (AuditStore.Begun.Started) app.store.begin(intent, 2, 20);
            app.store.landed(begun.record().seq(), List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null,
                    "Signed out of all sessions")));

            clock.advance(AuditOutbox.ABANDONED_AFTER.minusSeconds(1));
            assertThat(app.outbox.closeAbandoned()).as("not yet abandoned").isZero();
            clock.advance(Duration.ofSeconds(2));
            assertThat(app.outbox.closeAbandoned()).isEqualTo(1);
            assertThat(app.outbox.closeAbandoned()).as("closed once").isZero();

            AuditRecord closed = app.store.recent(1).get(0).record();
            assertThat(closed.ref()).isEqualTo(begun.record().seq());
            assertThat(closed.targets()).extracting(TargetResult::status)
                    .containsExactly(TargetResult.Status.DONE, TargetResult.Status.UNKNOWN);
            assertThat(closed.detail()).contains("Interrupted").contains("1 of 2 outcomes are unknown");
            assertThat(slack.calls("chat.update")).singleElement().satisfies(u -> assertThat(u.param("text"))
                    .contains("Partly failed"));
            assertThat(app.store.verify().intact()).isTrue();
        }
    }

    @Test
    void everySlackCallEndsWellWithinTheOutboxLease() {
        var config = SessionGuard.slackClient(Settings.from(TestApp.environment(slack))).getConfig();

        assertThat(Duration.ofMillis(config.getHttpClientCallTimeoutMillis())).isLessThan(AuditOutbox.LEASE.dividedBy(2));
    }

    @Test
    void aPostThatHangsPastTheCallTimeoutIsRetriedAndDeliveredOnce() {
        CountDownLatch release = new CountDownLatch(1);
        slack.respond("chat.postMessage", c -> {
            if (slack.calls("chat.postMessage").size() == 1) {
                try { // the first post hangs longer than the client waits
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return slack.defaultAnswer(c);
        });
        com.slack.api.SlackConfig shortTimeout = slack.slackConfig();
        shortTimeout.setHttpClientCallTimeoutMillis(500);
        try (Instance app = new Instance(TestDatabases.freshSqlite(), shortTimeout)) {
            app.store.append(record(1));

            app.outbox.deliverDue();
            release.countDown();
            clock.advance(Duration.ofSeconds(5));
            app.outbox.deliverDue();

            assertThat(app.store.backlog()).isZero();
            assertThat(slack.calls("chat.postMessage")).hasSize(2);
        }
    }

    @Test
    void twoInstancesOnOneSqliteFileDeliverNothingTwice() throws Exception {
        twoInstancesDeliverNothingTwice(TestDatabases.freshSqlite());
    }

    @Test
    @Tag("postgres")
    @EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+",
            disabledReason = TestDatabases.PG_SKIPPED)
    void twoInstancesOnOnePostgresDeliverNothingTwice() throws Exception {
        twoInstancesDeliverNothingTwice(TestDatabases.freshPostgresSchema());
    }

    private void twoInstancesDeliverNothingTwice(Secret url) throws Exception {
        try (Instance a = new Instance(url); Instance b = new Instance(url)) {
            ExecutorService both = Executors.newFixedThreadPool(4);
            List<Future<?>> writes = new java.util.ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                Instance writer = i % 2 == 0 ? a : b;
                int n = i;
                writes.add(both.submit(() -> writer.store.append(record(n))));
            }
            for (Future<?> w : writes) {
                w.get(60, TimeUnit.SECONDS);
            }
            Callable<Integer> drainA = () -> drain(a);
            Callable<Integer> drainB = () -> drain(b);
            Future<Integer> fa = both.submit(drainA);
            Future<Integer> fb = both.submit(drainB);
            int delivered = fa.get(60, TimeUnit.SECONDS) + fb.get(60, TimeUnit.SECONDS);
            both.shutdown();

            assertThat(delivered).isEqualTo(60);
            assertThat(slack.calls("chat.postMessage")).hasSize(60);
            assertThat(successfulPostsPerRecord()).hasSize(60).allSatisfy((seq, n) -> assertThat(n).isEqualTo(1L));
            assertThat(a.store.verify().intact()).isTrue();
        }
    }

    private static int drain(Instance instance) {
        int total = 0;
        int delivered;
        do {
            delivered = instance.outbox.deliverDue();
            total += delivered;
        } while (delivered > 0);
        return total;
    }

    static AuditRecord intent() {
        return AuditedAction.intent(record(1), List.of("W0000ALICE"));
    }

    /** The records Slack accepted, posted or updated, in the order it got them, by the "record #N" each carries. */
    private List<Long> successfulPostsInOrder() {
        return slack.calls().stream()
                .filter(c -> c.method().equals("chat.postMessage") || c.method().equals("chat.update"))
                .filter(c -> slack.answerTo(c) != null && slack.answerTo(c).body().contains("\"ok\":true"))
                .map(c -> {
                    Matcher m = RECORD_REF.matcher(c.jsonArrayParam("blocks").toString());
                    return m.find() ? Long.parseLong(m.group(1)) : -1L;
                }).toList();
    }

    /** How many posts Slack accepted for each record, by the "record #N" each message carries. */
    private Map<Long, Long> successfulPostsPerRecord() {
        return slack.succeeded("chat.postMessage").stream()
                .map(c -> {
                    Matcher m = RECORD_REF.matcher(c.jsonArrayParam("blocks").toString());
                    return m.find() ? Long.parseLong(m.group(1)) : -1L;
                })
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String messageTs(Database db, long seq) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT message_ts FROM audit_outbox WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
