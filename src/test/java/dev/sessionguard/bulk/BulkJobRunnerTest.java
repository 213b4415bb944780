package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.signout.ResetScope;
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
        store.create("W0000ADMIN", ResetScope.ALL, "incident", FakeBulkApi.people(50), Duration.ofMinutes(30));
        FakeBulkApi slack = new FakeBulkApi();

        assertThat(new BulkJobRunner(store, new BulkEngine(slack), "instance-a", LEASE).runOne()).isEmpty();
        assertThat(slack.calls()).isEmpty();
    }

    @Test
    void aJobWhoseStoredScopeIsUnknownIsNeverSentAndEndsFailedSayingSo() throws Exception {
        BulkJob job = approvedJob(50);
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE bulk_job SET scope = 'EVERYTHING' WHERE id = '" + job.id() + "'");
        }
        FakeBulkApi slack = new FakeBulkApi();
        List<String> heard = new java.util.ArrayList<>();
        BulkJobRunner.Hooks hooks = new BulkJobRunner.Hooks() {
            @Override
            public BulkJobRunner.Stop starting(BulkJob j) {
                heard.add("starting");
                return null;
            }

            @Override
            public void chunkSettled(BulkJob j, int chunk, List<TargetResult> outcomes) {
                heard.add("chunk");
            }

            @Override
            public void ended(BulkJob j, BulkEngine.Report report) {
                heard.add("ended " + j.state() + " " + report.stopCode());
            }
        };

        BulkEngine.Report report = new BulkJobRunner(store, new BulkEngine(slack), "instance-a", LEASE, hooks)
                .runOne().orElseThrow();

        assertThat(slack.calls()).as("nothing sent under a guessed scope").isEmpty();
        assertThat(report.ending()).isEqualTo(BulkEngine.Ending.HALTED);
        assertThat(report.stopCode()).isEqualTo(BulkJobRunner.UNKNOWN_SCOPE).isEqualTo("unknown_scope");
        assertThat(heard).as("no admin check nor record ahead for a job that won't run")
                .containsExactly("ended FAILED unknown_scope");
        BulkJob failed = store.find(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(BulkJob.State.FAILED);
        assertThat(failed.scope()).isNull();
        assertThat(failed.halt()).isEqualTo(new BulkJob.Halt(BulkJob.Halt.Cause.SCOPE, null, null));
        assertThat(failed.resumable()).as("a run would refuse it again").isFalse();
        assertThat(failed.claimedBy()).isNull();
        assertThat(BulkWords.scope(failed)).isEqualTo("Unknown scope (not one this version of Session Guard knows)");
        assertThat(BulkWords.explanation(failed, clock.instant())).isEqualTo("Stopped before chunk 1 of 1: its stored"
                + " scope is not one this version of Session Guard knows, so the rest was not sent rather than guess"
                + " which sessions to end. Nothing was sent. To sign out the people not sent yet, an admin starts a"
                + " new bulk sign-out with `/session-reset bulk`.");
        assertThat(new BulkJobRunner(store, new BulkEngine(slack), "instance-a", LEASE).runOne()).isEmpty();
    }

    @Test
    void theHooksHearEachChunkAsItIsStoredAndTheEndOnce() {
        BulkJob job = approvedJob(2_500);
        List<String> heard = new java.util.ArrayList<>();
        BulkJobRunner.Hooks hooks = new BulkJobRunner.Hooks() {
            @Override
            public BulkJobRunner.Stop starting(BulkJob j) {
                heard.add("starting " + j.state());
                return null;
            }

            @Override
            public void chunkSettled(BulkJob j, int chunk, List<TargetResult> outcomes) {
                heard.add("chunk " + chunk + " of " + outcomes.size() + ", next " + j.nextChunk());
            }

            @Override
            public void ended(BulkJob j, BulkEngine.Report report) {
                heard.add("ended " + j.state() + " " + report.ending());
            }
        };

        BulkEngine.Report report = new BulkJobRunner(store, new BulkEngine(new FakeBulkApi()), "instance-a", LEASE, hooks)
                .runOne().orElseThrow();

        assertThat(report.ending()).isEqualTo(BulkEngine.Ending.FINISHED);
        assertThat(heard).containsExactly("starting RUNNING", "chunk 0 of 1000, next 1", "chunk 1 of 1000, next 2",
                "chunk 2 of 500, next 3", "ended DONE FINISHED");
        assertThat(store.find(job.id()).orElseThrow().claimedBy()).isNull();
    }

    @Test
    void aRequesterStopEndsTheJobFailedAndReportsItNotStarted() {
        BulkJob job = approvedJob(1_500);
        BulkJobRunner.Hooks refusing = new BulkJobRunner.Hooks() {
            @Override
            public BulkJobRunner.Stop starting(BulkJob j) {
                return BulkJobRunner.Stop.requester("not_org_admin", "Only org admins.");
            }

            @Override
            public void chunkSettled(BulkJob j, int chunk, List<TargetResult> outcomes) {
            }

            @Override
            public void ended(BulkJob j, BulkEngine.Report report) {
            }
        };

        BulkEngine.Report report = new BulkJobRunner(store, new BulkEngine(new FakeBulkApi()), "instance-a", LEASE,
                refusing).runOne().orElseThrow();

        assertThat(report.stopCode()).isEqualTo("not_started");
        assertThat(report.ending()).isEqualTo(BulkEngine.Ending.HALTED);
        assertThat(report.chunks()).isEqualTo(2);
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.FAILED);
    }

    @Test
    void aRunThatLosesItsClaimStopsSendingAtItsNextCheckpoint() {
        BulkJob job = approvedJob(3_000);
        FakeBulkApi slack = new FakeBulkApi();
        BulkApi takenOver = (ids, scope) -> {
            var r = slack.resetBulk(ids, scope);
            // Instance A stalls past its lease, and B takes the job over before A stores this chunk.
            clock.advance(LEASE.plusSeconds(1));
            assertThat(store.claim("instance-b", LEASE)).isPresent();
            return r;
        };

        Throwable lost = catchThrowable(() -> new BulkJobRunner(store, new BulkEngine(takenOver), "instance-a", LEASE)
                .runOne());

        assertThat(lost).isInstanceOf(BulkJobRunner.LostJobException.class).hasMessageContaining(job.id());
        assertThat(slack.calls()).hasSize(1);
        assertThat(store.find(job.id()).orElseThrow().claimedBy()).isEqualTo("instance-b");
    }

    @Test
    void aRunningJobsClaimIsRenewedEveryThirdOfTheLeaseOnADaemonThread() {
        Duration lease = Duration.ofMillis(900);
        BulkJob job = approvedJob(1_000);
        List<Thread> renewers = new java.util.concurrent.CopyOnWriteArrayList<>();
        BulkJobStore watched = (BulkJobStore) java.lang.reflect.Proxy.newProxyInstance(
                BulkJobStore.class.getClassLoader(), new Class<?>[] {BulkJobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("renew")) {
                        renewers.add(Thread.currentThread());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        BulkApi slow = (ids, scope) -> {
            // A renewal every 300 ms: two well before 2 s (renewing once a lease, 900 ms, would miss it).
            dev.sessionguard.support.Await.until(Duration.ofSeconds(2), () -> renewers.size() >= 2, "two renewals");
            return new FakeBulkApi().resetBulk(ids, scope);
        };

        try (BulkJobRunner runner = new BulkJobRunner(watched, new BulkEngine(slow), "instance-a", lease)) {
            runner.runOne();
        }

        assertThat(renewers).allSatisfy(t -> {
            assertThat(t.getName()).isEqualTo("bulk-job-heartbeat");
            assertThat(t.isDaemon()).isTrue();
        });
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.DONE);
    }

    /** What a kill looks like from inside: an Error nothing in the app catches. */
    static final class SimulatedDeath extends Error {
    }

    private BulkJob approvedJob(int people) {
        BulkJob job = store.create("W0000ADMIN", ResetScope.ALL, "incident", FakeBulkApi.people(people), Duration.ofMinutes(30));
        assertThat(store.approve(job.id(), "W0000OWNER")).isInstanceOf(BulkJobStore.Change.Made.class);
        return job;
    }
}
