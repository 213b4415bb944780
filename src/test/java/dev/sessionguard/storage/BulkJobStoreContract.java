package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.bulk.BulkJob;
import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.bulk.BulkJobStore;
import dev.sessionguard.bulk.BulkJobStore.Change;
import dev.sessionguard.bulk.BulkJobStore.Why;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the bulk job store must do, run on each real engine by a subclass. */
abstract class BulkJobStoreContract {

    static final Duration APPROVAL_WINDOW = Duration.ofMinutes(30);
    static final Duration LEASE = Duration.ofMinutes(1);
    static final String REQUESTER = "U0REQUESTER";
    static final String APPROVER = "U0APPROVER";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    Secret url;
    Database db;
    /** A second instance of the app: its own pool on the same database. */
    Database otherDb;
    BulkJobStore store;
    BulkJobStore otherInstance;

    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        url = freshDatabase();
        db = Database.open(url);
        otherDb = Database.open(url);
        store = new JdbcBulkJobStore(db, clock);
        otherInstance = new JdbcBulkJobStore(otherDb, clock);
    }

    @AfterEach
    void close() {
        otherDb.close();
        db.close();
    }

    // ------------------------------------------------------------------ creating and reading

    @Test
    void theScopeIsStoredByItsNameAndAStoredScopeThisBuildDoesNotKnowReadsAsNone() throws Exception {
        BulkJob web = store.create(REQUESTER, ResetScope.WEB, "r", people(2), APPROVAL_WINDOW);
        BulkJob odd = store.create(REQUESTER, ResetScope.MOBILE, "r", people(2), APPROVAL_WINDOW);
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT scope FROM bulk_job WHERE id = '" + web.id() + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("WEB");
            }
            s.executeUpdate("UPDATE bulk_job SET scope = 'web' WHERE id = '" + odd.id() + "'");
        }

        assertThat(store.find(web.id()).orElseThrow().scope()).isEqualTo(ResetScope.WEB);
        assertThat(store.find(odd.id()).orElseThrow().scope()).as("only the exact name counts").isNull();
        assertThat(store.recent(10)).extracting(BulkJob::id).contains(web.id(), odd.id());
    }

    @Test
    void aJobOfTenThousandPeopleIsStoredInOrderAndAwaitsApproval() {
        List<String> people = people(10_000);

        BulkJob job = store.create(REQUESTER, ResetScope.ALL, "Laptop stolen at the offsite", people, APPROVAL_WINDOW);

        BulkJob read = store.find(job.id()).orElseThrow();
        assertThat(read).isEqualTo(job);
        assertThat(read.requesterId()).isEqualTo(REQUESTER);
        assertThat(read.scope()).isEqualTo(ResetScope.ALL);
        assertThat(read.reason()).isEqualTo("Laptop stolen at the offsite");
        assertThat(read.state()).isEqualTo(State.AWAITING_APPROVAL);
        assertThat(read.targetCount()).isEqualTo(10_000);
        assertThat(read.chunks()).isEqualTo(10);
        assertThat(read.nextChunk()).isZero();
        assertThat(List.of(read.done(), read.failed(), read.notAttempted())).containsOnly(0);
        assertThat(read.createdAt()).isEqualTo(clock.instant());
        assertThat(read.approvalExpiresAt()).isEqualTo(clock.instant().plus(APPROVAL_WINDOW));
        assertThat(read.decidedBy()).isNull();
        assertThat(read.claimedBy()).isNull();
        assertThat(store.targets(job.id())).containsExactlyElementsOf(people);
        assertThat(store.chunk(job.id(), 3)).containsExactlyElementsOf(people.subList(3_000, 4_000));
        assertThat(store.chunk(job.id(), 10)).isEmpty();
        assertThat(store.results(job.id())).isEmpty();
    }

    @Test
    void jobIdsAreShortUnambiguousAndDistinct() {
        String a = newJob(3).id();
        String b = newJob(3).id();

        assertThat(a).matches("[0-9A-HJKMNP-TV-Z]{10}");
        assertThat(b).matches("[0-9A-HJKMNP-TV-Z]{10}").isNotEqualTo(a);
    }

    @Test
    void aJobWithNobodyOrSomeoneTwiceIsNotStored() {
        assertThatThrownBy(() -> store.create(REQUESTER, ResetScope.ALL, "r", List.of(), APPROVAL_WINDOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create(REQUESTER, ResetScope.ALL, "r", List.of("U1", "U2", "U1"), APPROVAL_WINDOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U1");
        assertThat(store.recent(10)).isEmpty();
    }

    @Test
    void recentListsNewestFirstAndUnfinishedOnlyJobsStillToRun() {
        BulkJob first = newJob(2);
        clock.advance(Duration.ofSeconds(1));
        BulkJob second = approved(newJob(2));
        clock.advance(Duration.ofSeconds(1));
        BulkJob third = newJob(2);
        store.deny(third.id(), APPROVER);

        assertThat(store.recent(10)).extracting(BulkJob::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(store.recent(2)).extracting(BulkJob::id).containsExactly(third.id(), second.id());
        assertThat(store.unfinished()).extracting(BulkJob::id).containsExactly(first.id(), second.id());
    }

    // ------------------------------------------------------------------ approval

    @Test
    void aSecondAdminApprovesAJobAwaitingApproval() {
        BulkJob job = newJob(5);

        Change change = store.approve(job.id(), APPROVER);

        BulkJob approved = made(change);
        assertThat(approved.state()).isEqualTo(State.APPROVED);
        assertThat(approved.decidedBy()).isEqualTo(APPROVER);
        assertThat(store.find(job.id())).contains(approved);
    }

    @Test
    void theRequesterCannotApproveTheirOwnJob() {
        BulkJob job = newJob(5);

        Change change = store.approve(job.id(), REQUESTER);

        assertThat(why(change)).isEqualTo(Why.OWN_REQUEST);
        assertThat(store.find(job.id())).contains(job);
    }

    @Test
    void aJobCannotBeApprovedOnceItsApprovalWindowHasPassed() {
        BulkJob job = newJob(5);
        clock.advance(APPROVAL_WINDOW);

        assertThat(why(store.approve(job.id(), APPROVER))).isEqualTo(Why.APPROVAL_EXPIRED);
        assertThat(store.find(job.id())).contains(job);
    }

    @Test
    void aJobIsApprovedOrDeniedOnlyOnce() {
        BulkJob approved = newJob(5);
        BulkJob denied = newJob(5);
        store.approve(approved.id(), APPROVER);

        BulkJob deniedNow = made(store.deny(denied.id(), APPROVER));

        assertThat(deniedNow.state()).isEqualTo(State.DENIED);
        assertThat(deniedNow.decidedBy()).isEqualTo(APPROVER);
        assertThat(why(store.deny(approved.id(), "U0OTHER"))).isEqualTo(Why.WRONG_STATE);
        assertThat(why(store.approve(approved.id(), "U0OTHER"))).isEqualTo(Why.WRONG_STATE);
        assertThat(why(store.approve(denied.id(), "U0OTHER"))).isEqualTo(Why.WRONG_STATE);
        assertThat(store.find(approved.id()).orElseThrow().decidedBy()).isEqualTo(APPROVER);
    }

    @Test
    void expiringReturnsExactlyTheApprovalsWhoseWindowHasPassedOnce() {
        BulkJob due = newJob(2);
        BulkJob approvedInTime = approved(newJob(2));
        clock.advance(Duration.ofMinutes(10));
        BulkJob notYetDue = newJob(2);
        clock.advance(APPROVAL_WINDOW.minus(Duration.ofMinutes(10)));

        List<BulkJob> expired = store.expireDue();

        assertThat(expired).extracting(BulkJob::id).containsExactly(due.id());
        assertThat(expired.get(0).state()).isEqualTo(State.EXPIRED);
        assertThat(otherInstance.expireDue()).isEmpty();
        assertThat(store.find(approvedInTime.id()).orElseThrow().state()).isEqualTo(State.APPROVED);
        assertThat(store.find(notYetDue.id()).orElseThrow().state()).isEqualTo(State.AWAITING_APPROVAL);
        assertThat(why(store.approve(due.id(), APPROVER))).isEqualTo(Why.WRONG_STATE);
    }

    @Test
    void changesToAJobThatDoesNotExistAreRefusedAsNoSuchJob() {
        assertThat(store.find("NOSUCHJOB0")).isEmpty();
        assertThat(store.approve("NOSUCHJOB0", APPROVER))
                .isEqualTo(new Change.Refused(Why.NO_SUCH_JOB, Optional.empty()));
        assertThat(why(store.deny("NOSUCHJOB0", APPROVER))).isEqualTo(Why.NO_SUCH_JOB);
        assertThat(why(store.cancel("NOSUCHJOB0", APPROVER))).isEqualTo(Why.NO_SUCH_JOB);
        assertThat(why(store.checkpoint("NOSUCHJOB0", 0, List.of(), "a"))).isEqualTo(Why.NO_SUCH_JOB);
        assertThat(store.targets("NOSUCHJOB0")).isEmpty();
    }

    // ------------------------------------------------------------------ claiming

    @Test
    void onlyApprovedJobsAreClaimedOldestFirst() {
        newJob(2);
        clock.advance(Duration.ofSeconds(1));
        BulkJob older = approved(newJob(2));
        clock.advance(Duration.ofSeconds(1));
        BulkJob newer = approved(newJob(2));

        BulkJob claimed = store.claim("instance-a", LEASE).orElseThrow();

        assertThat(claimed.id()).isEqualTo(older.id());
        assertThat(claimed.state()).isEqualTo(State.RUNNING);
        assertThat(claimed.claimedBy()).isEqualTo("instance-a");
        assertThat(claimed.claimedUntil()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(store.claim("instance-a", LEASE).orElseThrow().id()).isEqualTo(newer.id());
        assertThat(store.claim("instance-a", LEASE)).isEmpty();
    }

    @Test
    void twoInstancesRacingForAJobNeverBothGetIt() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                BulkJob job = approved(newJob(2));
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Optional<BulkJob>>> claims = List.of(
                        () -> awaitThen(start, () -> store.claim("instance-a", LEASE)),
                        () -> awaitThen(start, () -> otherInstance.claim("instance-b", LEASE)));
                List<Future<Optional<BulkJob>>> futures = new ArrayList<>();
                for (Callable<Optional<BulkJob>> claim : claims) {
                    futures.add(racers.submit(claim));
                }
                start.countDown();
                List<BulkJob> won = new ArrayList<>();
                for (Future<Optional<BulkJob>> f : futures) {
                    f.get(30, TimeUnit.SECONDS).ifPresent(won::add);
                }

                assertThat(won).as("round %d", round).hasSize(1);
                assertThat(won.get(0).id()).isEqualTo(job.id());
                assertThat(store.find(job.id()).orElseThrow().claimedBy()).isEqualTo(won.get(0).claimedBy());
            }
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void aCrashedInstancesClaimIsTakenOverOnlyAfterItsLease() {
        BulkJob job = approved(newJob(2));
        store.claim("instance-a", LEASE);

        clock.advance(LEASE);
        assertThat(otherInstance.claim("instance-b", LEASE)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        BulkJob takenOver = otherInstance.claim("instance-b", LEASE).orElseThrow();

        assertThat(takenOver.id()).isEqualTo(job.id());
        assertThat(takenOver.claimedBy()).isEqualTo("instance-b");
        assertThat(takenOver.state()).isEqualTo(State.RUNNING);
    }

    @Test
    void renewingTheLeaseKeepsTheJobFromBeingTakenOver() {
        BulkJob job = approved(newJob(2));
        store.claim("instance-a", LEASE);
        clock.advance(LEASE.minusSeconds(10));

        BulkJob renewed = made(store.renew(job.id(), "instance-a", LEASE));
        clock.advance(LEASE.minusSeconds(10));

        assertThat(renewed.claimedUntil()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(otherInstance.claim("instance-b", LEASE)).isEmpty();
        assertThat(why(otherInstance.renew(job.id(), "instance-b", LEASE))).isEqualTo(Why.NOT_CLAIMER);
    }

    @Test
    void aClaimLostToAnotherInstanceCannotCheckpointRenewOrFinish() {
        BulkJob job = approved(newJob(1_500));
        store.claim("instance-a", LEASE);
        clock.advance(LEASE.plusSeconds(1));
        otherInstance.claim("instance-b", LEASE).orElseThrow();

        assertThat(why(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"))).isEqualTo(Why.NOT_CLAIMER);
        assertThat(why(store.renew(job.id(), "instance-a", LEASE))).isEqualTo(Why.NOT_CLAIMER);
        assertThat(why(store.finish(job.id(), "instance-a", State.FAILED))).isEqualTo(Why.NOT_CLAIMER);

        BulkJob now = store.find(job.id()).orElseThrow();
        assertThat(now.nextChunk()).isZero();
        assertThat(now.claimedBy()).isEqualTo("instance-b");
        assertThat(now.state()).isEqualTo(State.RUNNING);
        assertThat(store.results(job.id())).isEmpty();
    }

    @Test
    void aRunnerWhoseLeaseLapsedKeepsTheJobUntilAnotherInstanceTakesItOver() {
        BulkJob job = running(newJob(1_500));
        clock.advance(LEASE.multipliedBy(3)); // e.g. a long garbage-collection pause; nobody claimed meanwhile

        BulkJob after = made(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"));
        made(store.renew(job.id(), "instance-a", LEASE));

        assertThat(after.nextChunk()).isEqualTo(1);
        assertThat(otherInstance.claim("instance-b", LEASE)).isEmpty();
    }

    // ------------------------------------------------------------------ checkpoints

    @Test
    void aCheckpointStoresTheChunksOutcomesAndMovesOnExactlyOnce() {
        BulkJob job = running(newJob(2_500));
        List<TargetResult> first = outcomes(job.id(), 0);

        BulkJob after = made(store.checkpoint(job.id(), 0, first, "instance-a"));

        assertThat(after.nextChunk()).isEqualTo(1);
        assertThat(after.done()).isEqualTo(960);
        assertThat(after.failed()).isEqualTo(20);
        assertThat(after.notAttempted()).isEqualTo(20);
        assertThat(store.results(job.id())).containsExactlyElementsOf(first);

        Change repeated = store.checkpoint(job.id(), 0, first, "instance-a");
        Change skipping = store.checkpoint(job.id(), 2, outcomes(job.id(), 2), "instance-a");

        assertThat(why(repeated)).isEqualTo(Why.WRONG_CHUNK);
        assertThat(why(skipping)).isEqualTo(Why.WRONG_CHUNK);
        assertThat(store.find(job.id())).contains(after);
        assertThat(store.results(job.id())).containsExactlyElementsOf(first);
    }

    @Test
    void theLastChunkHoldsOnlyThePeopleLeft() {
        BulkJob job = running(newJob(2_500));
        made(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"));
        made(store.checkpoint(job.id(), 1, outcomes(job.id(), 1), "instance-a"));
        List<TargetResult> last = outcomes(job.id(), 2);

        BulkJob after = made(store.checkpoint(job.id(), 2, last, "instance-a"));

        assertThat(last).hasSize(500);
        assertThat(after.allChunksDone()).isTrue();
        assertThat(after.done() + after.failed() + after.notAttempted()).isEqualTo(2_500);
        assertThat(why(store.checkpoint(job.id(), 3, List.of(), "instance-a"))).isEqualTo(Why.WRONG_CHUNK);
    }

    @Test
    void outcomesThatDoNotMatchTheChunkAreRejectedAndChangeNothing() {
        BulkJob job = running(newJob(1_200));
        List<TargetResult> right = outcomes(job.id(), 0);
        List<TargetResult> reordered = new ArrayList<>(right);
        reordered.set(0, right.get(1));
        reordered.set(1, right.get(0));

        assertThatThrownBy(() -> store.checkpoint(job.id(), 0, right.subList(0, 999), "instance-a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.checkpoint(job.id(), 0, reordered, "instance-a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.checkpoint(job.id(), 0,
                List.of(TargetResult.pending(right.get(0).userId())), "instance-a"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.find(job.id()).orElseThrow().nextChunk()).isZero();
        assertThat(store.results(job.id())).isEmpty();
        assertThat(made(store.checkpoint(job.id(), 0, right, "instance-a")).nextChunk()).isEqualTo(1);
    }

    @Test
    void aNewClaimerResumesAtTheFirstChunkNotStoredAndFinishesTheJob() {
        BulkJob job = running(newJob(10_000));
        for (int chunk = 0; chunk <= 2; chunk++) {
            made(store.checkpoint(job.id(), chunk, outcomes(job.id(), chunk), "instance-a"));
        }
        clock.advance(LEASE.plusSeconds(1)); // instance-a crashed while sending chunk 3

        BulkJob resumed = otherInstance.claim("instance-b", LEASE).orElseThrow();

        assertThat(resumed.id()).isEqualTo(job.id());
        assertThat(resumed.nextChunk()).isEqualTo(3);
        assertThat(otherInstance.chunk(job.id(), 3)).containsExactlyElementsOf(people(10_000).subList(3_000, 4_000));
        for (int chunk = 3; chunk < resumed.chunks(); chunk++) {
            made(otherInstance.checkpoint(job.id(), chunk, outcomes(job.id(), chunk), "instance-b"));
        }
        BulkJob done = made(otherInstance.finish(job.id(), "instance-b", State.DONE));

        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.claimedBy()).isNull();
        assertThat(done.done()).isEqualTo(9_600);
        assertThat(store.results(job.id())).extracting(TargetResult::userId).containsExactlyElementsOf(people(10_000));
        assertThat(store.claim("instance-a", LEASE)).isEmpty();
    }

    @Test
    void aJobIsDoneOnlyOnceEveryChunkIsStoredButCanFailAnyTime() {
        BulkJob job = running(newJob(1_500));
        made(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"));

        assertThat(why(store.finish(job.id(), "instance-a", State.DONE))).isEqualTo(Why.WRONG_CHUNK);
        BulkJob failed = made(store.finish(job.id(), "instance-a", State.FAILED));

        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.nextChunk()).isEqualTo(1);
        assertThat(why(store.checkpoint(job.id(), 1, outcomes(job.id(), 1), "instance-a"))).isEqualTo(Why.WRONG_STATE);
        assertThat(store.claim("instance-a", LEASE)).isEmpty();
    }

    @Test
    void aJobNeedingNoApprovalIsClaimedOnlyOnceItsRequestIsOnRecord() {
        BulkJob draft = store.draft(new BulkJobStore.Draft(REQUESTER, null, ResetScope.ALL, "r", people(3), List.of()),
                APPROVAL_WINDOW);
        BulkJob submitted = made(store.submit(draft.id(), REQUESTER, false, APPROVAL_WINDOW));
        assertThat(submitted.state()).isEqualTo(State.APPROVED);
        assertThat(submitted.needsApproval()).isFalse();

        assertThat(store.claim("instance-a", LEASE)).isEmpty();
        store.recorded(draft.id(), 42);

        assertThat(store.claim("instance-a", LEASE)).get().satisfies(j -> assertThat(j.requestSeq()).isEqualTo(42L));
    }

    @Test
    void aFailedJobWithChunksLeftResumesFromItsStoredChunkAndOnlyOnce() {
        BulkJob job = running(newJob(1_500));
        made(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"));
        made(store.finish(job.id(), "instance-a", State.FAILED));

        BulkJob resumed = made(store.resume(job.id(), APPROVER));

        assertThat(resumed.state()).isEqualTo(State.APPROVED);
        assertThat(resumed.finishedAt()).isNull();
        assertThat(why(store.resume(job.id(), APPROVER))).isEqualTo(Why.WRONG_STATE);
        BulkJob claimed = otherInstance.claim("instance-b", LEASE).orElseThrow();
        assertThat(claimed.nextChunk()).isEqualTo(1);
        assertThat(claimed.startedAt()).as("the job's clock keeps its first start").isEqualTo(job.startedAt());
        assertThat(why(store.resume(newJob(2).id(), APPROVER))).as("only a failed job").isEqualTo(Why.WRONG_STATE);
    }

    @Test
    void whyAFailedJobStoppedIsKeptUntilItIsResumed() {
        BulkJob job = running(newJob(1_500));
        BulkJob.Halt halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_org_admin",
                "Only Org Owners & Org Admins <can>.");

        BulkJob failed = made(store.finish(job.id(), "instance-a", State.FAILED, halt));

        assertThat(failed.halt()).isEqualTo(halt);
        assertThat(otherInstance.find(job.id()).orElseThrow().halt()).isEqualTo(halt);
        assertThat(store.recent(5)).filteredOn(j -> j.id().equals(job.id())).singleElement()
                .satisfies(j -> assertThat(j.halt()).isEqualTo(halt));
        assertThat(made(store.resume(job.id(), APPROVER)).halt()).as("a resumed job has not stopped").isNull();
    }

    @Test
    void aJobThatFinishesDoneKeepsNoHalt() {
        BulkJob job = running(newJob(2));
        made(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"));

        BulkJob done = made(store.finish(job.id(), "instance-a", State.DONE,
                new BulkJob.Halt(BulkJob.Halt.Cause.SLACK, "token_revoked", null)));

        assertThat(done.halt()).isNull();
    }

    // ------------------------------------------------------------------ cancelling

    @Test
    void aCancelledJobIsNeverClaimed() {
        BulkJob waiting = newJob(2);
        BulkJob approved = approved(newJob(2));

        BulkJob cancelled = made(store.cancel(waiting.id(), REQUESTER));
        made(store.cancel(approved.id(), APPROVER));

        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.cancelledBy()).isEqualTo(REQUESTER);
        assertThat(store.claim("instance-a", LEASE)).isEmpty();
        assertThat(why(store.cancel(waiting.id(), REQUESTER))).isEqualTo(Why.WRONG_STATE);
        assertThat(why(store.approve(waiting.id(), APPROVER))).isEqualTo(Why.WRONG_STATE);
    }

    @Test
    void cancellingARunningJobStillStoresTheChunkInFlightAndTheRunStaysCancelled() {
        BulkJob job = running(newJob(2_000));
        made(store.cancel(job.id(), APPROVER));

        BulkJob afterChunk = made(store.checkpoint(job.id(), 0, outcomes(job.id(), 0), "instance-a"));
        BulkJob finished = made(store.finish(job.id(), "instance-a", State.DONE));

        assertThat(afterChunk.state()).isEqualTo(State.CANCELLED);
        assertThat(afterChunk.nextChunk()).isEqualTo(1);
        assertThat(finished.state()).isEqualTo(State.CANCELLED);
        assertThat(finished.claimedBy()).isNull();
        assertThat(store.results(job.id())).hasSize(1_000);
        clock.advance(LEASE.multipliedBy(2));
        assertThat(otherInstance.claim("instance-b", LEASE)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private BulkJob newJob(int people) {
        return store.create(REQUESTER, ResetScope.WEB, "Incident 42", people(people), APPROVAL_WINDOW);
    }

    private BulkJob approved(BulkJob job) {
        return made(store.approve(job.id(), APPROVER));
    }

    /** The job approved and claimed by instance-a. */
    private BulkJob running(BulkJob job) {
        approved(job);
        BulkJob claimed = store.claim("instance-a", LEASE).orElseThrow();
        assertThat(claimed.id()).isEqualTo(job.id());
        return claimed;
    }

    static List<String> people(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("U%08d", i)).toList();
    }

    /** Outcomes for a chunk's people: every 50th failed, every 25th (otherwise) not attempted, the rest done. */
    private List<TargetResult> outcomes(String jobId, int chunk) {
        List<TargetResult> out = new ArrayList<>();
        List<String> ids = store.chunk(jobId, chunk);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (i % 50 == 0) {
                out.add(new TargetResult(id, TargetResult.Status.FAILED, "user_not_found", "Slack: user not found"));
            } else if (i % 25 == 0) {
                out.add(new TargetResult(id, TargetResult.Status.NOT_ATTEMPTED, "primary_owner",
                        "Not attempted: the primary owner"));
            } else {
                out.add(new TargetResult(id, TargetResult.Status.DONE, null, "Signed out of web sessions"));
            }
        }
        return out;
    }

    private static BulkJob made(Change change) {
        assertThat(change).isInstanceOf(Change.Made.class);
        return ((Change.Made) change).job();
    }

    private static Why why(Change change) {
        assertThat(change).isInstanceOf(Change.Refused.class);
        return ((Change.Refused) change).why();
    }

    private static <T> T awaitThen(CountDownLatch start, Callable<T> then) throws Exception {
        start.await(30, TimeUnit.SECONDS);
        return then.call();
    }
}
