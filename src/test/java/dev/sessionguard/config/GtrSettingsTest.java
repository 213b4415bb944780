package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Universal Logout's four variables: off unless the issuer is set, and then the audience is required. */
class GtrSettingsTest {

    private static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put(Settings.SIGNING_SECRET, "test-signing");
        env.put(Settings.BOT_TOKEN, "xoxb-test-bot");
        env.put(Settings.ADMIN_TOKEN, "xoxp-test-admin");
        env.put(Settings.AUDIT_CHANNEL, "C0123ABCD");
        return env;
    }

    private static Map<String, String> on() {
        Map<String, String> env = valid();
        env.put(Settings.GTR_ISSUER, "https://example.okta.com");
        env.put(Settings.GTR_AUDIENCE, "https://session-guard.example.com");
        return env;
    }

    private static ConfigException failure(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Settings.from(env));
        assertThat(e).as("Settings.from should have refused %s", env.keySet()).isNotNull();
        return e;
    }

    @Test
    void universalLogoutIsOffWithoutAnIssuer() {
        assertThat(Settings.from(valid()).gtr()).isEmpty();
    }

    @Test
    void anIssuerAndAudienceTurnItOnWithOktasJwksUrlAndSixtyAMinuteByDefault() {
        GtrSettings gtr = Settings.from(on()).gtr().orElseThrow();

        assertThat(gtr.issuer()).isEqualTo("https://example.okta.com");
        assertThat(gtr.audience()).isEqualTo("https://session-guard.example.com");
        assertThat(gtr.jwksUrl()).isEqualTo("https://example.okta.com/oauth2/v1/keys");
        assertThat(gtr.maxPerMinute()).isEqualTo(60);
    }

    @Test
    void theJwksUrlAndTheLimitCanBeSet() {
        Map<String, String> env = on();
        env.put(Settings.GTR_ISSUER, "https://example.okta.com/");
        env.put(Settings.GTR_JWKS_URL, "https://keys.example.com/jwks.json");
        env.put(Settings.GTR_MAX_PER_MINUTE, "5");

        GtrSettings gtr = Settings.from(env).gtr().orElseThrow();

        assertThat(gtr.issuer()).as("compared exactly with iss, so kept as given").isEqualTo("https://example.okta.com/");
        assertThat(gtr.jwksUrl()).isEqualTo("https://keys.example.com/jwks.json");
        assertThat(gtr.maxPerMinute()).isEqualTo(5);
        assertThat(GtrSettings.defaultJwksUrl("https://example.okta.com/")).isEqualTo("https://example.okta.com/oauth2/v1/keys");
    }

    @Test
    void anIssuerWithoutAnAudienceStopsStartupNamingTheAudience() {
        Map<String, String> env = on();
        env.remove(Settings.GTR_AUDIENCE);

        assertThat(failure(env)).hasMessageContaining(Settings.GTR_AUDIENCE).hasMessageContaining(Settings.GTR_ISSUER);
    }

    @Test
    void malformedValuesAreEachNamed() {
        Map<String, String> env = on();
        env.put(Settings.GTR_ISSUER, "example.okta.com");
        env.put(Settings.GTR_JWKS_URL, "ftp://keys");
        env.put(Settings.GTR_MAX_PER_MINUTE, "0");

        assertThat(failure(env)).hasMessageContaining(Settings.GTR_ISSUER + " must be")
                .hasMessageContaining(Settings.GTR_JWKS_URL + " must be")
                .hasMessageContaining(Settings.GTR_MAX_PER_MINUTE + " must be");
    }

    @Test
    void withPortKeepsUniversalLogout() {
        assertThat(Settings.from(on()).withPort(0).gtr()).isPresent();
    }
}
