package dev.sessionguard.slackapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetResponse;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries against a real HTTP fake: the SDK's synchronous client never retries on its own. */
class SlackCallsTest {

    FakeSlack slack;
    MethodsClient methods;
    SlackCalls calls = new SlackCalls(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(2));

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        methods = Slack.getInstance(slack.slackConfig()).methods();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private SlackResult<AdminUsersSessionResetResponse> reset() {
        return calls.call("admin.users.session.reset",
                () -> methods.adminUsersSessionReset(r -> r.token("xoxp-test-admin").userId("W1")));
    }

    @Test
    void okOnFirstTryIsOneAttempt() {
        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.ok()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }

    @Test
    void http429WaitsRetryAfterThenSucceeds() {
        slack.respondInSequence("admin.users.session.reset", FakeResponse.ratelimited(1), FakeResponse.ok());

        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.ok()).isTrue();
        var sent = slack.calls("admin.users.session.reset");
        assertThat(sent).hasSize(2);
        assertThat(Duration.between(sent.get(0).at(), sent.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(r.transientSeen()).isFalse();
    }

    @Test
    void retryAfterLongerThanTheBoundIsNotWaitedAndIsReportedAsRateLimited() {
        slack.respondInSequence("admin.users.session.reset", FakeResponse.ratelimited(30));

        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("ratelimited");
        assertThat(r.retryAfter()).isEqualTo(30);
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }

    @Test
    void transientErrorsAreRetriedAndRemembered() {
        slack.respondInSequence("admin.users.session.reset",
                FakeResponse.httpStatus(503, "{\"ok\":false}"), FakeResponse.error("internal_error"), FakeResponse.ok());

        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.ok()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.transientSeen()).isTrue();
    }

    @Test
    void retriesAreBounded() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.error("service_unavailable"));

        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.error()).isEqualTo("service_unavailable");
        assertThat(slack.calls("admin.users.session.reset")).hasSize(4);
    }

    @Test
    void permanentErrorsAreNotRetried() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.error("user_not_found"));

        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.error()).isEqualTo("user_not_found");
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }

    @Test
    void unreachableSlackIsANetworkErrorNotAnException() {
        slack.close();

        SlackResult<AdminUsersSessionResetResponse> r = reset();

        assertThat(r.error()).isEqualTo(SlackErrors.NETWORK_ERROR);
        assertThat(r.attempts()).isEqualTo(4);
    }

    @Test
    void aShutdownWhileWaitingOutRetryAfterIsReportedNotThrown() throws Exception {
        SlackCalls patient = new SlackCalls(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(60));
        slack.respondInSequence("admin.users.session.reset", FakeResponse.ratelimited(30));
        java.util.concurrent.atomic.AtomicReference<SlackResult<AdminUsersSessionResetResponse>> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread worker = new Thread(() -> {
            result.set(patient.call("admin.users.session.reset",
                    () -> methods.adminUsersSessionReset(r -> r.token("xoxp-test-admin").userId("W1"))));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        slack.awaitCall("admin.users.session.reset", Duration.ofSeconds(5));

        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(result.get().error()).isEqualTo(SlackErrors.INTERRUPTED);
        assertThat(stillInterrupted).isTrue();
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }
}
