package dev.sessionguard.metrics;

import static dev.sessionguard.metrics.MetricsEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.request.RequestType;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces of {@link Metrics} that need no running app. */
class MetricsTest {

    @Test
    void outboxBacklogGaugeReadsTheSupplierAtEveryScrape() {
        Metrics metrics = new Metrics();
        AtomicInteger backlog = new AtomicInteger(3);
        metrics.outboxBacklog(backlog::get);

        assertThat(sample(metrics.scrape(), "session_guard_audit_outbox_backlog")).hasValue(3.0);
        backlog.set(0);
        assertThat(sample(metrics.scrape(), "session_guard_audit_outbox_backlog")).hasValue(0.0);
    }

    @ParameterizedTest
    @CsvSource({
            "200, ok", "204, ok", "401, rejected", "403, rejected", "500, error", "503, error",
            "400, other", "404, other", "302, other"})
    void statusBecomesAnOutcome(int status, String outcome) {
        assertThat(Metrics.outcome(status)).isEqualTo(outcome);
    }

    @ParameterizedTest
    @CsvSource({
            "Command, command", "ViewSubmission, view_submission", "BlockAction, block_action",
            "GlobalShortcut, global_shortcut", "MessageShortcut, message_shortcut", "Event, event",
            "UrlVerification, url_verification", "OAuthStart, oauth_start", "SSLCheck, ssl_check",
            "WorkflowStepExecute, workflow_step_execute"})
    void boltRequestTypeBecomesASnakeCaseKind(RequestType type, String kind) {
        assertThat(Metrics.kind(type)).isEqualTo(kind);
    }

    @Test
    void requestsAndCallsAreCountedWithTheirLabels() {
        Metrics metrics = new Metrics();
        metrics.requestListener().handled(RequestType.ViewSubmission, 200, 5_000_000);
        metrics.requestListener().handled(null, 400, 1_000_000);
        metrics.slackListener().finished("admin.users.session.reset", "not_an_admin", 1, 0);
        metrics.slackListener().finished("views.open", null, 3, 2);

        String scrape = metrics.scrape();
        assertThat(sample(scrape, "session_guard_requests_total{kind=\"view_submission\",outcome=\"ok\"}"))
                .hasValue(1.0);
        assertThat(sample(scrape, "session_guard_requests_total{kind=\"unknown\",outcome=\"other\"}")).hasValue(1.0);
        assertThat(sample(scrape, "session_guard_ack_seconds_sum{kind=\"view_submission\"}")).hasValue(0.005);
        assertThat(sample(scrape,
                "session_guard_slack_calls_total{method=\"admin.users.session.reset\",outcome=\"not_an_admin\"}"))
                .hasValue(1.0);
        assertThat(sample(scrape, "session_guard_slack_calls_total{method=\"views.open\",outcome=\"ok\"}"))
                .hasValue(1.0);
        assertThat(sample(scrape, "session_guard_slack_ratelimited_total{method=\"views.open\"}")).hasValue(2.0);
    }
}
