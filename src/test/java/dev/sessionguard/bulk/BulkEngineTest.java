package dev.sessionguard.bulk;

import static dev.sessionguard.bulk.FakeBulkApi.people;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.bulk.BulkEngine.Ending;
import dev.sessionguard.bulk.BulkEngine.Report;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkEngineTest {

    private final FakeBulkApi slack = new FakeBulkApi();
    private final List<Integer> checkpointed = new ArrayList<>();
    private final Checkpoint checkpoint = (chunk, outcomes) -> checkpointed.add(chunk);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void tenThousandPeopleGoOutInExactlyTenCallsEachCheckpointed() {
        Report report = new BulkEngine(slack).run(people(10_000), ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(slack.calls()).hasSize(10).allSatisfy(ids -> assertThat(ids).hasSize(1000));
        assertThat(checkpointed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(report.ending()).isEqualTo(Ending.FINISHED);
        assertThat(report.nextChunk()).isEqualTo(10);
        assertThat(report.settled()).hasSize(10_000).extracting(TargetResult::status).containsOnly(Status.DONE);
    }

    @Test
    void oneThousandAndOnePeopleGoOutInTwoCalls() {
        new BulkEngine(slack).run(people(1001), ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(slack.calls()).extracting(List::size).containsExactly(1000, 1);
    }

    @Test
    void resumingFromChunkThreeOfTenSendsChunksThreeToNineAndNeverTheFirstThree() {
        List<String> everyone = people(10_000);
        BulkChunks chunks = BulkChunks.of(everyone);

        Report report = new BulkEngine(slack).run(everyone, ResetScope.ALL, 3, checkpoint, () -> false);

        assertThat(slack.calls()).containsExactly(chunks.chunk(3), chunks.chunk(4), chunks.chunk(5), chunks.chunk(6),
                chunks.chunk(7), chunks.chunk(8), chunks.chunk(9));
        assertThat(slack.calls().stream().flatMap(List::stream))
                .doesNotContainAnyElementsOf(everyone.subList(0, 3000));
        assertThat(checkpointed).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(report.fromChunk()).isEqualTo(3);
        assertThat(report.settled()).hasSize(7000);
    }

    @Test
    void aWholeChunkInvalidAuthHaltsTheRunAndLeavesThatChunkToResumeFrom() {
        List<String> everyone = people(5000);
        String firstOfChunkTwo = everyone.get(2000);
        slack.wholeCallError(ids -> ids.get(0).equals(firstOfChunkTwo) ? "invalid_auth" : null);

        Report report = new BulkEngine(slack).run(everyone, ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(slack.calls()).hasSize(3);
        assertThat(checkpointed).containsExactly(0, 1);
        assertThat(report.ending()).isEqualTo(Ending.HALTED);
        assertThat(report.stopCode()).isEqualTo("invalid_auth");
        assertThat(report.nextChunk()).isEqualTo(2);
        assertThat(report.settled()).hasSize(2000);
        assertThat(report.unsettled()).hasSize(1000).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.errorCode()).isEqualTo("invalid_auth");
        });
    }

    @Test
    void aTokenRevokedWhileNarrowingDownHaltsTooAndTheChunkIsSentAgainOnResume() {
        List<String> everyone = people(2000);
        slack.bad(everyone.get(10), "user_not_found").wholeCallError(ids -> ids.size() < 1000 ? "token_revoked" : null);

        Report report = new BulkEngine(slack).run(everyone, ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(report.ending()).isEqualTo(Ending.HALTED);
        assertThat(report.stopCode()).isEqualTo("token_revoked");
        assertThat(report.nextChunk()).isZero();
        assertThat(checkpointed).isEmpty();
        assertThat(report.unsettled()).hasSize(1000);
    }

    @Test
    void aWholeChunkRateLimitFailsThatChunkAndTheRunGoesOn() {
        List<String> everyone = people(3000);
        String firstOfChunkOne = everyone.get(1000);
        slack.wholeCallError(ids -> ids.get(0).equals(firstOfChunkOne) ? SlackErrors.RATELIMITED : null);

        Report report = new BulkEngine(slack).run(everyone, ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(slack.calls()).hasSize(3);
        assertThat(checkpointed).containsExactly(0, 1, 2);
        assertThat(report.ending()).isEqualTo(Ending.FINISHED);
        assertThat(report.settled().subList(1000, 2000)).extracting(TargetResult::errorCode)
                .containsOnly(SlackErrors.RATELIMITED);
        assertThat(report.settled().subList(2000, 3000)).extracting(TargetResult::status).containsOnly(Status.DONE);
    }

    @Test
    void aBadUserIsFailedInsideItsChunkAndTheRunGoesOn() {
        List<String> everyone = people(2000);
        slack.bad(everyone.get(1500), "user_not_found");

        Report report = new BulkEngine(slack).run(everyone, ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(report.ending()).isEqualTo(Ending.FINISHED);
        assertThat(report.settled()).filteredOn(r -> r.status() == Status.FAILED).extracting(TargetResult::userId)
                .containsExactly(everyone.get(1500));
    }

    @Test
    void cancellingBetweenChunksStopsBeforeTheNextOne() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Checkpoint cancelAfterSecond = (chunk, outcomes) -> {
            checkpointed.add(chunk);
            if (chunk == 1) {
                cancelled.set(true);
            }
        };

        Report report = new BulkEngine(slack).run(people(10_000), ResetScope.ALL, 0, cancelAfterSecond, cancelled::get);

        assertThat(slack.calls()).hasSize(2);
        assertThat(checkpointed).containsExactly(0, 1);
        assertThat(report.ending()).isEqualTo(Ending.CANCELLED);
        assertThat(report.nextChunk()).isEqualTo(2);
    }

    @Test
    void cancelledBeforeTheStartSendsNothing() {
        Report report = new BulkEngine(slack).run(people(10), ResetScope.ALL, 0, checkpoint, () -> true);

        assertThat(slack.calls()).isEmpty();
        assertThat(report.ending()).isEqualTo(Ending.CANCELLED);
        assertThat(report.nextChunk()).isZero();
    }

    @Test
    void anInterruptedThreadStopsBeforeTheNextChunk() {
        Checkpoint interruptAfterFirst = (chunk, outcomes) -> {
            checkpointed.add(chunk);
            Thread.currentThread().interrupt();
        };

        Report report = new BulkEngine(slack).run(people(3000), ResetScope.ALL, 0, interruptAfterFirst, () -> false);

        assertThat(slack.calls()).hasSize(1);
        assertThat(report.ending()).isEqualTo(Ending.INTERRUPTED);
        assertThat(report.nextChunk()).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void aChunkSlackCallsGaveUpOnWhenInterruptedIsNotCheckpointed() {
        slack.wholeCallError(ids -> SlackErrors.INTERRUPTED);

        Report report = new BulkEngine(slack).run(people(3000), ResetScope.ALL, 0, checkpoint, () -> false);

        assertThat(slack.calls()).hasSize(1);
        assertThat(checkpointed).isEmpty();
        assertThat(report.ending()).isEqualTo(Ending.INTERRUPTED);
        assertThat(report.nextChunk()).isZero();
        assertThat(report.unsettled()).hasSize(1000);
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheRunBeforeAnotherChunkIsSent() {
        Checkpoint broken = (chunk, outcomes) -> {
            throw new IllegalStateException("database down");
        };

        assertThatThrownBy(() -> new BulkEngine(slack).run(people(3000), ResetScope.ALL, 0, broken, () -> false))
                .hasMessage("database down");
        assertThat(slack.calls()).hasSize(1);
    }

    @Test
    void eachCheckpointCarriesThatChunksPeopleInOrder() {
        List<String> everyone = people(1500);
        List<List<String>> seen = new ArrayList<>();

        new BulkEngine(slack).run(everyone, ResetScope.MOBILE, 0,
                (chunk, outcomes) -> seen.add(outcomes.stream().map(TargetResult::userId).toList()), () -> false);

        assertThat(seen).containsExactly(everyone.subList(0, 1000), everyone.subList(1000, 1500));
        assertThat(slack.scopes()).containsOnly(ResetScope.MOBILE);
    }

    @Test
    void resumingPastTheEndFinishesWithoutCallingAndAStartOutsideTheChunksIsRefused() {
        Report report = new BulkEngine(slack).run(people(2000), ResetScope.ALL, 2, checkpoint, () -> false);

        assertThat(report.ending()).isEqualTo(Ending.FINISHED);
        assertThat(slack.calls()).isEmpty();
        assertThatThrownBy(() -> new BulkEngine(slack).run(people(2000), ResetScope.ALL, 3, checkpoint, () -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BulkEngine(slack).run(people(2000), ResetScope.ALL, -1, checkpoint, () -> false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
