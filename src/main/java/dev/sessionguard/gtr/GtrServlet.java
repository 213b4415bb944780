package dev.sessionguard.gtr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door for Universal Logout, {@code POST /global-token-revocation}, in this order: bounded body size (by its
 * declared length), the bearer token ({@link GtrTokenVerifier}, before a byte of the body is read), the per-minute
 * limit (authenticated requests only), the token's jti not seen before ({@link JtiStore}), and only then the body,
 * handed to {@link GtrService}, at most {@link #MAX_IN_FLIGHT} at a time. Answers a status with at most a one-line JSON error; a refused token is one WARN line
 * that never holds the token, and is counted but never posted to the audit channel.
 */
public final class GtrServlet extends HttpServlet {

    public static final String PATH = "/global-token-revocation";
    /** A subject is a few hundred bytes; anything over this is refused unread. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /**
     * Requests past the checks that may be with Slack at once. Each holds one of Jetty's few threads for as long as
     * Slack takes (its Retry-After included), and those threads also ack Slack's own requests: beyond these, the IdP
     * is told 503 with a short Retry-After, and Slack's requests always find a thread.
     */
    static final int MAX_IN_FLIGHT = 4;
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
        Reply reply;
        try {
            reply = handle(req);
        } catch (RuntimeException e) {
            // Nothing above throws by design; if something does, it must not become a stack trace or a 500 page.
            log.warn("A request to {} failed unexpectedly ({}); answered 503", PATH, e.getClass().getSimpleName());
            reply = new Reply(503, "unavailable", 30, "unavailable");
        }
        outcomes.accept(reply.outcome());
        reply.write(resp);
    }

    private Reply handle(HttpServletRequest req) {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            return new Reply(413, "too_large", 0, "bad_request");
        }
        GtrTokenVerifier.Verdict verdict = verifier.verify(req.getHeader("Authorization"));
        if (verdict instanceof GtrTokenVerifier.Invalid invalid) {
            log.warn("Refused a request to {} that is not from the identity provider: {}", PATH, invalid.why());
            return new Reply(401, "invalid_token", 0, "unauthenticated");
        }
        if (verdict instanceof GtrTokenVerifier.KeysUnavailable down) {
            log.warn("Could not check a request to {}: {}", PATH, down.why());
            return new Reply(503, "keys_unavailable", GtrService.DEFAULT_RETRY_AFTER, "unavailable");
        }
        GtrTokenVerifier.Valid token = (GtrTokenVerifier.Valid) verdict;
        OptionalLong wait = limit.take();
        if (wait.isPresent()) {
            logLimit();
            return new Reply(429, "rate_limited", wait.getAsLong(), "rate_limited");
        }
        String key = issuer + "\n" + token.jti();
        try {
            // Kept past exp by the skew, so a token can't come back while a clock running behind still takes it.
            if (!jtis.claim(key, token.expires().plus(GtrTokenVerifier.SKEW))) {
                limit.giveBack();
                log.warn("Refused a request to {}: its token was used before (a replay)", PATH);
                return new Reply(401, "invalid_token", 0, "replay");
            }
        } catch (RuntimeException e) {
            log.error("Could not record a Universal Logout token ({}); nothing was done", e.getClass().getSimpleName());
            return new Reply(503, "audit_unavailable", GtrService.DEFAULT_RETRY_AFTER, "unavailable");
        }
        if (!inFlight.tryAcquire()) {
            release(key); // nothing was done: the IdP may resend this very token
            log.warn("Refused a request to {}: {} are already with Slack; answered 503", PATH, MAX_IN_FLIGHT);
            return new Reply(503, "busy", BUSY_RETRY_AFTER_SECONDS, "unavailable");
        }
        try {
            return revoke(req, key, token);
        } finally {
            inFlight.release();
        }
    }

    private Reply revoke(HttpServletRequest req, String key, GtrTokenVerifier.Valid token) {
        String body;
        try {
            body = read(req);
        } catch (IOException e) {
            release(key);
            log.info("Could not read a request body to {} ({})", PATH, e.getClass().getSimpleName());
            return new Reply(400, "unreadable_body", 0, "bad_request");
        }
        if (body == null) {
            release(key);
            return new Reply(413, "too_large", 0, "bad_request");
        }
        GtrService.Answer answer = service.revoke(token.jti(), body);
        if (answer.status() == 503) {
            release(key); // nothing was done, or it may be tried again: the IdP may resend this very token
        }
        return new Reply(answer.status(), answer.error(), answer.retryAfter(), label(answer.status()));
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

    /** The body as UTF-8, at most {@link #MAX_BODY_BYTES}; null when longer. */
    private static String read(HttpServletRequest req) throws IOException {
        InputStream in = req.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) != -1) {
            if (out.size() + n > MAX_BODY_BYTES) {
                return null;
            }
            out.write(buf, 0, n);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return ""; // not UTF-8: the service refuses it as malformed
        }
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
