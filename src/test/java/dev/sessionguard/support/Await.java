package dev.sessionguard.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling briefly. Use instead of sleeping in tests. */
public final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Await() {
    }

    /** Returns once {@code condition} is true; throws {@link AssertionError} naming {@code what} on timeout. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        until(timeout, condition, () -> what);
    }

    /** As {@link #until(Duration, BooleanSupplier, String)}, the message built only on timeout. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        value(timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, what);
    }

    /**
     * Waits until {@code condition} is true or {@code timeout} has passed, for a measurement that counts what did
     * not happen in time (a benchmark) rather than failing on it.
     *
     * @return whether the condition became true in time
     */
    public static boolean untilOrTimeout(Duration timeout, BooleanSupplier condition) {
        return untilOrTimeout(timeout, Duration.ofNanos(POLL_NANOS), condition);
    }

    /**
     * As {@link #untilOrTimeout(Duration, BooleanSupplier)}, asking every {@code poll}: for a condition that costs
     * enough to ask (an HTTP request) that asking every 2 ms would take CPU from what is being measured.
     */
    public static boolean untilOrTimeout(Duration timeout, Duration poll, BooleanSupplier condition) {
        try {
            value(timeout, poll, () -> condition.getAsBoolean() ? Boolean.TRUE : null, () -> "");
            return true;
        } catch (AssertionError timedOut) {
            return false;
        }
    }

    /** Returns the first non-null value {@code supplier} gives; throws {@link AssertionError} on timeout. */
    public static <T> T value(Duration timeout, Supplier<T> supplier, Supplier<String> what) {
        return value(timeout, Duration.ofNanos(POLL_NANOS), supplier, what);
    }

    private static <T> T value(Duration timeout, Duration poll, Supplier<T> supplier, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + what.get());
            }
            LockSupport.parkNanos(Math.min(poll.toNanos(), left));
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("Interrupted while waiting for: " + what.get());
            }
        }
    }
}
