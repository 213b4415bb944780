package dev.sessionguard.audit;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail across the death of the process: {@link dev.sessionguard.Main} as its own JVM, killed
 * (SIGKILL) or stopped (SIGTERM), then started again on the same SQLite file.
 */
@Tag("slow")
class CrashRecoveryProcessTest {

    /**
     * Well under the outbox's 60 s claim lease, so a record left claimed by a dead process would make
     * the "delivered after restart" waits fail rather than pass slowly.
     */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String REASON = "laptop stolen";

    @TempDir
    Path dir;

    FakeSlack slack;
    String databaseUrl;
    Database database;
    JdbcAuditStore store;
    final List<MainProcess> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        slack = Org.register(FakeSlack.start());
        databaseUrl = "jdbc:sqlite:" + dir.resolve("audit.db");
    }

    @AfterEach
    void stop() {
        processes.forEach(MainProcess::close);
        if (database != null) {
            database.close();
        }
        slack.close();
    }

    @Test
    void recordCommittedBeforeAKill9IsDeliveredAfterRestart() {
        slack.respond("chat.postMessage", c -> FakeResponse.httpStatus(503, "{\"ok\":false}"));
        int firstPort = MainProcess.freePort();
        MainProcess first = launchReady("first", firstPort);

        submitReset(firstPort);
        AuditStore.StoredRecord committed = awaitClosed();
        assertThat(committed.record().reason()).isEqualTo(REASON);
        assertThat(committed.record().actorId()).isEqualTo(ADMIN);
        long begun = committed.record().ref();
        // Kill only between attempts: a claim held by the dead process would be a different case (its lease).
        awaitFailedAttemptNotDueFor(begun, Duration.ofMillis(300));
        assertThat(store.backlog()).as("the in-progress record and its close").isEqualTo(2);

        first.process().destroyForcibly();
        assertThat(first.awaitExit(WAIT)).as("killed by SIGKILL, not stopped").isEqualTo(128 + 9);
        assertThat(store.backlog()).as("the kill lost nothing and delivered nothing").isEqualTo(2);

        int postsBeforeRestart = slack.calls("chat.postMessage").size();
        List<String> answeredTs = answerAuditPostsNormallyNotingTheirTs();
        int secondPort = MainProcess.freePort();
        MainProcess second = launchReady("second", secondPort);

        Await.until(WAIT, () -> !auditPostsOfTheRecord(postsBeforeRestart).isEmpty(),
                () -> "the record to be posted after the restart; stderr:\n" + second.stderr());
        Await.until(WAIT, () -> store.backlog() == 0, "the outbox backlog to reach 0");
        OutboxRow row = outboxRow(begun);
        assertThat(row.channel()).isEqualTo(TestApp.AUDIT_CHANNEL);
        assertThat(row.messageTs()).isNotNull().isEqualTo(answeredTs.get(0));
        assertThat(row.deliveredAt()).isNotNull();
        assertThat(outboxRow(committed.seq()).messageTs()).as("the outcome updated the same message")
                .isEqualTo(answeredTs.get(0));
        assertThat(updatesOf(answeredTs.get(0))).singleElement()
                .satisfies(u -> assertThat(u.param("text")).contains("Succeeded"));

        // A graceful stop runs one more outbox pass: had the record been left due, it would be posted again here.
        second.process().destroy();
        assertThat(second.awaitExit(WAIT)).isIn(0, 143);
        assertThat(auditPostsOfTheRecord(postsBeforeRestart)).as("successful posts of the record").hasSize(1);
        assertThat(answeredTs).hasSize(1);
        assertThat(store.verify().intact()).isTrue();
    }

    @Test
    void recordUndeliveredAtGracefulShutdownIsReleasedAndDeliveredPromptlyAfterRestart() {
        slack.respond("chat.postMessage", c -> FakeResponse.httpStatus(503, "{\"ok\":false}"));
        int firstPort = MainProcess.freePort();
        MainProcess first = launchReady("first", firstPort);
        submitReset(firstPort);
        long seq = awaitClosed().record().ref(); // the in-progress record, first in line
        Await.until(WAIT, () -> outboxRow(seq).attempts() >= 1, "a failed delivery attempt");

        first.process().destroy(); // SIGTERM, while Slack still fails

        assertThat(first.awaitExit(WAIT)).isIn(0, 143);
        OutboxRow left = outboxRow(seq);
        assertThat(left.deliveredAt()).isNull();
        assertThat(left.claimedBy()).as("no claim left behind for the next start to wait out").isNull();
        assertThat(store.backlog()).isEqualTo(2);

        int postsBeforeRestart = slack.calls("chat.postMessage").size();
        slack.respond("chat.postMessage", null);
        MainProcess second = launchReady("second", MainProcess.freePort());

        Await.until(WAIT, () -> store.backlog() == 0,
                () -> "the record to be delivered after the restart; stderr:\n" + second.stderr());
        assertThat(outboxRow(seq).messageTs()).isNotNull();
        assertThat(auditPostsOfTheRecord(postsBeforeRestart)).hasSize(1);
    }

    @Test
    void resetInFlightAtSigtermFinishesAndItsRecordIsPostedBeforeTheProcessExits() {
        CountDownLatch slackAnswers = new CountDownLatch(1);
        slack.respond("admin.users.session.reset", c -> {
            try {
                slackAnswers.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slack.defaultAnswer(c);
        });
        int port = MainProcess.freePort();
        MainProcess app = launchReady("app", port);
        submitReset(port);
        slack.awaitCall("admin.users.session.reset", WAIT);

        app.process().destroy(); // SIGTERM while the reset waits on Slack
        Await.until(WAIT, () -> MainProcess.healthStatus(port) == -1, "the server to stop taking requests");
        assertThat(store().recent(10)).as("only the write-ahead record, committed before Slack was asked")
                .singleElement().satisfies(r -> assertThat(r.record().outcome()).isEqualTo(AuditRecord.Outcome.IN_PROGRESS));
        slackAnswers.countDown();

        assertThat(app.awaitExit(WAIT)).isIn(0, 143);
        assertThat(auditPostsOfTheRecord(0)).hasSize(1);
        assertThat(store.backlog()).isZero();
        AuditStore.StoredRecord closed = store.recent(1).get(0);
        assertThat(closed.record().outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
        assertThat(outboxRow(closed.seq()).messageTs()).isNotNull().isEqualTo(outboxRow(closed.record().ref()).messageTs());
    }

    @Test
    void aKill9InTheMiddleOfASlowResetLeavesARecordOfEveryoneWhoMayHaveBeenSignedOut() throws Exception {
        List<String> six = List.of(Org.ALICE, Org.BOB, "W0000CAROL", "W0000DAVE", "W0000ERIN", "W0000FRANK");
        six.subList(2, 6).forEach(id -> slack.user(dev.sessionguard.support.FakeUser.member(id).name(id.toLowerCase())));
        CountDownLatch never = new CountDownLatch(1);
        slack.respond("admin.users.session.reset", c -> {
            if (!c.param("user_id").equals(Org.ALICE) && !c.param("user_id").equals(Org.BOB)) {
                try { // the third person's sign-out hangs: the process dies while Slack is working on it
                    never.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return slack.defaultAnswer(c);
        });
        // The channel is down before the kill, so the message can only come from the restarted instance.
        slack.respond("chat.postMessage", c -> FakeResponse.httpStatus(503, "{\"ok\":false}"));
        int port = MainProcess.freePort();
        MainProcess first = launchReady("first", port);
        HttpResponse<String> ack = new SlackRequests("http://127.0.0.1:" + port, TestApp.SIGNING_SECRET)
                .interactivity(ResetPayloads.submission(ADMIN, six, "all", REASON));
        assertThat(ack.statusCode()).isEqualTo(200);
        slack.awaitCalls("admin.users.session.reset", 3, WAIT);
        long beginSeq = Await.value(WAIT, () -> store().recent(1).stream().findFirst().map(AuditStore.StoredRecord::seq)
                .orElse(null), () -> "the in-progress record");
        // Kill between delivery attempts: a claim held by the dead process would only add its lease to the wait.
        awaitFailedAttemptNotDueFor(beginSeq, Duration.ofMillis(300));

        first.process().destroyForcibly();
        assertThat(first.awaitExit(WAIT)).as("killed by SIGKILL").isEqualTo(128 + 9);
        never.countDown();

        // The chain holds, committed before the first sign-out, the action naming all six, and what had landed.
        AuditStore.StoredRecord begun = store().recent(10).stream()
                .filter(r -> r.record().outcome() == AuditRecord.Outcome.IN_PROGRESS).findFirst().orElseThrow();
        assertThat(store.recent(10)).as("no outcome was written: the process died first").hasSize(1);
        assertThat(begun.record().targets()).extracting(TargetResult::userId).containsExactlyElementsOf(six);
        assertThat(begun.record().targets()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TargetResult.Status.PENDING));
        assertThat(begun.record().reason()).isEqualTo(REASON);
        assertThat(landedOf(begun.seq())).extracting(TargetResult::userId).containsExactly(Org.ALICE, Org.BOB);
        assertThat(store.verify().intact()).isTrue();

        slack.respond("chat.postMessage", null);
        MainProcess second = launchReady("second", MainProcess.freePort());
        Await.until(WAIT, () -> store.backlog() == 0,
                () -> "the in-progress record to reach the audit channel; stderr:\n" + second.stderr());
        assertThat(slack.succeeded("chat.postMessage")).as("one message for the action").singleElement().satisfies(post ->
                assertThat(post.param("text")).contains("In progress"));
        assertThat(String.join("\n", slack.succeeded("chat.postMessage").stream().map(c -> c.param("blocks")).toList()))
                .contains(six.toArray(String[]::new)).contains("In progress: may be signed out");
        assertThat(store.verify().intact()).isTrue();
        assertThat(AuditCommands.run(new String[] {"verify"}, store, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .as("audit verify").isZero();
    }

    /** The outcomes saved so far for the action begun at {@code seq}, as the table holds them. */
    private List<TargetResult> landedOf(long seq) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl);
                PreparedStatement s = c.prepareStatement("SELECT landed FROM audit_action WHERE begin_seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return AuditCodec.parseTargets(rs.getString(1));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private MainProcess launchReady(String name, int port) {
        Map<String, String> env = new HashMap<>(TestApp.environment(slack));
        env.put(ServerSettings.PORT, String.valueOf(port));
        env.put(ServerSettings.DATABASE_URL, databaseUrl);
        MainProcess p = MainProcess.launch(dir, name, env);
        processes.add(p);
        p.awaitReady(port, WAIT);
        return p;
    }

    private void submitReset(int port) {
        HttpResponse<String> ack = new SlackRequests("http://127.0.0.1:" + port, TestApp.SIGNING_SECRET)
                .interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", REASON));
        assertThat(ack.statusCode()).isEqualTo(200);
    }

    /** The test reads the app's SQLite file beside it (WAL allows readers next to the writer). */
    private JdbcAuditStore store() {
        if (store == null) {
            database = Database.open(new Secret(databaseUrl));
            store = new JdbcAuditStore(database, Clock.systemUTC());
        }
        return store;
    }

    /** The record that closes the reset (its outcome), once committed. */
    private AuditStore.StoredRecord awaitClosed() {
        return Await.value(WAIT, () -> store().recent(1).stream().filter(r -> r.record().ref() != null).findFirst()
                .orElse(null), () -> "the reset's closing audit record to be committed");
    }

    /** The chat.update calls of the audit message with this ts. */
    private List<RecordedCall> updatesOf(String ts) {
        return slack.calls("chat.update").stream().filter(c -> ts.equals(c.param("ts"))).toList();
    }

    /**
     * Waits until a delivery attempt has failed and released its claim, and the next attempt is at least
     * {@code margin} away, so a kill now cannot land while the row is claimed.
     */
    private void awaitFailedAttemptNotDueFor(long seq, Duration margin) {
        Await.until(WAIT, () -> {
            OutboxRow row = outboxRow(seq);
            return row.attempts() >= 1 && row.claimedBy() == null && row.deliveredAt() == null
                    && row.nextAttemptMs() > System.currentTimeMillis() + margin.toMillis();
        }, () -> "a failed delivery attempt of record #" + seq + "; row: " + outboxRow(seq));
    }

    /** From now on chat.postMessage answers as Slack would, and the ts of each audit post of the record is noted. */
    private List<String> answerAuditPostsNormallyNotingTheirTs() {
        List<String> ts = new CopyOnWriteArrayList<>();
        slack.respond("chat.postMessage", c -> {
            FakeResponse answer = slack.defaultAnswer(c);
            if (isAuditPostOfTheRecord(c)) {
                ts.add(JsonParser.parseString(answer.body()).getAsJsonObject().get("ts").getAsString());
            }
            return answer;
        });
        return ts;
    }

    private List<RecordedCall> auditPostsOfTheRecord(int skip) {
        List<RecordedCall> posts = slack.calls("chat.postMessage");
        return posts.subList(skip, posts.size()).stream().filter(CrashRecoveryProcessTest::isAuditPostOfTheRecord)
                .toList();
    }

    private static boolean isAuditPostOfTheRecord(RecordedCall c) {
        return TestApp.AUDIT_CHANNEL.equals(c.param("channel")) && c.param("text") != null
                && c.param("text").contains(REASON);
    }

    record OutboxRow(int attempts, long nextAttemptMs, String claimedBy, String deliveredAt, String channel,
                     String messageTs) {
    }

    /** Plain JDBC, not the store: what is really in the table. */
    private OutboxRow outboxRow(long seq) {
        try (Connection c = DriverManager.getConnection(databaseUrl);
                PreparedStatement s = c.prepareStatement("SELECT attempts, next_attempt_ms, claimed_by, delivered_at, "
                        + "channel, message_ts FROM audit_outbox WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("outbox row of record #%s", seq).isTrue();
                return new OutboxRow(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
