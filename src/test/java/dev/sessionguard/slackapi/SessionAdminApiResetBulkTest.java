package dev.sessionguard.slackapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code admin.users.session.resetBulk} over real HTTP against the loopback fake. */
class SessionAdminApiResetBulkTest {

    private FakeSlack fake;
    private SessionAdminApi api;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        api = new SessionAdminApi(Slack.getInstance(fake.slackConfig()).methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                new SlackCalls(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void resetBulkSendsTheAdminTokenTheIdsCommaSeparatedAndTheScopeFlags() {
        SlackResult<?> result = api.resetBulk(List.of("W0000000001", "W0000000002", "W0000000003"), true, false);

        assertThat(result.ok()).isTrue();
        RecordedCall call = fake.calls("admin.users.session.resetBulk").get(0);
        assertThat(call.token()).isEqualTo(TestApp.ADMIN_TOKEN);
        assertThat(call.param("user_ids")).isEqualTo("W0000000001,W0000000002,W0000000003");
        assertThat(call.param("web_only")).isEqualTo("1"); // the SDK sends booleans as 0/1, both always
        assertThat(call.param("mobile_only")).isEqualTo("0");
    }

    @Test
    void allSessionsSendsBothFlagsFalse() {
        api.resetBulk(List.of("W0000000001"), false, false);

        RecordedCall call = fake.calls("admin.users.session.resetBulk").get(0);
        assertThat(call.param("web_only")).isEqualTo("0");
        assertThat(call.param("mobile_only")).isEqualTo("0");
    }

    @Test
    void failedForSomeUsersComesBackAsTheErrorCode() {
        fake.respond("admin.users.session.resetBulk", c -> FakeResponse.error("failed_for_some_users"));

        SlackResult<?> result = api.resetBulk(List.of("W0000000001", "W0000000002"), false, true);

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("failed_for_some_users");
        assertThat(fake.calls("admin.users.session.resetBulk").get(0).param("mobile_only")).isEqualTo("1");
    }
}
