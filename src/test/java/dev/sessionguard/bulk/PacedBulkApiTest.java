package dev.sessionguard.bulk;

import static dev.sessionguard.bulk.FakeBulkApi.people;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.bulk.BulkEngine.Ending;
import dev.sessionguard.bulk.BulkEngine.Report;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.support.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pacer on a clock that moves only when it sleeps, so a minute of Tier 2 takes no time at all. */
class PacedBulkApiTest {

    private static final List<String> ONE = List.of("W0000000001");

    private final FakeTime time = new FakeTime();
    private final TimedSlack slack = new TimedSlack();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aBurstOfTwentyGoesAtOnceAndTheTwentyFirstWaitsAMinuteForTheOldestToLeave() {
        PacedBulkApi paced = new PacedBulkApi(slack, 20, Duration.ofMinutes(1), time);

        for (int i = 0; i < 21; i++) {
            paced.resetBulk(ONE, ResetScope.ALL);
        }

        assertThat(slack.startedAt.subList(0, 20)).containsOnly(0L);
        assertThat(slack.startedAt.get(20)).isEqualTo(seconds(60));
        assertThat(time.slept).containsExactly(seconds(60));
    }

    @Test
    void slotsFreeOneByOneAsEachCallLeavesTheWindow() {
        PacedBulkApi paced = new PacedBulkApi(slack, 2, Duration.ofSeconds(10), time);

        paced.resetBulk(ONE, ResetScope.ALL);
        time.now += seconds(7);
        paced.resetBulk(ONE, ResetScope.ALL);
        paced.resetBulk(ONE, ResetScope.ALL);
        paced.resetBulk(ONE, ResetScope.ALL);

        assertThat(slack.startedAt).containsExactly(0L, seconds(7), seconds(10), seconds(17));
    }

    @Test
    void noWindowEverHoldsMoreThanTwentyCallsCountedFromWhenEachWasAnswered() {
        slack.latency = TimeUnit.MILLISECONDS.toNanos(1500);
        PacedBulkApi paced = new PacedBulkApi(slack, 20, Duration.ofMinutes(1), time);

        for (int i = 0; i < 65; i++) {
            paced.resetBulk(ONE, ResetScope.ALL);
        }

        for (int i = 20; i < 65; i++) {
            long answeredTwentyBefore = slack.startedAt.get(i - 20) + slack.latency;
            assertThat(slack.startedAt.get(i) - answeredTwentyBefore).as("call %d", i)
                    .isGreaterThanOrEqualTo(seconds(60));
        }
        assertThat(slack.startedAt.get(20)).as("and no later than it must")
                .isEqualTo(slack.startedAt.get(0) + slack.latency + seconds(60));
    }

    @Test
    void aCallStillRateLimitedHoldsEveryLaterCallUntilItsRetryAfterHasPassed() {
        slack.answers.add(new SlackResult<>(null, SlackErrors.RATELIMITED, 30, false, 4));
        PacedBulkApi paced = new PacedBulkApi(slack, 20, Duration.ofMinutes(1), time);

        SlackResult<?> first = paced.resetBulk(ONE, ResetScope.ALL);
        paced.resetBulk(ONE, ResetScope.ALL);
        paced.resetBulk(ONE, ResetScope.ALL);

        assertThat(first.error()).as("the answer is passed on as it is").isEqualTo(SlackErrors.RATELIMITED);
        assertThat(slack.startedAt).containsExactly(0L, seconds(30), seconds(30));
    }

    @Test
    void everyRateLimitedAnswerHoldsAgainFromWhenItCame() {
        PacedBulkApi paced = new PacedBulkApi(slack, 20, Duration.ofMinutes(1), time);
        slack.answers.add(new SlackResult<>(null, SlackErrors.RATELIMITED, 30, false, 1));
        paced.resetBulk(ONE, ResetScope.ALL);
        slack.answers.add(new SlackResult<>(null, SlackErrors.RATELIMITED, 1, false, 1));
        paced.resetBulk(ONE, ResetScope.ALL);
        paced.resetBulk(ONE, ResetScope.ALL);

        assertThat(slack.startedAt).containsExactly(0L, seconds(30), seconds(31));
    }

    @Test
    void anInterruptWhileWaitingAnswersInterruptedWithoutCallingSlackAndKeepsTheInterrupt() {
        PacedBulkApi paced = new PacedBulkApi(slack, 1, Duration.ofMinutes(1), time);
        paced.resetBulk(ONE, ResetScope.ALL);
        time.interruptWhenSleeping = true;

        SlackResult<?> answer = paced.resetBulk(ONE, ResetScope.ALL);

        assertThat(answer.error()).isEqualTo(SlackErrors.INTERRUPTED);
        assertThat(answer.attempts()).as("never sent").isZero();
        assertThat(slack.startedAt).hasSize(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void theEngineStopsOnAnInterruptedWaitAndLeavesThatChunkForTheResume() {
        FakeBulkApi fake = new FakeBulkApi();
        List<Integer> checkpointed = new ArrayList<>();
        PacedBulkApi paced = new PacedBulkApi(fake, 1, Duration.ofMinutes(1), time);
        time.interruptWhenSleeping = true;

        Report report = new BulkEngine(paced).run(people(3000), ResetScope.ALL, 0,
                (chunk, outcomes) -> checkpointed.add(chunk), () -> false);

        assertThat(fake.calls()).hasSize(1);
        assertThat(checkpointed).containsExactly(0);
        assertThat(report.ending()).isEqualTo(Ending.INTERRUPTED);
        assertThat(report.nextChunk()).isEqualTo(1);
        assertThat(report.unsettled()).hasSize(1000);
    }

    @Test
    void aRealWaitEndsPromptlyOnInterrupt() throws Exception {
        PacedBulkApi paced = new PacedBulkApi(slack, 1, Duration.ofHours(1)); // the system clock
        paced.resetBulk(ONE, ResetScope.ALL);
        AtomicReference<SlackResult<?>> answer = new AtomicReference<>();
        Thread waiting = new Thread(() -> answer.set(paced.resetBulk(ONE, ResetScope.ALL)), "paced-caller");
        waiting.start();
        Await.until(Duration.ofSeconds(5), () -> waiting.getState() == Thread.State.TIMED_WAITING,
                "the second call to wait for its slot");

        waiting.interrupt();
        waiting.join(Duration.ofSeconds(5).toMillis());

        assertThat(waiting.isAlive()).isFalse();
        assertThat(answer.get().error()).isEqualTo(SlackErrors.INTERRUPTED);
        assertThat(slack.startedAt).hasSize(1);
    }

    @Test
    void aCallerQueuedBehindAnotherIsInterruptibleToo() throws Exception {
        PacedBulkApi paced = new PacedBulkApi(slack, 1, Duration.ofHours(1));
        paced.resetBulk(ONE, ResetScope.ALL);
        Thread first = new Thread(() -> paced.resetBulk(ONE, ResetScope.ALL), "paced-first");
        AtomicReference<SlackResult<?>> second = new AtomicReference<>();
        Thread queued = new Thread(() -> second.set(paced.resetBulk(ONE, ResetScope.ALL)), "paced-second");
        first.start();
        Await.until(Duration.ofSeconds(5), () -> first.getState() == Thread.State.TIMED_WAITING, "the first to wait");
        queued.start();
        Await.until(Duration.ofSeconds(5), () -> queued.getState() == Thread.State.WAITING, "the second to queue");

        queued.interrupt();
        queued.join(Duration.ofSeconds(5).toMillis());
        first.interrupt();
        first.join(Duration.ofSeconds(5).toMillis());

        assertThat(queued.isAlive()).isFalse();
        assertThat(second.get().error()).isEqualTo(SlackErrors.INTERRUPTED);
        assertThat(slack.startedAt).hasSize(1);
    }

    @Test
    void aLimitThatAllowsNothingIsRefused() {
        assertThatThrownBy(() -> new PacedBulkApi(slack, 0, Duration.ofMinutes(1), time))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacedBulkApi(slack, 20, Duration.ZERO, time))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    /** Starts at 0 and moves only when slept on (or by hand); an interrupt ends a sleep as the real one does. */
    static final class FakeTime implements PacedBulkApi.Time {
        long now;
        final List<Long> slept = new ArrayList<>();
        boolean interruptWhenSleeping;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (interruptWhenSleeping || Thread.interrupted()) {
                throw new InterruptedException();
            }
            slept.add(nanos);
            now += nanos;
        }
    }

    /** Records when each call started on {@link #time}, takes {@link #latency} to answer, and answers ok by default. */
    final class TimedSlack implements BulkApi {
        final List<Long> startedAt = new ArrayList<>();
        final List<SlackResult<?>> answers = new ArrayList<>();
        long latency;

        @Override
        public synchronized SlackResult<?> resetBulk(List<String> userIds, ResetScope scope) {
            startedAt.add(time.now);
            time.now += latency;
            return answers.isEmpty() ? new SlackResult<>(null, null, 0, false, 1) : answers.remove(0);
        }
    }
}
