package dev.sessionguard.gtr;

import dev.sessionguard.edge.RequestBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door for Universal Logout, {@code POST /global-token-revocation}, in this order: bounded body size (by its
 * declared length), the bearer token ({@link GtrTokenVerifier}, before a byte of the body is read), the per-minute
 * limit (authenticated requests only), the token's jti not seen before ({@link JtiStore}), and only then the body,
 * handed to {@link GtrService}, at most {@link #MAX_IN_FLIGHT} at a time. Answers a status with at most a one-line
 * JSON error; a refused token is one WARN line that never holds the token, and is counted but never posted to the
 * audit channel.
 *
 * <p>No Jetty thread waits here: after the declared length, the request goes async; the checks (a JWKS fetch may
 * take seconds) and the call to Slack run on a small lane of their own, and the body is read with no thread at all
 * ({@link RequestBody}). Jetty's threads stay free for Slack's requests and {@code /healthz}.
 */
public final class GtrServlet extends HttpServlet {

    public static final String PATH = "/global-token-revocation";
    /** A subject is a few hundred bytes; anything over this is refused unread. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /**
     * Requests past the checks that may be with Slack at once, each for as long as Slack takes (its Retry-After
     * included): beyond these, the IdP is told 503 with a short Retry-After, so one IdP can't spend Slack's rate
     * limits or the lane's threads.
     */
    static final int MAX_IN_FLIGHT = 4;
    /**
     * Threads that check tokens (a JWKS fetch may take seconds) and take requests to Slack, and how many requests may
     * wait for one: past them, 503 with a short Retry-After. None of them is one of Jetty's threads.
     */
    static final int LANE_THREADS = MAX_IN_FLIGHT + 2;
    static final int LANE_QUEUE = 64;
    /** The whole body must arrive within this; an IdP sends it at once. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    static final long BUSY_RETRY_AFTER_SECONDS = 5;
    /** Written at most once a minute while the limit refuses requests, so a flood can't flood the log either. */
    private static final long LIMIT_LOG_INTERVAL_MS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(GtrServlet.class);

    private final transient GtrTokenVerifier verifier;
    private final transient GtrRateLimit limit;
    private final transient JtiStore jtis;
    private final transient GtrService service;
    private final transient String issuer;
    /** Told each request's outcome label, for metrics. */
    private final transient Consumer<String> outcomes;
    private volatile long lastLimitLog;
    private final transient Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final transient ThreadPoolExecutor lane = lane();

    public GtrServlet(GtrTokenVerifier verifier, GtrRateLimit limit, JtiStore jtis, GtrService service, String issuer,
            Consumer<String> outcomes) {
        this.verifier = verifier;
        this.limit = limit;
        this.jtis = jtis;
        this.service = service;
        this.issuer = issuer;
        this.outcomes = outcomes;
    }

    /** Outcome labels of {@code session_guard_gtr_requests_total}, registered at zero. */
    public static final java.util.List<String> OUTCOMES = java.util.List.of("signed_out", "bad_request",
            "unauthenticated", "replay", "not_found", "not_resettable", "rate_limited", "unavailable");

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            finish(resp, null, new Reply(413, "too_large", 0, "bad_request"));
            return;
        }
        // From here on no Jetty thread waits: the token's keys may have to be fetched, the body may dribble in, and
        // Slack may take its time; each of those happens on the lane below or with no thread at all.
        AsyncContext async = req.startAsync();
        async.setTimeout(0); // a request with Slack ends when Slack's answer (or its bounded retries) is in
        String authorization = req.getHeader("Authorization");
        submit(async, () -> {
            Checked checked = check(authorization);
            if (checked.reply() != null) {
                finish(async, checked.reply());
                return;
            }
            readBody(req, async, checked.key(), checked.token());
        });
    }

    /** Work for the lane; when it has no room the IdP is told 503 and will try again. */
    private void submit(AsyncContext async, Runnable work) {
        try {
            lane.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // Nothing here throws by design; if something does, it must not become a stack trace or a 500 page.
                    log.warn("A request to {} failed unexpectedly ({}); answered 503", PATH, e.getClass().getSimpleName());
                    finish(async, new Reply(503, "unavailable", 30, "unavailable"));
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Refused a request to {}: too many are being checked or are with Slack; answered 503", PATH);
            finish(async, new Reply(503, "busy", BUSY_RETRY_AFTER_SECONDS, "unavailable"));
        }
    }

    /** The token, the limit and the jti, in that order: a reply to send, or the claimed key to go on with. */
    private record Checked(Reply reply, String key, GtrTokenVerifier.Valid token) {
    }

    private Checked check(String authorization) {
        GtrTokenVerifier.Verdict verdict = verifier.verify(authorization);
        if (verdict instanceof GtrTokenVerifier.Invalid invalid) {
            log.warn("Refused a request to {} that is not from the identity provider: {}", PATH, invalid.why());
            return refused(new Reply(401, "invalid_token", 0, "unauthenticated"));
        }
        if (verdict instanceof GtrTokenVerifier.KeysUnavailable down) {
            log.warn("Could not check a request to {}: {}", PATH, down.why());
            // The IdP tries again when a fetch is allowed: a token under a newly published key is then accepted.
            return refused(new Reply(503, "keys_unavailable", down.retryAfterSeconds(), "unavailable"));
        }
        GtrTokenVerifier.Valid token = (GtrTokenVerifier.Valid) verdict;
        OptionalLong wait = limit.take();
        if (wait.isPresent()) {
            logLimit();
            return refused(new Reply(429, "rate_limited", wait.getAsLong(), "rate_limited"));
        }
        String key = issuer + "\n" + token.jti();
        try {
            // Kept past exp by the skew, so a token can't come back while a clock running behind still takes it.
            if (!jtis.claim(key, token.expires().plus(GtrTokenVerifier.SKEW))) {
                limit.giveBack();
                log.warn("Refused a request to {}: its token was used before (a replay)", PATH);
                return refused(new Reply(401, "invalid_token", 0, "replay"));
            }
        } catch (RuntimeException e) {
            log.error("Could not record a Universal Logout token ({}); nothing was done", e.getClass().getSimpleName());
            return refused(new Reply(503, "audit_unavailable", GtrService.DEFAULT_RETRY_AFTER, "unavailable"));
        }
        return new Checked(null, key, token);
    }

    private static Checked refused(Reply reply) {
        return new Checked(reply, null, null);
    }

    /** Reads the body with no thread waiting for it, then takes it to Slack, at most {@link #MAX_IN_FLIGHT} at once. */
    private void readBody(HttpServletRequest req, AsyncContext async, String key, GtrTokenVerifier.Valid token) {
        try {
            RequestBody.read(req, MAX_BODY_BYTES, BODY_DEADLINE, (body, same) -> {
                Reply refused = unread(body);
                if (refused != null) {
                    release(key);
                    finish(async, refused);
                } else if (!inFlight.tryAcquire()) {
                    release(key); // nothing was done: the IdP may resend this very token
                    log.warn("Refused a request to {}: {} are already with Slack; answered 503", PATH, MAX_IN_FLIGHT);
                    finish(async, new Reply(503, "busy", BUSY_RETRY_AFTER_SECONDS, "unavailable"));
                } else {
                    submit(async, () -> {
                        try {
                            finish(async, revoke(key, token, utf8(((RequestBody.Read) body).bytes())));
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            });
        } catch (IOException | RuntimeException e) {
            release(key);
            log.info("Could not read a request body to {} ({})", PATH, e.getClass().getSimpleName());
            finish(async, new Reply(400, "unreadable_body", 0, "bad_request"));
        }
    }

    /** What to answer for a body that was not read whole, or null when it was. */
    private static Reply unread(RequestBody.Result body) {
        if (body instanceof RequestBody.Read) {
            return null;
        }
        if (body instanceof RequestBody.TooLarge) {
            return new Reply(413, "too_large", 0, "bad_request");
        }
        if (body instanceof RequestBody.TooSlow) {
            log.info("Dropped a request body to {} that took longer than {} s to arrive", PATH,
                    BODY_DEADLINE.toSeconds());
            return new Reply(408, "too_slow", 0, "bad_request");
        }
        log.info("Could not read a request body to {} ({})", PATH, ((RequestBody.Unreadable) body).why());
        return new Reply(400, "unreadable_body", 0, "bad_request");
    }

    private Reply revoke(String key, GtrTokenVerifier.Valid token, String body) {
        GtrService.Answer answer = service.revoke(token.jti(), body);
        if (answer.status() == 503) {
            release(key); // nothing was done, or it may be tried again: the IdP may resend this very token
        }
        return new Reply(answer.status(), answer.error(), answer.retryAfter(), label(answer.status()));
    }

    private void finish(AsyncContext async, Reply reply) {
        try {
            finish((HttpServletResponse) async.getResponse(), async, reply);
        } catch (IOException | RuntimeException e) {
            log.info("Could not answer a request to {} ({})", PATH, e.getClass().getSimpleName());
        }
    }

    private void finish(HttpServletResponse resp, AsyncContext async, Reply reply) throws IOException {
        try {
            outcomes.accept(reply.outcome());
            reply.write(resp);
        } finally {
            if (async != null) {
                async.complete();
            }
        }
    }

    @Override
    public void destroy() {
        lane.shutdown();
    }

    private void release(String key) {
        try {
            jtis.release(key);
        } catch (RuntimeException e) {
            log.warn("Could not give back a Universal Logout token that did nothing ({})", e.getClass().getSimpleName());
        }
    }

    private void logLimit() {
        long now = System.currentTimeMillis();
        if (now - lastLimitLog >= LIMIT_LOG_INTERVAL_MS) {
            lastLimitLog = now;
            log.warn("Universal Logout requests are over {} a minute (SESSION_GUARD_GTR_MAX_PER_MINUTE); answering 429 "
                    + "with Retry-After for the rest of this minute", limit.max());
        }
    }

    private static String label(int status) {
        return switch (status) {
            case 204 -> "signed_out";
            case 400, 413 -> "bad_request";
            case 404 -> "not_found";
            case 422 -> "not_resettable";
            default -> "unavailable";
        };
    }

    /** The body as UTF-8; a body that isn't is empty, which the service refuses as malformed. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    private static ThreadPoolExecutor lane() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LANE_THREADS, LANE_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(LANE_QUEUE), r -> {
                    Thread t = new Thread(r, "universal-logout-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** What to write back. */
    private record Reply(int status, String error, long retryAfter, String outcome) {
        void write(HttpServletResponse resp) throws IOException {
            resp.setStatus(status);
            if (retryAfter > 0) {
                resp.setHeader("Retry-After", Long.toString(retryAfter));
            }
            if (status == 401) {
                resp.setHeader("WWW-Authenticate", "Bearer");
            }
            resp.setHeader("Cache-Control", "no-store");
            if (error != null) {
                resp.setContentType("application/json");
                resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
                resp.getWriter().write("{\"error\":\"" + error + "\"}");
            }
        }
    }
}
