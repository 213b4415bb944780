package dev.sessionguard.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import javax.servlet.AsyncContext;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpStatus;

/**
 * A request body read with the servlet's non-blocking I/O ({@link ReadListener}): while its bytes arrive, no thread
 * waits for them, so a client that dribbles its body one byte at a time holds a connection but never one of Jetty's
 * few threads, and Slack's requests and {@code /healthz} always find one. What to do with the body runs once, on a
 * container thread, when the last byte is in (or the body is over its limit, breaks off, or misses its deadline).
 */
public final class RequestBody {

    /** What reading came to. */
    public sealed interface Result permits Read, TooLarge, TooSlow, Unreadable {
    }

    /** The whole body. */
    public record Read(byte[] bytes) implements Result {
    }

    /** Longer than the limit; the rest was not read. */
    public record TooLarge() implements Result {
    }

    /** The last byte had not come by the deadline. */
    public record TooSlow() implements Result {
    }

    /** Cut off, or refused by Jetty; {@code why} is an exception's class name. */
    public record Unreadable(String why) implements Result {
    }

    /** One daemon thread ends bodies that miss their deadline; it only writes a short answer. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private RequestBody() {
    }

    /**
     * Puts the request in async mode and reads its body without holding a thread. {@code then} gets the result and
     * the request's {@link AsyncContext}, exactly once; it must write the answer and {@link AsyncContext#complete}
     * it, there or later on another thread.
     */
    public static void read(HttpServletRequest req, int limit, Duration deadline,
            BiConsumer<Result, AsyncContext> then) throws IOException {
        AsyncContext async = req.isAsyncStarted() ? req.getAsyncContext() : req.startAsync();
        async.setTimeout(0); // the deadline below ends a slow body; what follows it may take as long as it needs
        Reader reader = new Reader(async, req.getInputStream(), limit, req.getContentLengthLong(), then);
        reader.input.setReadListener(reader);
        reader.deadline = DEADLINES.schedule(() -> reader.finish(new TooSlow()), deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The most a read takes from Jetty at a time. */
    private static final int READ_BUFFER = 8192;

    private static final class Reader implements ReadListener {
        private final AsyncContext async;
        private final ServletInputStream input;
        private final int limit;
        private final BiConsumer<Result, AsyncContext> then;
        private final ByteArrayOutputStream bytes;
        private final byte[] buffer;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        Reader(AsyncContext async, ServletInputStream input, int limit, long declaredLength,
                BiConsumer<Result, AsyncContext> then) {
            // Sized by the declared length (a slash command is under a kilobyte) but never past the limit: a header
            // is the sender's word, so a large one allocates no more than a short read does.
            int expected = (int) Math.max(0, Math.min(declaredLength, limit));
            this.bytes = new ByteArrayOutputStream(Math.max(expected, 32));
            this.buffer = new byte[Math.max(Math.min(expected + 1, READ_BUFFER), 256)];
            this.async = async;
            this.input = input;
            this.limit = limit;
            this.then = then;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished.get() && input.isReady()) {
                int n = input.read(buffer);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                if (bytes.size() + n > limit) {
                    finish(new TooLarge());
                    return;
                }
                bytes.write(buffer, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            finish(new Read(bytes.toByteArray()));
        }

        @Override
        public void onError(Throwable t) {
            // Jetty's size limit (a body without a declared length) reads as a 413, like our own.
            boolean tooLarge = t instanceof BadMessageException bad && bad.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413;
            finish(tooLarge ? new TooLarge() : new Unreadable(t.getClass().getSimpleName()));
        }

        void finish(Result result) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            then.accept(result, async);
        }
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "body-deadline");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
