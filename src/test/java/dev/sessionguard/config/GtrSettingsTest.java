package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Universal Logout's four variables: off unless the issuer is set, and then the audience is required. */
class GtrSettingsTest {

    private static Map<String, String> on() {
        Map<String, String> env = SettingsTest.valid();
        env.put(GtrSettings.GTR_ISSUER, "https://example.okta.com");
        env.put(GtrSettings.GTR_AUDIENCE, "https://session-guard.example.com");
        return env;
    }

    @Test
    void universalLogoutIsOffWithoutAnIssuer() {
        assertThat(Settings.from(SettingsTest.valid()).gtr()).isEmpty();
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
        env.put(GtrSettings.GTR_ISSUER, "https://example.okta.com/");
        env.put(GtrSettings.GTR_JWKS_URL, "https://keys.example.com/jwks.json");
        env.put(GtrSettings.GTR_MAX_PER_MINUTE, "5");

        GtrSettings gtr = Settings.from(env).gtr().orElseThrow();

        assertThat(gtr.issuer()).as("compared exactly with iss, so kept as given").isEqualTo("https://example.okta.com/");
        assertThat(gtr.jwksUrl()).isEqualTo("https://keys.example.com/jwks.json");
        assertThat(gtr.maxPerMinute()).isEqualTo(5);
        assertThat(GtrSettings.defaultJwksUrl("https://example.okta.com/")).isEqualTo("https://example.okta.com/oauth2/v1/keys");
    }

    @Test
    void anIssuerWithoutAnAudienceStopsStartupNamingTheAudience() {
        Map<String, String> env = on();
        env.remove(GtrSettings.GTR_AUDIENCE);

        assertThat(SettingsTest.failure(env)).hasMessageContaining(GtrSettings.GTR_AUDIENCE).hasMessageContaining(GtrSettings.GTR_ISSUER);
    }

    @Test
    void malformedValuesAreEachNamed() {
        Map<String, String> env = on();
        env.put(GtrSettings.GTR_ISSUER, "example.okta.com");
        env.put(GtrSettings.GTR_JWKS_URL, "ftp://keys");
        env.put(GtrSettings.GTR_MAX_PER_MINUTE, "0");

        assertThat(SettingsTest.failure(env)).hasMessageContaining(GtrSettings.GTR_ISSUER + " must be")
                .hasMessageContaining(GtrSettings.GTR_JWKS_URL + " must be")
                .hasMessageContaining(GtrSettings.GTR_MAX_PER_MINUTE + " must be");
    }

}
