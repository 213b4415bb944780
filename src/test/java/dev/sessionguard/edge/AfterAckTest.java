package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import dev.sessionguard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two lanes without Slack: a clock the test moves, and replies recorded. */
class AfterAckTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Reply ADA = new Reply("W0000ADMIN", "https://hooks.example/response");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final Replies replies = mock(Replies.class);
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AfterAck lanes = AfterAck.start(new AfterAck.Sizes(1, 4, 1, 1), replies, clock, refused::add);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseAndClose() throws InterruptedException {
        release.countDown();
        lanes.close(WAIT);
    }

    @Test
    void anOpeningThatWouldStartAfterItsTriggerDiesIsNotRunAndThePersonIsToldBusy() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        lanes.open(ADA, () -> {
            started.countDown();
            awaitRelease();
            return true;
        });
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        AtomicBoolean lateRan = new AtomicBoolean();
        lanes.open(ADA, () -> {
            lateRan.set(true);
            return true;
        });

        clock.advance(AfterAck.TRIGGER_LIFE.minus(AfterAck.MARGIN).plusMillis(1));
        release.countDown();

        verify(replies, timeout(WAIT.toMillis())).tell(ADA, AfterAck.BUSY_TEXT);
        assertThat(lateRan).isFalse();
        assertThat(refused).containsExactly("fast");
    }

    @Test
    void anOpeningWithinItsTriggersLifeRuns() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        lanes.open(ADA, () -> {
            ran.countDown();
            return true;
        });

        assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(refused).isEmpty();
    }

    @Test
    void aModalThatCouldNotBeShownEndsInAMessageToThePerson() {
        lanes.open(ADA, () -> false);

        verify(replies, timeout(WAIT.toMillis())).tell(ADA, AfterAck.NOT_OPENED_TEXT);
        assertThat(refused).isEmpty();
    }

    @Test
    void slowWorkThatFindsTheLaneFullIsRefusedThroughItsOwnRefusal() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        lanes.slow(() -> {
            started.countDown();
            awaitRelease();
        }, () -> () -> { });
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        lanes.slow(() -> { }, () -> () -> { }); // waits in the one place in the queue
        CountDownLatch told = new CountDownLatch(1);
        AtomicBoolean thirdRan = new AtomicBoolean();

        lanes.slow(() -> thirdRan.set(true), () -> told::countDown);

        assertThat(told.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(refused).containsExactly("slow");
        release.countDown();
        lanes.close(WAIT);
        assertThat(thirdRan).isFalse();
    }

    @Test
    void slowWorkIsNotHeldUpByABusyFastLane() throws InterruptedException {
        lanes.open(ADA, () -> {
            awaitRelease();
            return true;
        });
        CountDownLatch ran = new CountDownLatch(1);

        lanes.slow(ADA, ran::countDown);

        assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeLetsQueuedWorkFinish() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(2);
        lanes.slow(() -> {
            awaitRelease();
            ran.countDown();
        }, () -> () -> { });
        lanes.slow(ran::countDown, () -> () -> { });

        release.countDown();
        assertThat(lanes.close(WAIT)).isTrue();
        assertThat(ran.getCount()).isZero();
    }

    @Test
    void aRefusalIsRecordedOnTheRefusingThreadAndThePersonIsToldOnTheNoticeLane() throws InterruptedException {
        AfterAck.Lanes pools = AfterAck.Lanes.pools(new AfterAck.Sizes(1, 1, 1, 1));
        // A slow lane with no room from the start: the refusal needs no task held on a thread to happen.
        AfterAck lanes = AfterAck.on(new AfterAck.Lanes(pools.fast(), new FullLane(), pools.notices()), replies,
                clock, refused::add);
        String caller = Thread.currentThread().getName();
        List<String> recordedOn = new CopyOnWriteArrayList<>();
        List<String> toldOn = new CopyOnWriteArrayList<>();
        CountDownLatch told = new CountDownLatch(1);

        lanes.slow(() -> { }, () -> {
            recordedOn.add(Thread.currentThread().getName());
            return () -> {
                toldOn.add(Thread.currentThread().getName());
                told.countDown();
            };
        });

        assertThat(recordedOn).containsExactly(caller);
        assertThat(told.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(toldOn).singleElement().asString().startsWith("after-ack-notice-");
        assertThat(refused).containsExactly("slow");
        lanes.close(WAIT);
    }

    /** A lane with no room at all, refusing as a full bounded pool does. */
    private static final class FullLane extends java.util.concurrent.ThreadPoolExecutor {
        FullLane() {
            super(1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1));
        }

        @Override
        public void execute(Runnable command) {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }
    }

    @Test
    void aNoticeTheNoticeLaneHasNoRoomForIsDroppedAndCountedNeverRunOnTheRefusingThread()
            throws InterruptedException {
        AtomicInteger dropped = new AtomicInteger();
        AfterAck.Listener listener = new AfterAck.Listener() {
            @Override
            public void refused(String lane) {
                refused.add(lane);
            }

            @Override
            public void noticeDropped(String reason) {
                assertThat(reason).isEqualTo(AfterAck.LANE_FULL);
                dropped.incrementAndGet();
            }
        };
        AfterAck small = AfterAck.start(new AfterAck.Sizes(1, 1, 1, 1, 1, 1), replies, clock, listener);
        try {
            fillTheSlowLane(small);
            CountDownLatch noticeStarted = new CountDownLatch(1);
            small.slow(() -> { }, () -> () -> { // takes the notice lane's one thread until released
                noticeStarted.countDown();
                awaitRelease();
            });
            assertThat(noticeStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            small.slow(() -> { }, () -> this::awaitRelease); // the notice lane's one place in its queue
            String caller = Thread.currentThread().getName();
            List<String> toldOn = new CopyOnWriteArrayList<>();
            AtomicInteger recorded = new AtomicInteger();

            for (int i = 0; i < 3; i++) {
                small.slow(() -> { }, () -> {
                    recorded.incrementAndGet();
                    return () -> toldOn.add(Thread.currentThread().getName());
                });
            }

            assertThat(recorded).hasValue(3); // every refusal is still recorded
            assertThat(dropped).hasValue(3);
            release.countDown();
            assertThat(small.close(WAIT)).isTrue();
            assertThat(toldOn).doesNotContain(caller).isEmpty();
            assertThat(refused).containsOnly("slow").hasSize(5);
        } finally {
            release.countDown();
            small.close(WAIT);
        }
    }

    @Test
    void aFastLaneRefusalIsToldOnTheNoticeLaneNotOnTheRefusingThread() throws InterruptedException {
        String caller = Thread.currentThread().getName();
        List<String> toldOn = new CopyOnWriteArrayList<>();
        CountDownLatch told = new CountDownLatch(1);
        org.mockito.Mockito.doAnswer(inv -> {
            toldOn.add(Thread.currentThread().getName());
            told.countDown();
            return true;
        }).when(replies).tell(ADA, AfterAck.BUSY_TEXT);
        lanes.open(ADA, () -> {
            awaitRelease();
            return true;
        });
        for (int i = 0; i < 5; i++) { // one runs, four wait, the sixth is refused
            lanes.open(ADA, () -> true);
        }

        assertThat(told.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(toldOn).doesNotContain(caller);
        assertThat(refused).containsExactly("fast");
    }

    @Test
    void aNoticeSlackRefusesIsCountedAsDroppedNotRetried() {
        List<String> dropped = new CopyOnWriteArrayList<>();
        AfterAck counted = AfterAck.start(new AfterAck.Sizes(1, 4, 1, 1), replies, clock, new AfterAck.Listener() {
            @Override
            public void refused(String lane) {
                refused.add(lane);
            }

            @Override
            public void noticeDropped(String reason) {
                dropped.add(reason);
            }
        });
        try {
            org.mockito.Mockito.when(replies.tell(ADA, AfterAck.NOT_OPENED_TEXT)).thenReturn(false);

            counted.open(ADA, () -> false);

            dev.sessionguard.support.Await.until(WAIT, () -> !dropped.isEmpty(), "the notice to be counted");
            assertThat(dropped).containsExactly(AfterAck.SLACK_REFUSED);
            verify(replies, org.mockito.Mockito.times(1)).tell(ADA, AfterAck.NOT_OPENED_TEXT);
        } finally {
            release.countDown();
            try {
                counted.close(WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void onePersonsFloodOfRefusalsKeepsOneLineWaitingAndLeavesRoomForEveryoneElse() throws InterruptedException {
        Reply bob = new Reply("W0000BOB", "https://hooks.example/bob");
        List<String> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch bobTold = new CountDownLatch(1);
        AtomicInteger adaTold = new AtomicInteger();
        CountDownLatch adaStarted = new CountDownLatch(1);
        org.mockito.Mockito.doAnswer(inv -> {
            adaStarted.countDown();
            awaitRelease(); // the notice lane's one thread is busy telling Ada until released
            adaTold.incrementAndGet();
            return true;
        }).when(replies).tell(ADA, AfterAck.BUSY_TEXT);
        org.mockito.Mockito.doAnswer(inv -> {
            bobTold.countDown();
            return true;
        }).when(replies).tell(bob, AfterAck.BUSY_TEXT);
        // The notice lane: one thread, room for two: Ada's flood takes no more of it than one line.
        AfterAck small = AfterAck.start(new AfterAck.Sizes(1, 1, 1, 1, 1, 2), replies, clock, new AfterAck.Listener() {
            @Override
            public void refused(String lane) {
            }

            @Override
            public void noticeDropped(String reason) {
                dropped.add(reason);
            }
        });
        try {
            fillTheSlowLane(small);
            small.slow(ADA, () -> { }); // told at once: takes the notice lane's thread until released
            assertThat(adaStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("Ada's first line started").isTrue();
            for (int i = 0; i < 100; i++) {
                small.slow(ADA, () -> { });
            }
            small.slow(bob, () -> { });

            assertThat(small.noticesWaiting()).isEqualTo(1); // Ada's line is being sent; Bob's waits
            assertThat(dropped).hasSize(100).containsOnly(AfterAck.SAME_PERSON);
            release.countDown();
            assertThat(bobTold.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(small.close(WAIT)).isTrue();
            assertThat(adaTold).hasValue(1);
        } finally {
            release.countDown();
            small.close(WAIT);
        }
    }

    /** Takes the slow lane's one thread until released, and its one place in the queue. */
    private void fillTheSlowLane(AfterAck target) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        target.slow(() -> {
            started.countDown();
            awaitRelease();
        }, () -> () -> { });
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        target.slow(() -> { }, () -> () -> { });
    }

    private void awaitRelease() {
        try {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
