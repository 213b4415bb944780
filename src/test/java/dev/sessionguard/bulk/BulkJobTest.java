package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.bulk.BulkJob.State;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A job's chunks, counts and states as the record computes them: chunks of 1,000, the last one shorter. */
class BulkJobTest {

    @Test
    void peopleAreSplitIntoChunksOfAThousandTheLastOneShorter() {
        assertThat(job(0).chunks()).isZero();
        assertThat(job(1).chunks()).isEqualTo(1);
        assertThat(job(1_000).chunks()).isEqualTo(1);
        assertThat(job(1_001).chunks()).isEqualTo(2);

        BulkJob j = job(2_500);
        assertThat(j.chunks()).isEqualTo(3);
        assertThat(j.chunkSize(0)).isEqualTo(1_000);
        assertThat(j.chunkSize(1)).isEqualTo(1_000);
        assertThat(j.chunkSize(2)).isEqualTo(500);
        assertThat(j.chunkSize(3)).isZero();
        assertThat(job(1_000).chunkSize(0)).isEqualTo(1_000);
        assertThat(job(1_000).chunkSize(1)).isZero();
    }

    @Test
    void allChunksAreDoneOnceTheNextIsPastTheLast() {
        TestJobs j = TestJobs.running(9);
        assertThat(j.job().allChunksDone()).isFalse();
        j.nextChunk = 10;
        assertThat(j.job().allChunksDone()).isTrue();
        j.nextChunk = 11;
        assertThat(j.job().allChunksDone()).isTrue();
    }

    @Test
    void settledCountsEveryOneSentWithAnOutcome() {
        TestJobs j = TestJobs.running(3);
        j.failed = 20;
        j.notAttempted = 7;
        assertThat(j.job().settled()).isEqualTo(3_027);
    }

    @Test
    void elapsedRunsFromTheFirstClaimToTheEndOrNow() {
        Instant start = TestJobs.CREATED.plusSeconds(60);
        TestJobs j = TestJobs.running(1);
        assertThat(j.job().elapsed(start.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(j.job().elapsed(start.minusSeconds(5))).as("a clock behind the start").isZero();
        j.finishedAt = start.plusSeconds(30);
        assertThat(j.job().elapsed(start.plusSeconds(90))).isEqualTo(Duration.ofSeconds(30));
        assertThat(TestJobs.awaiting().job().elapsed(start)).isZero();
    }

    @Test
    void onlyAStoppedJobWithChunksLeftAndAResumableCauseCanBeResumed() {
        TestJobs stopped = TestJobs.running(4).state(State.FAILED);
        assertThat(stopped.job().resumable()).isTrue();
        stopped.halt = new BulkJob.Halt(BulkJob.Halt.Cause.SLACK, "invalid_auth", null);
        assertThat(stopped.job().resumable()).isTrue();
        stopped.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "group_check_failed", null);
        assertThat(stopped.job().resumable()).isTrue();
        stopped.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_org_admin", null);
        assertThat(stopped.job().resumable()).isFalse();
        stopped.halt = new BulkJob.Halt(BulkJob.Halt.Cause.SCOPE, null, null);
        assertThat(stopped.job().resumable()).isFalse();

        TestJobs allSent = TestJobs.running(10).state(State.FAILED);
        assertThat(allSent.job().resumable()).isFalse();
        assertThat(TestJobs.running(4).job().resumable()).as("running, not stopped").isFalse();
    }

    @Test
    void nothingMoreIsSentOnceAJobIsFinal() {
        for (State s : State.values()) {
            assertThat(s.isFinal()).as(s.name()).isEqualTo(!EnumSet.of(State.DRAFT, State.AWAITING_APPROVAL,
                    State.APPROVED, State.RUNNING).contains(s));
        }
    }

    private static BulkJob job(int people) {
        TestJobs j = TestJobs.awaiting();
        j.targetCount = people;
        return j.job();
    }
}
