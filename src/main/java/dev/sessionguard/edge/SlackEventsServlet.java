package dev.sessionguard.edge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door for Slack's HTTP requests, {@code POST /slack/events}, in this order: ready, bounded body,
 * signature on the raw bytes, strict shape ({@link SlackPayload}), a submitted view only once
 * ({@link SubmissionLedger}), and only then Bolt. Whatever goes wrong answers a short status with no exception,
 * class or version in it, and one log line without a stack trace. Tells a {@link Listener} the kind, status and
 * time of every request, for metrics.
 */
public final class SlackEventsServlet extends HttpServlet {

    /** Told of every request to {@code /slack/events}, e.g. for metrics. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param type   Bolt's request type, or null when the request never reached Bolt
         * @param status the HTTP status written
         * @param nanos  from the request reaching this servlet until the response was written
         */
        void handled(RequestType type, int status, long nanos);
    }

    /** Far above any payload Slack sends (a modal holds at most 100 blocks); larger bodies get 413 unread. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /**
     * The whole body must arrive within this; Slack sends it at once. A client that dribbles bytes holds no thread
     * meanwhile ({@link RequestBody}), only its connection, and then gets 408.
     */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(SlackEventsServlet.class);
    /** The ledger lives with the audit trail: when it can't be written, neither can the audit trail. */
    static final String AUDIT_UNAVAILABLE = "The audit trail can't be written right now, so nothing was done.";

    private final transient App app;
    private final transient SlackRequestParser parser;
    private final transient RequestSignature signature;
    private final transient SubmissionLedger ledger;
    private final transient BooleanSupplier ready;
    private final transient Listener listener;

    public SlackEventsServlet(App app, RequestSignature signature, SubmissionLedger ledger, BooleanSupplier ready,
            Listener listener) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.signature = signature;
        this.ledger = ledger;
        this.ready = ready;
        this.listener = listener;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        Outcome early = before(req);
        if (early != null) {
            answer(resp, early, start);
            return;
        }
        // The body is read without a thread waiting for it; the rest runs when its last byte is in.
        RequestBody.read(req, MAX_BODY_BYTES, BODY_DEADLINE, (body, async) -> {
            try {
                answer(resp, after(req, body), start);
            } catch (IOException e) {
                log.info("Could not answer a request to {} ({})", HttpServer.EVENTS_PATH, e.getClass().getSimpleName());
            } finally {
                async.complete();
            }
        });
    }

    private void answer(HttpServletResponse resp, Outcome outcome, long start) throws IOException {
        outcome.write(resp);
        listener.handled(outcome.type, outcome.status(), System.nanoTime() - start);
    }

    /** What to answer before a byte of the body is read, or null to read it. */
    private Outcome before(HttpServletRequest req) {
        if (!ready.getAsBoolean()) {
            return Outcome.status(503, "starting").retryAfter(5);
        }
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            return Outcome.status(413, "too_large");
        }
        return null;
    }

    private Outcome after(HttpServletRequest req, RequestBody.Result body) {
        try {
            return handle(req, body);
        } catch (RuntimeException e) {
            // Nothing below throws by design; if something does, it must still not become Jetty's 500 page.
            log.warn("A request to {} failed unexpectedly ({}); answered 400", HttpServer.EVENTS_PATH, where(e));
            return Outcome.status(400, "bad_request");
        }
    }

    private Outcome handle(HttpServletRequest req, RequestBody.Result read) {
        byte[] raw;
        if (read instanceof RequestBody.Read whole) {
            raw = whole.bytes();
        } else if (read instanceof RequestBody.TooSlow) {
            log.info("Dropped a request body to {} that took longer than {} s to arrive", HttpServer.EVENTS_PATH,
                    BODY_DEADLINE.toSeconds());
            return Outcome.status(408, "too_slow");
        } else if (read instanceof RequestBody.TooLarge) {
            return Outcome.status(413, "too_large");
        } else {
            // A body cut off, or refused by Jetty.
            log.info("Could not read a request body to {} ({})", HttpServer.EVENTS_PATH,
                    ((RequestBody.Unreadable) read).why());
            return Outcome.status(400, "unreadable_body");
        }
        RequestSignature.Verdict verdict = signature.verify(req.getHeader(RequestSignature.TIMESTAMP_HEADER),
                req.getHeader(RequestSignature.SIGNATURE_HEADER), raw);
        if (verdict != RequestSignature.Verdict.VALID) {
            log.warn("Refused a request to {} that is not from Slack: {}", HttpServer.EVENTS_PATH, verdict.why());
            return Outcome.status(401, "invalid_signature");
        }
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return malformed("the body is not UTF-8");
        }
        SlackPayload.Kind kind = SlackPayload.classify(body);
        if (kind instanceof SlackPayload.Malformed m) {
            return malformed(m.why());
        }
        if (kind instanceof SlackPayload.Ignored ignored) {
            log.info("Acknowledged a signed Slack request of a type this app does not handle ({})",
                    printable(ignored.type()));
            return Outcome.status(200, null);
        }
        return run(req, body, (SlackPayload.Slack) kind);
    }

    private Outcome run(HttpServletRequest req, String body, SlackPayload.Slack kind) {
        Request<?> slackReq;
        try {
            slackReq = kind.command() != null ? CommandRequests.of(kind.command(), body, headers(req),
                    req.getRemoteAddr(), parser.getAppConfig()) : parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(req.getRequestURI())
                    .headers(new RequestHeaders(headers(req)))
                    .requestBody(body)
                    .remoteAddress(req.getRemoteAddr())
                    .build());
        } catch (RuntimeException e) {
            return malformed("Slack's parser could not read the " + kind.type() + " (" + where(e) + ")");
        }
        if (slackReq == null) {
            return malformed("Slack's parser could not place the " + kind.type());
        }
        String key = kind.submissionKey();
        if (key != null) {
            Outcome refused = claim(key, slackReq.getRequestType());
            if (refused != null) {
                return refused;
            }
        }
        boolean acted = false;
        try {
            Response slackResp = app.run(slackReq);
            acted = slackResp.getStatusCode() / 100 == 2 && !isErrorsAck(slackResp);
            return Outcome.bolt(slackReq.getRequestType(), slackResp);
        } catch (Exception e) {
            // Handlers read the fields Slack always sends; a signed payload without them ends here.
            log.warn("A signed {} could not be handled ({}); answered 400", kind.type(), where(e));
            return Outcome.status(400, "bad_request").type(slackReq.getRequestType());
        } finally {
            if (key != null && !acted) {
                release(key); // the form came back with errors, or nothing ran: the person may submit again
            }
        }
    }

    /** Null when this is the view's first submission; else what to answer instead of acting. */
    private Outcome claim(String key, RequestType type) {
        try {
            if (ledger.claim(key) == SubmissionLedger.Claim.FIRST) {
                return null;
            }
            log.warn("Refused a view submission that was already handled (a replay); nothing was done");
            return Outcome.json(200, notice("This form was already submitted, so nothing more was done. "
                    + "What the first submission did is in the audit trail.")).type(type);
        } catch (RuntimeException e) {
            log.error("Could not record a view submission ({}); nothing was done", e.getClass().getSimpleName());
            return Outcome.json(200, notice(AUDIT_UNAVAILABLE + " Try again in a minute.")).type(type);
        }
    }

    private void release(String key) {
        try {
            ledger.release(key);
        } catch (RuntimeException e) {
            log.warn("Could not give back a view submission that did nothing ({})", e.getClass().getSimpleName());
        }
    }

    /** A modal that replaces the submitted one, saying why nothing was done. */
    private static String notice(String text) {
        JsonObject section = new JsonObject();
        section.addProperty("type", "section");
        section.add("text", plain("mrkdwn", text));
        JsonArray blocks = new JsonArray();
        blocks.add(section);
        JsonObject view = new JsonObject();
        view.addProperty("type", "modal");
        view.add("title", plain("plain_text", "Session Guard"));
        view.add("close", plain("plain_text", "Close"));
        view.add("blocks", blocks);
        JsonObject ack = new JsonObject();
        ack.addProperty("response_action", "update");
        ack.add("view", view);
        return ack.toString();
    }

    private static JsonObject plain(String type, String text) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.addProperty("text", text);
        return o;
    }

    /** A type name from a signed body, as a short token fit for one log line. */
    private static String printable(String s) {
        String kept = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return kept.replaceAll("[^A-Za-z0-9_.…-]", "?");
    }

    private static boolean isErrorsAck(Response r) {
        // Most acks are empty or a message; only a body naming "errors" can be a form's errors.
        JsonObject body = r.getBody() == null || !r.getBody().contains("errors") ? null
                : SlackPayload.object(r.getBody());
        return body != null && body.has("response_action") && body.get("response_action").isJsonPrimitive()
                && "errors".equals(body.get("response_action").getAsString());
    }

    private static Outcome malformed(String why) {
        log.warn("Refused a signed request to {}: {}", HttpServer.EVENTS_PATH, why);
        return Outcome.status(400, "bad_request");
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        Enumeration<String> names = req.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    /** The exception's class and the frame it came from: enough to find it, never its message (it may quote input). */
    private static String where(Throwable e) {
        StackTraceElement[] frames = e.getStackTrace();
        return e.getClass().getSimpleName() + (frames.length == 0 ? "" : " at " + frames[0].getClassName()
                + "." + frames[0].getMethodName() + ":" + frames[0].getLineNumber());
    }

    /** What to write back. */
    private record Outcome(int status, String contentType, String body, Map<String, List<String>> headers,
            RequestType type) {

        static Outcome status(int status, String error) {
            String body = error == null ? "" : "{\"error\":\"" + error + "\"}";
            return new Outcome(status, "application/json", body, Map.of(), null);
        }

        static Outcome json(int status, String body) {
            return new Outcome(status, "application/json", body, Map.of(), null);
        }

        static Outcome bolt(RequestType type, Response r) {
            return new Outcome(r.getStatusCode(), r.getContentType(), r.getBody(),
                    r.getHeaders() == null ? Map.of() : r.getHeaders(), type);
        }

        Outcome retryAfter(int seconds) {
            return new Outcome(status, contentType, body, Map.of("Retry-After", List.of(Integer.toString(seconds))), type);
        }

        Outcome type(RequestType t) {
            return new Outcome(status, contentType, body, headers, t);
        }

        void write(HttpServletResponse resp) throws IOException {
            resp.setStatus(status);
            headers.forEach((name, values) -> values.forEach(v -> resp.addHeader(name, v)));
            if (contentType != null) {
                resp.setContentType(contentType);
            }
            resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
            if (body != null && !body.isEmpty()) {
                resp.getWriter().write(body);
            }
        }
    }
}
