package dev.sessionguard.safety;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BREAK_GLASS;
import static dev.sessionguard.support.SessionListPages.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.console.ConsoleModal;
import dev.sessionguard.policy.PolicyModal;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.PolicyPayloads;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SessionListPages;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A break-glass account in SESSION_GUARD_PROTECTED_USERS: no path signs it out or changes its policy. */
class ProtectedUsersEndToEndTest extends EndToEnd {

    static final String ORG = FakeSlack.DEFAULT_ENTERPRISE_ID;
    static final String THIRTY_DAYS = Integer.toString(30 * 86_400);

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = TestApp.environment(slack);
        env.put(GuardSettings.PROTECTED_USERS, " W0000NOONE , " + BREAK_GLASS);
        return env;
    }

    @Test
    void aResetSignsOutTheOthersButNeverTheProtectedAccountAndTellsTheAdminWhy() {
        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE, BREAK_GLASS), "all", "incident"));

        RecordedCall result = slack.awaitCall("views.update", c -> texts(c).contains("signed out"), WAIT);
        assertThat(texts(result)).contains("1 signed out").contains("1 not attempted")
                .contains("<@" + BREAK_GLASS + "> — Not attempted: this account is protected (SESSION_GUARD_PROTECTED_USERS)");
        assertThat(slack.calls("admin.users.session.reset")).extracting(c -> c.param("user_id")).containsExactly(ALICE);
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("Partly failed").contains("1 of 2");
        assertThat(blocks(audit)).contains("<@" + BREAK_GLASS + "> — Not attempted: this account is protected")
                .contains("protected_user");
    }

    @Test
    void theConsoleNeverSignsOutASessionOfAProtectedAccountAndSaysSo() {
        slack.respond("admin.users.session.list", new SessionListPages().page(BREAK_GLASS, ORG, session(BREAK_GLASS, ORG, 42)));
        app.slack().slashCommand(SlackRequests.command(ADMIN, "sessions <@" + BREAK_GLASS + "|glass>"));
        RecordedCall shown = awaitModal(ConsoleModal.CALLBACK_ID);

        // The button the app itself rendered, so the session was listed to this admin.
        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + ADMIN + ">").contains("single-session sign-out")
                .contains("Refused");
        assertThat(blocks(audit)).contains("protected").contains("<@" + BREAK_GLASS + ">");
        RecordedCall told = awaitModal(ConsoleModal.CALLBACK_ID, c -> texts(c).contains("this account is protected"));
        assertThat(told.param("view_id")).isEqualTo(shown.param("view_id"));
        assertThat(texts(told)).contains("SESSION_GUARD_PROTECTED_USERS").contains("never signs it out");
        assertThat(slack.calls("admin.users.session.invalidate")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"set", "clear"})
    void aPolicyChangeGoesAheadForTheOthersButNeverTouchesTheProtectedAccount(String mode) {
        app.slack().interactivity(PolicyPayloads.submission(ADMIN, List.of(BREAK_GLASS, ALICE), mode,
                "set".equals(mode) ? THIRTY_DAYS : null, null, false));

        RecordedCall result = awaitModal(PolicyModal.CALLBACK_ID + "_status", c -> texts(c).contains(" for 1 of 2"));
        assertThat(texts(result)).contains("1 not changed")
                .contains("<@" + BREAK_GLASS + "> — Not changed: this account is protected (SESSION_GUARD_PROTECTED_USERS)");
        List<RecordedCall> changes = slack.calls("admin.users.session." + mode + "Settings");
        assertThat(changes).extracting(c -> c.param("user_ids")).containsExactly(ALICE);
        assertThat(adminCalls()).allSatisfy(c -> {
            if (!c.method().equals("admin.users.session.getSettings")) {
                assertThat(Arrays.asList(c.param("user_ids").split(","))).doesNotContain(BREAK_GLASS);
            }
        });
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("Partly failed").contains("1 of 2");
        assertThat(blocks(audit)).contains("<@" + BREAK_GLASS + "> — Not changed: this account is protected")
                .contains("protected_user");
    }

    @Test
    void aPolicyChangeForOnlyProtectedAccountsSendsNothingAndIsAudited() {
        app.slack().interactivity(PolicyPayloads.submission(ADMIN, List.of(BREAK_GLASS), "set", THIRTY_DAYS, null, false));

        RecordedCall result = awaitModal(PolicyModal.CALLBACK_ID + "_status", c -> texts(c).contains(" for 0 of 1"));
        assertThat(texts(result)).contains("this account is protected");
        assertThat(blocks(awaitAudit())).contains("protected_user");
        assertThat(slack.calls("admin.users.session.setSettings")).isEmpty();
    }

    private static String blocks(RecordedCall call) {
        return String.join("\n", BlockKitJson.strings(call.jsonArrayParam("blocks")));
    }
}
