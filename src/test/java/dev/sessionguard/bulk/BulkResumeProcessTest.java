package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.signout.ResetScope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk job across the death of the process: {@link dev.sessionguard.Main} in its own JVM, killed with SIGKILL while
 * Slack works on a chunk, then started again on the same SQLite file.
 */
@Tag("slow")
class BulkResumeProcessTest {

    /** Past the job's 30 s claim lease, which a killed instance can't let go of. */
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String RESET_BULK = "admin.users.session.resetBulk";

    @TempDir
    Path dir;

    FakeSlack slack;
    String databaseUrl;
    Database database;
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
    void aKill9InTheMiddleOfAJobThenARestartResumesItWithoutSkippingOrResendingAFinishedChunk() throws Exception {
        List<String> people = IntStream.range(0, 10_000).mapToObj(i -> String.format("W%09d", i)).toList();
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        slack.respond(RESET_BULK, c -> {
            if (calls.incrementAndGet() == 4) {
                try { // the fourth chunk hangs: the process dies while Slack is working on it
                    never.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return slack.defaultAnswer(c);
        });
        MainProcess first = launchReady("first");
        database = Database.open(new Secret(databaseUrl));
        JdbcBulkJobStore store = new JdbcBulkJobStore(database, Clock.systemUTC());
        BulkJob job = store.create(Org.ADMIN, ResetScope.ALL, "Okta breach INC-7", people, Duration.ofMinutes(30));
        assertThat(store.approve(job.id(), Org.OWNER)).isInstanceOf(BulkJobStore.Change.Made.class);

        slack.awaitCalls(RESET_BULK, 4, WAIT);
        Await.until(WAIT, () -> store.find(job.id()).orElseThrow().nextChunk() == 3, "three chunks checkpointed");
        first.process().destroyForcibly();
        assertThat(first.awaitExit(WAIT)).as("killed by SIGKILL").isEqualTo(128 + 9);
        never.countDown();
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.RUNNING);

        MainProcess second = launchReady("second");
        Await.until(WAIT, () -> store.find(job.id()).orElseThrow().state() == BulkJob.State.DONE,
                () -> "the job to finish after the restart; stderr:\n" + second.stderr());

        List<Integer> chunksSent = slack.calls(RESET_BULK).stream()
                .map(c -> people.indexOf(c.param("user_ids").split(",")[0]) / 1000).toList();
        assertThat(chunksSent).as("only the chunk in flight at the kill is sent again")
                .containsExactly(0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9);
        List<TargetResult> results = store.results(job.id());
        assertThat(results).hasSize(10_000).extracting(TargetResult::userId).containsExactlyElementsOf(people);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(TargetResult.Status.DONE));
        BulkJob done = store.find(job.id()).orElseThrow();
        assertThat(done.done()).isEqualTo(10_000);
        JdbcAuditStore audit = new JdbcAuditStore(database, Clock.systemUTC());
        List<String> details = audit.recent(50).stream().map(AuditStore.StoredRecord::record)
                .filter(r -> r.action().startsWith("bulk.")).map(r -> r.action() + " " + r.detail()).toList();
        assertThat(details).anyMatch(d -> d.startsWith(BulkRecords.START) && d.contains("resumed at chunk 4 of 10"))
                .anyMatch(d -> d.startsWith(BulkRecords.FINISH) && d.contains("10000 of 10000"));
        assertThat(audit.verify().intact()).isTrue();
    }

    private MainProcess launchReady(String name) {
        int port = MainProcess.freePort();
        Map<String, String> env = new HashMap<>(TestApp.environment(slack));
        env.put(ServerSettings.PORT, String.valueOf(port));
        env.put(ServerSettings.DATABASE_URL, databaseUrl);
        MainProcess p = MainProcess.launch(dir, name, env);
        processes.add(p);
        p.awaitReady(port, WAIT);
        return p;
    }
}
