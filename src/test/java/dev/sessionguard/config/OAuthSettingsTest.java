package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Settings} in OAuth mode: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET instead of the two tokens. */
class OAuthSettingsTest {

    private static final String SIGNING = "test-SECRET-signing-5f3a";
    private static final String CLIENT_SECRET = "test-SECRET-client-77aa";
    private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJEjQ=";
    private static final List<String> SECRETS = List.of(SIGNING, CLIENT_SECRET, KEY);

    private static Map<String, String> oauth() {
        Map<String, String> env = new HashMap<>();
        env.put(SlackSettings.SIGNING_SECRET, SIGNING);
        env.put(OAuthSettings.CLIENT_ID, "1111111111.2222222222");
        env.put(OAuthSettings.CLIENT_SECRET, CLIENT_SECRET);
        env.put(OAuthSettings.ENCRYPTION_KEY, KEY);
        env.put(GuardSettings.AUDIT_CHANNEL, "C0123ABCD");
        return env;
    }

    private static Map<String, String> oauthWith(String name, String value) {
        Map<String, String> env = oauth();
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return env;
    }

    private static String failure(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Settings.from(env));
        assertThat(e).as("Settings.from should have refused %s", env.keySet()).isNotNull();
        SECRETS.forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

    @Test
    void clientIdAndSecretSelectOAuthModeWhichNeedsNeitherToken() {
        Settings s = Settings.from(oauth());

        assertThat(s.oauth()).isPresent();
        OAuthSettings o = s.oauth().get();
        assertThat(o.clientId()).isEqualTo("1111111111.2222222222");
        assertThat(o.clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
        assertThat(o.encryptionKey().reveal()).isEqualTo(KEY);
        assertThat(o.redirectUri()).isEmpty();
        assertThat(s.slack().botToken()).isNull();
        assertThat(s.slack().adminToken()).isNull();
    }

    @Test
    void withoutTheClientVariablesItIsTokenMode() {
        Map<String, String> env = oauthWith(OAuthSettings.CLIENT_ID, null);
        env.remove(OAuthSettings.CLIENT_SECRET);
        env.put(SlackSettings.BOT_TOKEN, "xoxb-test");
        env.put(SlackSettings.ADMIN_TOKEN, "xoxp-test");

        assertThat(Settings.from(env).oauth()).isEmpty();
    }

    @Test
    void tokensLeftInTheEnvironmentAreIgnoredInOAuthMode() {
        Map<String, String> env = oauth();
        env.put(SlackSettings.BOT_TOKEN, "xoxp-in-the-wrong-place");
        env.put(SlackSettings.ADMIN_TOKEN, "not-even-a-token");

        Settings s = Settings.from(env);

        assertThat(s.slack().botToken()).isNull();
        assertThat(s.slack().adminToken()).isNull();
    }

    @Test
    void aMissingKeyStopsStartupSayingOAuthModeNeedsItAndHowToMakeOne() {
        String message = failure(oauthWith(OAuthSettings.ENCRYPTION_KEY, null));

        assertThat(message).startsWith("Session Guard cannot start. ")
                .contains("OAuth mode", "needs SESSION_GUARD_ENCRYPTION_KEY", "openssl rand -base64 32")
                .doesNotContain("SLACK_BOT_TOKEN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"too-short", "c2hvcnQ=", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJEjQ=AAAA", "!!!not base64!!!"})
    void aKeyThatIsNot32BytesOfBase64IsRefusedWithoutEchoingIt(String key) {
        String message = failure(oauthWith(OAuthSettings.ENCRYPTION_KEY, key));

        assertThat(message).contains("SESSION_GUARD_ENCRYPTION_KEY must be 32 random bytes in base64")
                .doesNotContain(key);
    }

    @Test
    void theClientIdAndSecretGoTogether() {
        assertThat(failure(oauthWith(OAuthSettings.CLIENT_SECRET, null)))
                .contains("Missing required environment variable: SLACK_CLIENT_SECRET")
                .doesNotContain("SLACK_BOT_TOKEN");
        assertThat(failure(oauthWith(OAuthSettings.CLIENT_ID, null)))
                .contains("Missing required environment variable: SLACK_CLIENT_ID")
                .contains("OAuth mode needs both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, and only SLACK_CLIENT_SECRET is set");
        assertThat(failure(oauthWith(OAuthSettings.CLIENT_SECRET, null)))
                .contains("and only SLACK_CLIENT_ID is set: set the other too, or unset SLACK_CLIENT_ID to run in token mode");
    }

    @Test
    void aClientIdThatIsNotOneIsNamed() {
        assertThat(failure(oauthWith(OAuthSettings.CLIENT_ID, "A0123APPID")))
                .contains("SLACK_CLIENT_ID must be the app's Client ID");
    }

    @Test
    void theRedirectUriMustBeTheOAuthRedirectPage() {
        Settings s = Settings.from(oauthWith(OAuthSettings.REDIRECT_URI, "https://sg.example.com/slack/oauth_redirect"));
        assertThat(s.oauth().orElseThrow().redirectUri()).isEqualTo(Optional.of("https://sg.example.com/slack/oauth_redirect"));

        assertThat(failure(oauthWith(OAuthSettings.REDIRECT_URI, "https://sg.example.com/slack/install")))
                .contains("SLACK_REDIRECT_URI must be the public URL of /slack/oauth_redirect");
        assertThat(failure(oauthWith(OAuthSettings.REDIRECT_URI, "sg.example.com/slack/oauth_redirect")))
                .contains("SLACK_REDIRECT_URI must be");
    }

    @Test
    void toStringRedactsTheClientSecretAndTheKey() {
        String text = Settings.from(oauth()).toString();

        SECRETS.forEach(secret -> assertThat(text).doesNotContain(secret));
        assertThat(text).contains("1111111111.2222222222");
    }

}
