package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner on a real SQLite store with a fake Slack: a job that dies midway resumes on another instance. */
class BulkJobRunnerTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    Database db;
    JdbcBulkJobStore store;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.freshSqlite());
        store = new JdbcBulkJobStore(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anApprovedJobOfTenThousandGoesOutInTenCallsAndEndsDone() {
        BulkJob job = approvedJob(10_000);
        FakeBulkApi slack = new FakeBulkApi();

        new BulkJobRunner(store, new BulkEngine(slack), "instance-a", LEASE).runOne();

        assertThat(slack.calls()).hasSize(10);
        BulkJob done = store.find(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(BulkJob.State.DONE);
        assertThat(done.done()).isEqualTo(10_000);
        assertThat(store.results(job.id())).allSatisfy(r -> assertThat(r.words()).startsWith("Queued with Slack"));
    }

    @Test
    void aJobWhoseInstanceDiesMidwayResumesElsewhereWithoutSkippingOrRepeatingAStoredChunk() {
        BulkJob job = approvedJob(10_000);
        FakeBulkApi slack = new FakeBulkApi();
        AtomicInteger sent = new AtomicInteger();
        // Instance A dies (an Error, as from a kill) while Slack works on its fourth call: chunks 0..2 are stored.
        BulkApi dying = (ids, scope) -> {
            if (sent.incrementAndGet() == 4) {
                slack.resetBulk(ids, scope);
                throw new SimulatedDeath();
            }
            return slack.resetBulk(ids, scope);
        };
        Throwable died = catchThrowable(() -> new BulkJobRunner(store, new BulkEngine(dying), "instance-a", LEASE).runOne());
        assertThat(died).isInstanceOf(SimulatedDeath.class);
        assertThat(store.find(job.id()).orElseThrow().nextChunk()).isEqualTo(3);

        // Instance B can't take it while A's claim holds, then resumes once it lapses.
        BulkJobRunner b = new BulkJobRunner(store, new BulkEngine(slack), "instance-b", LEASE);
        assertThat(b.runOne()).isEmpty();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(b.runOne()).isPresent();

        List<List<String>> calls = slack.calls();
        List<Integer> chunkOfEachCall = calls.stream().map(c -> Integer.parseInt(c.get(0).substring(1)) / 1000).toList();
        assertThat(chunkOfEachCall).as("chunks 0-2 once; chunk 3, in flight at the death, again; then 4-9")
                .containsExactly(0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9);
        BulkJob done = store.find(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(BulkJob.State.DONE);
        assertThat(store.results(job.id())).hasSize(10_000)
                .extracting(TargetResult::userId).doesNotHaveDuplicates();
        assertThat(store.results(job.id()).stream().map(TargetResult::status).collect(Collectors.toSet()))
                .containsOnly(TargetResult.Status.DONE);
    }

    @Test
    void aCancelledJobStopsBeforeItsNextChunk() {
        BulkJob job = approvedJob(3_000);
        FakeBulkApi slack = new FakeBulkApi();
        BulkApi cancelAfterFirst = (ids, scope) -> {
            var r = slack.resetBulk(ids, scope);
            store.cancel(job.id(), "W0000OTHER");
            return r;
        };

        new BulkJobRunner(store, new BulkEngine(cancelAfterFirst), "instance-a", LEASE).runOne();

        assertThat(slack.calls()).hasSize(1);
        BulkJob cancelled = store.find(job.id()).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(BulkJob.State.CANCELLED);
        assertThat(cancelled.claimedBy()).isNull();
        assertThat(cancelled.nextChunk()).isEqualTo(1);
    }

    @Test
    void aJobAwaitingApprovalIsNotRun() {
        store.create("W0000ADMIN", "ALL", "incident", FakeBulkApi.people(50), Duration.ofMinutes(30));
        FakeBulkApi slack = new FakeBulkApi();

        assertThat(new BulkJobRunner(store, new BulkEngine(slack), "instance-a", LEASE).runOne()).isEmpty();
        assertThat(slack.calls()).isEmpty();
    }

    /** What a kill looks like from inside: an Error nothing in the app catches. */
    static final class SimulatedDeath extends Error {
    }

    private BulkJob approvedJob(int people) {
        BulkJob job = store.create("W0000ADMIN", "ALL", "incident", FakeBulkApi.people(people), Duration.ofMinutes(30));
        assertThat(store.approve(job.id(), "W0000OWNER")).isInstanceOf(BulkJobStore.Change.Made.class);
        return job;
    }
}
