package dev.sessionguard.metrics;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.Await;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code /metrics} scraped over HTTP from the real app, after signed requests and Slack calls through the fake. */
class MetricsEndToEndTest extends EndToEnd {

    @Test
    void scrapeIsPrometheusTextWithTheOutboxBacklog() {
        HttpResponse<String> scrape = app.get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualToIgnoringCase("text/plain;version=0.0.4;charset=utf-8"));
        assertThat(sample(scrape.body(), "session_guard_audit_outbox_backlog")).hasValue(0.0);
    }

    @Test
    void undeliveredAuditRecordsShowAsBacklog() {
        slack.respond("chat.postMessage", c -> FakeResponse.httpStatus(503, "{\"ok\":false}"));

        app.slack().interactivity(ResetPayloads.submission(MEMBER, List.of(ADMIN),
                "all", "refused, and the audit channel is down"));

        Await.until(WAIT, () -> sample(scrape(), "session_guard_audit_outbox_backlog").orElse(0) == 1.0,
                "one undelivered audit record");
    }

    @Test
    void signedCommandIsCountedOkAndForgedOneRejected() {
        HttpResponse<String> signed = app.slack().slashCommand(SlackRequests.command(MEMBER, "help"));
        HttpResponse<String> forged = app.slack().withSigningSecret("wrong")
                .slashCommand(SlackRequests.command(MEMBER, "help"));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(401);
        String metrics = scrape();
        assertThat(sample(metrics, "session_guard_requests_total{kind=\"command\",outcome=\"ok\"}")).hasValue(1.0);
        // A forged body is never parsed, so its kind is not known: it is counted as unknown.
        assertThat(sample(metrics, "session_guard_requests_total{kind=\"unknown\",outcome=\"rejected\"}"))
                .hasValue(1.0);
        assertThat(sample(metrics, "session_guard_requests_total{kind=\"command\",outcome=\"rejected\"}")).isEmpty();
        assertThat(sample(metrics, "session_guard_ack_seconds_count{kind=\"command\"}")).hasValue(1.0);
        assertThat(sample(metrics, "session_guard_ack_seconds_bucket{kind=\"command\",le=\"+Inf\"}")).hasValue(1.0);
        // Slack's 3 s ack limit is a bucket boundary of its own, so "acked too late" is one query.
        assertThat(sample(metrics, "session_guard_ack_seconds_bucket{kind=\"command\",le=\"3.0\"}")).hasValue(1.0);
    }

    @Test
    void requestBoltCannotParseIsCountedAsUnknown() {
        HttpResponse<String> response = app.slack().post("application/json", "{\"hello\":\"world\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sample(scrape(), "session_guard_requests_total{kind=\"unknown\",outcome=\"other\"}")).hasValue(1.0);
    }

    @Test
    void interactivityIsCountedByItsBoltKind() {
        app.slack().interactivity(SlackRequests.globalShortcut(ADMIN, "no-such-shortcut"));

        assertThat(scrape()).contains("session_guard_requests_total{kind=\"global_shortcut\",");
    }

    @Test
    void slackCallsMadeForTheFormAreCountedByMethodAndOutcome() {
        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));
        slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);

        awaitSample("session_guard_slack_calls_total{method=\"views.update\",outcome=\"ok\"}", 1.0);
        String metrics = scrape();
        assertThat(sample(metrics, "session_guard_slack_calls_total{method=\"views.open\",outcome=\"ok\"}"))
                .hasValue(1.0);
        assertThat(sample(metrics, "session_guard_slack_calls_total{method=\"users.info\",outcome=\"ok\"}"))
                .isPresent();
        assertThat(sample(metrics, "session_guard_slack_ratelimited_total{method=\"views.open\"}")).hasValue(0.0);
    }

    @Test
    void slackErrorIsTheCallsOutcome() {
        slack.respond("users.info", c -> FakeResponse.error("user_not_found"));

        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));

        awaitSample("session_guard_slack_calls_total{method=\"users.info\",outcome=\"user_not_found\"}", 1.0);
    }

    @Test
    void rateLimitedAttemptsAreCountedAndTheRetriedCallEndsOk() {
        AtomicInteger answered = new AtomicInteger();
        slack.respond("users.info", c -> answered.getAndIncrement() == 0 ? FakeResponse.ratelimited(1) : slack.defaultAnswer(c));

        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));
        slack.awaitCalls("users.info", 2, WAIT);

        awaitSample("session_guard_slack_calls_total{method=\"users.info\",outcome=\"ok\"}", 1.0);
        assertThat(sample(scrape(), "session_guard_slack_ratelimited_total{method=\"users.info\"}")).hasValue(1.0);
    }

    @Test
    void aRateLimitedViewsOpenIsCountedAndNotRetriedPastItsTrigger() {
        slack.respondInSequence("views.open", FakeResponse.ratelimited(1), FakeResponse.ok());

        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));

        awaitSample("session_guard_slack_calls_total{method=\"views.open\",outcome=\"ratelimited\"}", 1.0);
        assertThat(sample(scrape(), "session_guard_slack_ratelimited_total{method=\"views.open\"}")).hasValue(1.0);
        assertThat(slack.calls("views.open")).hasSize(1);
    }

    private String scrape() {
        HttpResponse<String> response = app.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Slack calls are counted once the app has read Slack's answer, a moment after the fake records them. */
    private void awaitSample(String series, double value) {
        Await.until(WAIT, () -> sample(scrape(), series).equals(OptionalDouble.of(value)),
                () -> series + " " + value + " in:\n" + scrape());
    }

    /** The value of one series, e.g. {@code name{label="v"}}, in a Prometheus text scrape. */
    static OptionalDouble sample(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .findFirst();
    }
}
