package dev.sessionguard.slackapi;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way this app calls Slack's Web API: the synchronous SDK client never retries,
 * so this waits out {@code Retry-After} on HTTP 429 and backs off on transient errors, both bounded.
 * It never throws for a Slack failure; the caller gets a {@link SlackResult} to put in words.
 */
public final class SlackCalls {

    /** A Web API call through the SDK. */
    @FunctionalInterface
    public interface Call<T extends SlackApiTextResponse> {
        T execute() throws IOException, SlackApiException;
    }

    /** Told of every finished call, e.g. for metrics. */
    public interface Listener {
        /**
         * @param error       Slack's error code, or null when the call succeeded
         * @param rateLimited how many attempts Slack answered with HTTP 429
         */
        void finished(String method, String error, int attempts, int rateLimited);
    }

    private static final Logger log = LoggerFactory.getLogger(SlackCalls.class);

    private final int maxRetries;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private volatile Listener listener = (method, error, attempts, rateLimited) -> { };

    public SlackCalls(int maxRetries, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** Three retries, 0.5 s to 4 s backoff, and Slack's Retry-After honoured up to a minute. */
    public static SlackCalls withDefaults() {
        return new SlackCalls(3, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(60));
    }

    /**
     * One attempt per call, for callers that schedule their own retries (the audit outbox).
     * Reports to this instance's listener.
     */
    public SlackCalls withoutRetries() {
        SlackCalls once = new SlackCalls(0, firstBackoff, maxBackoff, maxRetryAfter);
        once.listener = (method, error, attempts, rateLimited) -> listener.finished(method, error, attempts, rateLimited);
        return once;
    }

    public SlackCalls listener(Listener newListener) {
        this.listener = newListener;
        return this;
    }

    public <T extends SlackApiTextResponse> SlackResult<T> call(String method, Call<T> call) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger rateLimited = new AtomicInteger();
        AtomicBoolean transientSeen = new AtomicBoolean();
        CheckedSupplier<SlackResult<T>> attempt = () -> {
            attempts.incrementAndGet();
            SlackResult<T> r = once(call);
            if (r.error() != null && SlackErrors.isTransient(r.error())) {
                transientSeen.set(true);
            }
            if (r.retryAfter() > 0) {
                rateLimited.incrementAndGet();
            }
            return r;
        };
        RetryPolicy<SlackResult<T>> policy = retryPolicy(method);
        SlackResult<T> result;
        try {
            result = Failsafe.with(policy).get(attempt);
        } catch (FailsafeException e) {
            // Interrupted while waiting to retry (shutdown): report it, never throw past this class.
            Thread.currentThread().interrupt();
            result = new SlackResult<>(null, SlackErrors.INTERRUPTED, 0, false, attempts.get());
        }
        if (!result.ok() && SlackErrors.isAnswer(result.error())) {
            log.debug("Slack {} answered {}", method, result.error());
        } else if (!result.ok()) {
            log.warn("Slack {} failed: {} after {} attempt(s)", method, result.error(), attempts.get());
        }
        listener.finished(method, result.error(), attempts.get(), rateLimited.get());
        return result.afterAttempts(attempts.get(), transientSeen.get());
    }

    private <T> RetryPolicy<SlackResult<T>> retryPolicy(String method) {
        var builder = RetryPolicy.<SlackResult<T>>builder()
                .handleResultIf(r -> r.retryable() && r.retryAfter() <= maxRetryAfter.toSeconds())
                .withMaxRetries(maxRetries)
                .onRetry(e -> log.info("Retrying Slack {} after {} (attempt {})",
                        method, e.getLastResult().error(), e.getAttemptCount() + 1));
        if (maxRetries > 0) {
            builder.withBackoff(firstBackoff, maxBackoff).withDelayFn(ctx -> {
                SlackResult<T> last = ctx.getLastResult();
                return last != null && last.retryAfter() > 0 ? Duration.ofSeconds(last.retryAfter()) : Duration.ofMillis(-1);
            });
        }
        return builder.build();
    }

    private static <T extends SlackApiTextResponse> SlackResult<T> once(Call<T> call) {
        try {
            T response = call.execute();
            if (response.isOk()) {
                return new SlackResult<>(response, null, 0, false, 1);
            }
            String error = response.getError() == null ? "unknown_error" : response.getError();
            return new SlackResult<>(null, error, 0, false, 1);
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            if (status == 429) {
                return new SlackResult<>(null, SlackErrors.RATELIMITED, retryAfterSeconds(e), false, 1);
            }
            if (e.getError() != null && e.getError().getError() != null) {
                return new SlackResult<>(null, e.getError().getError(), 0, false, 1);
            }
            return new SlackResult<>(null, "http_" + status, 0, false, 1);
        } catch (IOException e) {
            return new SlackResult<>(null, SlackErrors.NETWORK_ERROR, 0, false, 1);
        } catch (Tokens.NotInstalledException e) {
            return new SlackResult<>(null, SlackErrors.NOT_INSTALLED, 0, false, 1);
        } catch (RuntimeException e) {
            // The SDK wraps some parse problems in runtime exceptions; never let them escape as success.
            log.warn("Unexpected failure calling Slack: {}", e.getClass().getSimpleName());
            return new SlackResult<>(null, "unexpected_error", 0, false, 1);
        }
    }

    private static long retryAfterSeconds(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        try {
            return header == null ? 1 : Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException ex) {
            return 1;
        }
    }
}
