package dev.sessionguard.edge;

import dev.sessionguard.slackapi.SlackErrors;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a failed start is put into words: the network is not the token, and waits are printed as they are. */
class SlackStartupTest {

    @Test
    void boltsNetworkFailureIsSlackCantBeReachedNotAnInvalidToken() {
        // Bolt's App.start wraps the IOException's message and drops the exception.
        String why = SlackErrors.startupProblem(new IllegalArgumentException(
                "The token is invalid (error: slack.com: Name or service not known)"));

        assertThat(why).startsWith("Slack can't be reached (slack.com: Name or service not known)")
                .doesNotContain("invalid");
    }

    @Test
    void anIoExceptionInTheChainIsSlackCantBeReached() {
        assertThat(SlackErrors.startupProblem(new IllegalStateException("Socket Mode: x",
                new ConnectException("Failed to connect to /127.0.0.1:9"))))
                .startsWith("Slack can't be reached (ConnectException: Failed to connect to /127.0.0.1:9)");
        assertThat(SlackErrors.startupProblem(new IllegalStateException("Socket Mode: x",
                new UnknownHostException("nonexistent.invalid"))))
                .startsWith("Slack can't be reached (UnknownHostException: nonexistent.invalid)");
    }

    @Test
    void aRefusedTokenIsARefusedToken() {
        for (String code : new String[] {"invalid_auth", "not_authed", "token_revoked", "account_inactive"}) {
            assertThat(SlackErrors.startupProblem(new IllegalArgumentException(
                    "The token is invalid (auth.test error: " + code + ")")))
                    .as(code).startsWith("Slack refused the bot token (" + code + "): check that SLACK_BOT_TOKEN");
        }
    }

    @Test
    void inSocketModeTheAppTokenIsNamed() {
        assertThat(SlackErrors.startupProblem(new IllegalStateException("Socket Mode: invalid_auth")))
                .startsWith("Slack refused Socket Mode's app-level token (invalid_auth): check that SLACK_APP_TOKEN");
    }

    @Test
    void anHttpErrorWithoutAWebApiAnswerIsSlackCantBeReached() {
        assertThat(SlackErrors.startupProblem(new IllegalArgumentException(
                "The token is invalid (error: status: 503, no response body)")))
                .startsWith("Slack can't be reached (HTTP 503)");
        assertThat(SlackErrors.startupProblem(new IllegalArgumentException(
                "The token is invalid (error: status: 401, error: invalid_auth)")))
                .startsWith("Slack refused the bot token (invalid_auth)");
    }

    @Test
    void anotherSlackErrorIsNamedAsItIs() {
        assertThat(SlackErrors.startupProblem(new IllegalArgumentException(
                "The token is invalid (auth.test error: ratelimited)")))
                .startsWith("Slack did not accept the app (ratelimited): ");
    }

    @Test
    void doctorAndStartupShareOneClassification() {
        assertThat(SlackErrors.kind(SlackErrors.NETWORK_ERROR)).isEqualTo(SlackErrors.Kind.UNREACHABLE);
        assertThat(SlackErrors.kind("http_502")).isEqualTo(SlackErrors.Kind.UNREACHABLE);
        assertThat(SlackErrors.kind("token_revoked")).isEqualTo(SlackErrors.Kind.TOKEN_REFUSED);
        assertThat(SlackErrors.kind("channel_not_found")).isEqualTo(SlackErrors.Kind.OTHER);
    }

    @Test
    void retryWaitsArePrintedWithTheirFraction() {
        assertThat(SlackStartup.seconds(Duration.ofMillis(500))).isEqualTo("0.5 s");
        assertThat(SlackStartup.seconds(Duration.ofMillis(1250))).isEqualTo("1.25 s");
        assertThat(SlackStartup.seconds(Duration.ofSeconds(2))).isEqualTo("2 s");
        assertThat(SlackStartup.seconds(Duration.ofSeconds(30))).isEqualTo("30 s");
    }
}
