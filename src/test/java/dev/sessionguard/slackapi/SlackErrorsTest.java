package dev.sessionguard.slackapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackErrorsTest {

    /** Every code SLACK-FACTS.md lists for the session methods and for all methods. */
    static List<String> documentedCodes() {
        return List.of(
                "cannot_reset_primary_owner", "cannot_reset_bot", "user_not_found", "user_session_reset_failed",
                "not_an_admin", "missing_scope", "not_allowed_token_type", "invalid_auth", "not_authed",
                "token_revoked", "token_expired", "feature_not_enabled", "ratelimited", "internal_error",
                "fatal_error", "service_unavailable", "request_timeout", "org_login_required", "team_added_to_org",
                "ekm_access_denied", "two_factor_setup_required", "accesslimited", "invalid_arguments");
    }

    private static String fallbackFor(String code) {
        return "Slack refused this (" + code + "). Check the app's installation and try again.";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedCodes")
    void documentedCodeHasItsOwnSentence(String code) {
        String text = SlackErrors.describe(code);

        assertThat(text)
                .isNotEqualTo(fallbackFor(code))
                .doesNotStartWith("Slack refused this (")
                .isNotEqualToIgnoringCase(code)
                .doesNotContain(code)
                .endsWith(".");
        assertThat(text.split(" ")).hasSizeGreaterThan(4);
    }

    @Test
    void documentedCodesEachReadDifferently() {
        List<String> texts = documentedCodes().stream().map(SlackErrors::describe).toList();

        assertThat(texts).doesNotHaveDuplicates();
    }

    @Test
    void tokenProblemsSayWhichTokenAndWhatToDo() {
        assertThat(SlackErrors.describe("not_an_admin")).contains("Org Owner or Org Admin", "SLACK_ADMIN_TOKEN");
        assertThat(SlackErrors.describe("not_allowed_token_type")).contains("xoxp-", "not a bot token");
        assertThat(SlackErrors.describe("missing_scope")).contains("admin.users:read", "admin.users:write", "reinstall");
        assertThat(SlackErrors.describe("feature_not_enabled")).contains("Enterprise Grid");
        assertThat(SlackErrors.describe("cannot_reset_primary_owner")).contains("Primary Owner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
    void transientErrorsWarnThatPartOfTheWorkMayBeDone(String code) {
        assertThat(SlackErrors.describe(code)).contains("part of the work may already be done");
    }

    @Test
    void rateLimitSaysNothingWasDone() {
        assertThat(SlackErrors.describe("ratelimited")).contains("did not do this one");
    }

    @Test
    void unknownCodeFallsBackToASentenceNamingTheCode() {
        assertThat(SlackErrors.describe("brand_new_error")).isEqualTo(fallbackFor("brand_new_error"));
    }

    @Test
    void httpServerErrorsGetTheServerErrorSentence() {
        assertThat(SlackErrors.describe("http_503"))
                .isEqualTo("Slack answered with a server error; part of the work may already be done. Check and try again.");
        assertThat(SlackErrors.describe("http_404")).isEqualTo(fallbackFor("http_404"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "http_503",
            "http_500", "network_error"})
    void serverSideTroubleIsTransient(String code) {
        assertThat(SlackErrors.isTransient(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_not_found", "ratelimited", "invalid_auth", "not_an_admin", "http_404", "http_429"})
    void definiteAnswersAreNotTransient(String code) {
        assertThat(SlackErrors.isTransient(code)).isFalse();
    }
}
