package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SLACK_APP_TOKEN}: optional; when set the app runs in Socket Mode and needs no signing secret. */
class SocketModeSettingsTest {

    private static final String APP = "xapp-1-A0000APP1-1-test-SECRET-app";
    private static final String SIGNING = "test-SECRET-signing-5f3a";

    private static Map<String, String> http() {
        Map<String, String> env = new HashMap<>();
        env.put(SlackSettings.SIGNING_SECRET, SIGNING);
        env.put(SlackSettings.BOT_TOKEN, "xoxb-test-bot");
        env.put(SlackSettings.ADMIN_TOKEN, "xoxp-test-admin");
        env.put(GuardSettings.AUDIT_CHANNEL, "C0123ABCD");
        return env;
    }

    private static Map<String, String> socketMode() {
        Map<String, String> env = http();
        env.remove(SlackSettings.SIGNING_SECRET);
        env.put(SlackSettings.APP_TOKEN, APP);
        return env;
    }

    @Test
    void withoutAnAppTokenTheAppServesHttpAndNeedsTheSigningSecret() {
        assertThat(Settings.from(http()).slack().appToken()).isEmpty();

        Map<String, String> env = http();
        env.remove(SlackSettings.SIGNING_SECRET);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Settings.from(env));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("Missing required environment variable: SLACK_SIGNING_SECRET");
    }

    @Test
    void anAppTokenMeansSocketModeWhichNeedsNoSigningSecret() {
        Settings s = Settings.from(socketMode());

        assertThat(s.slack().appToken()).hasValueSatisfying(token -> assertThat(token.reveal()).isEqualTo(APP));
        assertThat(s.slack().signingSecret()).isNull();
    }

    @Test
    void aSigningSecretGivenInSocketModeIsKept() {
        Map<String, String> env = socketMode();
        env.put(SlackSettings.SIGNING_SECRET, SIGNING);

        assertThat(Settings.from(env).slack().signingSecret().reveal()).isEqualTo(SIGNING);
    }

    @Test
    void anAppTokenThatIsNotXappIsNamedButNeverPrinted() {
        Map<String, String> env = http();
        env.put(SlackSettings.APP_TOKEN, "xoxb-test-SECRET-pasted-in-the-wrong-place");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Settings.from(env));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("SLACK_APP_TOKEN must be an app-level token (xapp-…)")
                .doesNotContain("pasted-in-the-wrong-place");
    }

    @Test
    void blankAppTokenCountsAsUnset() {
        Map<String, String> env = http();
        env.put(SlackSettings.APP_TOKEN, "  ");

        assertThat(Settings.from(env).slack().appToken()).isEmpty();
    }

    @Test
    void toStringKeepsTheAppTokenHidden() {
        Settings s = Settings.from(socketMode());

        assertThat(s.toString()).doesNotContain(APP);
        assertThat(s.slack().appToken()).hasValueSatisfying(token -> assertThat(token.reveal()).isEqualTo(APP));
    }
}
