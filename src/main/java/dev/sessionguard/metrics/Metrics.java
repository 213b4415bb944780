package dev.sessionguard.metrics;

import com.slack.api.bolt.request.RequestType;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.SlackEventsServlet;
import dev.sessionguard.slackapi.SlackCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The app's Prometheus metrics: Slack requests in, Slack Web API calls out, the audit outbox.
 * One registry per app instance, so tests that start several apps in one JVM don't share counts.
 * Names and labels are listed in {@code docs/operations.md}; keep the two in step.
 */
public final class Metrics {

    public static final String PATH = "/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Label for requests Bolt could not parse (no type known). */
    static final String UNKNOWN_KIND = "unknown";

    private static final Map<RequestType, String> KINDS = kinds();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Counts and times every request to {@code /slack/events}; pass to {@code HttpServer.start}. */
    public SlackEventsServlet.Listener requestListener() {
        return (type, status, nanos) -> {
            String kind = type == null ? UNKNOWN_KIND : KINDS.get(type);
            Counter.builder("session_guard.requests")
                    .description("Requests Slack sent to /slack/events, by Bolt request kind and HTTP outcome")
                    .tag("kind", kind)
                    .tag("outcome", outcome(status))
                    .register(registry)
                    .increment();
            Timer.builder("session_guard.ack")
                    .description("Time from a Slack request reaching the app to its response being written")
                    .tag("kind", kind)
                    .publishPercentileHistogram()
                    // Slack shows the person an error when the ack takes longer than 3 s.
                    .serviceLevelObjectives(Duration.ofSeconds(3))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    /** Counts every Slack Web API call made through {@link SlackCalls}, and Slack's HTTP 429s. */
    public SlackCalls.Listener slackListener() {
        return (method, error, attempts, rateLimited) -> {
            Counter.builder("session_guard.slack.calls")
                    .description("Slack Web API calls by method and final outcome (ok, or Slack's error code)")
                    .tag("method", method)
                    .tag("outcome", error == null ? "ok" : error)
                    .register(registry)
                    .increment();
            // Registered even at zero, so a rate() over it exists before the first 429.
            Counter.builder("session_guard.slack.ratelimited")
                    .description("HTTP 429 (rate limited) answers from Slack, one per attempt")
                    .tag("method", method)
                    .register(registry)
                    .increment(rateLimited);
        };
    }

    /**
     * Counts after-ack work refused because its lane was full or its trigger's deadline had passed, and busy notices
     * dropped because the notice lane was full.
     */
    public AfterAck.Listener busyListener() {
        for (String lane : new String[] {"fast", "slow"}) {
            busyRefusals(lane); // registered at zero, so a rate() over it exists before the first refusal
        }
        for (String reason : new String[] {AfterAck.LANE_FULL, AfterAck.SLACK_REFUSED}) {
            droppedNotices(reason);
        }
        // Looked up once per lane and reason: in a burst these are counted thousands of times a second.
        Map<String, Counter> refusals = new ConcurrentHashMap<>();
        Map<String, Counter> dropped = new ConcurrentHashMap<>();
        return new AfterAck.Listener() {
            @Override
            public void refused(String lane) {
                refusals.computeIfAbsent(lane, Metrics.this::busyRefusals).increment();
            }

            @Override
            public void noticeDropped(String reason) {
                dropped.computeIfAbsent(reason, Metrics.this::droppedNotices).increment();
            }
        };
    }

    private Counter droppedNotices(String reason) {
        return Counter.builder("session_guard.busy.notices.dropped")
                .description("Busy notices that did not reach their person: the notice lane was full, or Slack refused"
                        + " or rate-limited the notice (it is not retried)")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter busyRefusals(String lane) {
        return Counter.builder("session_guard.busy.refusals")
                .description("After-ack work not run (lane full, or too late for its trigger); the person was told")
                .tag("lane", lane)
                .register(registry);
    }

    /**
     * Counts Universal Logout requests by outcome ({@code session_guard_gtr_requests_total}), failed authentication
     * included; each of {@code outcomes} is registered at zero.
     */
    public Consumer<String> gtrRequests(List<String> outcomes) {
        outcomes.forEach(this::gtrRequests);
        return outcome -> gtrRequests(outcome).increment();
    }

    private Counter gtrRequests(String outcome) {
        return Counter.builder("session_guard.gtr.requests")
                .description("Requests to /global-token-revocation (Universal Logout) by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The reason {@link #anomaly} counts a reason Slack does not document under. */
    public static final String OTHER_REASON = "other";

    /** What the automatic response did about one person, the only values {@link #autoSignOut} takes. */
    public static final List<String> AUTO_SIGN_OUT_OUTCOMES = List.of("signed_out", "failed", "limit_reached",
            "skipped");

    /**
     * Registers threat response's counters at zero, one per known reason and per outcome, so a rate() over them
     * exists before the first anomaly. Call once, when threat response is on; like Universal Logout's counters,
     * they are not there when it is off.
     */
    public void threatResponse() {
        ThreatSettings.KNOWN_REASONS.forEach(this::anomalies);
        anomalies(OTHER_REASON);
        AUTO_SIGN_OUT_OUTCOMES.forEach(this::autoSignOuts);
    }

    /**
     * Counts one reason of an anomaly Slack reported ({@code session_guard_anomalies_total{reason}}). The reason comes
     * from the log, which a session's holder can shape, so one Slack does not document is counted as {@code other}:
     * a hostile log can't make a new series per string.
     */
    public void anomaly(String reason) {
        // A list from List.of throws on contains(null); an anomaly without a reason is "other" too.
        anomalies(reason != null && ThreatSettings.KNOWN_REASONS.contains(reason) ? reason : OTHER_REASON).increment();
    }

    /**
     * Counts what the automatic response did about one person ({@code session_guard_auto_sign_outs_total{outcome}}).
     *
     * @param outcome one of {@link #AUTO_SIGN_OUT_OUTCOMES}
     * @throws IllegalArgumentException for any other: a typo in the caller, not something Slack sent
     */
    public void autoSignOut(String outcome) {
        if (outcome == null || !AUTO_SIGN_OUT_OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("not an automatic sign-out outcome: " + outcome);
        }
        autoSignOuts(outcome).increment();
    }

    private Counter anomalies(String reason) {
        return Counter.builder("session_guard.anomalies")
                .description("Anomalies Slack reported in the org's audit logs, once per reason each carried; reasons"
                        + " Slack does not document are counted as other")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter autoSignOuts(String outcome) {
        return Counter.builder("session_guard.auto_sign_outs")
                .description("People the automatic response to anomalies acted on, by outcome: signed_out, failed,"
                        + " limit_reached (the hourly limit stopped it), skipped")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * Reports how many audit records wait in the outbox. Call once; the supplier is read at every scrape,
     * so it must be cheap and must not throw.
     */
    public void outboxBacklog(Supplier<Number> backlog) {
        Gauge.builder("session_guard.audit.outbox.backlog", backlog)
                .description("Audit records written locally but not yet posted to the audit channel")
                .strongReference(true)
                .register(registry);
    }

    /**
     * The user directory: how many people it holds ({@code session_guard_directory_people}) and when its last full
     * sync finished ({@code session_guard_directory_last_sync_timestamp_seconds}, Unix seconds, 0 before the first).
     * Read at every scrape (two indexed queries); a database that does not answer shows as NaN, never an error.
     */
    public void directory(Supplier<Number> people, Supplier<Number> lastSyncSeconds) {
        Gauge.builder("session_guard.directory.people", () -> orNaN(people))
                .description("People in the local copy of the org's user directory (used by bulk previews)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("session_guard.directory.last_sync_timestamp_seconds", () -> orNaN(lastSyncSeconds))
                .description("Unix time of the last finished full sync of the user directory, 0 before the first")
                .strongReference(true)
                .register(registry);
    }

    private static double orNaN(Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {@code GET /metrics} in the Prometheus text format. */
    public HttpServlet servlet() {
        return new ScrapeServlet(registry);
    }

    /** What {@code GET /metrics} serves. */
    String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "ok";
        }
        if (status == 401 || status == 403) {
            return "rejected";
        }
        return status >= 500 && status < 600 ? "error" : "other";
    }

    /** {@code ViewSubmission} → {@code view_submission}; {@code OAuthStart} → {@code oauth_start}. */
    static String kind(RequestType type) {
        return type.name().replace("OAuth", "Oauth").replace("SSL", "Ssl")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<RequestType, String> kinds() {
        Map<RequestType, String> kinds = new EnumMap<>(RequestType.class);
        for (RequestType t : RequestType.values()) {
            kinds.put(t, kind(t));
        }
        return kinds;
    }

    private static final class ScrapeServlet extends HttpServlet {
        private final transient PrometheusMeterRegistry registry;

        ScrapeServlet(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType(CONTENT_TYPE);
            try (OutputStream out = resp.getOutputStream()) {
                registry.scrape(out, CONTENT_TYPE);
            }
        }
    }
}
