package dev.sessionguard.reset;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.BOT;
import static dev.sessionguard.support.Org.GONE;
import static dev.sessionguard.support.Org.MEMBER;
import static dev.sessionguard.support.Org.OUTSIDER;
import static dev.sessionguard.support.Org.OWNER;
import static dev.sessionguard.support.Org.PRIMARY;
import static dev.sessionguard.support.Org.WS_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reset flow end to end: signed HTTP in, the real app, a fake Slack Web API out. */
class ResetEndToEndTest extends EndToEnd {

    // ------------------------------------------------------------------ opening the form

    @Test
    void commandAloneOpensACheckingModalThenTheForm() {
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, ""));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).isEmpty();
        RecordedCall open = slack.awaitCall("views.open", WAIT);
        assertThat(open.token()).isEqualTo(TestApp.BOT_TOKEN);
        assertThat(open.param("view")).contains("Checking");
        JsonObject form = awaitForm();
        assertThat(inputOfType(form, "multi_users_select").getAsJsonObject("label").get("text").getAsString())
                .contains("Users");
        assertThat(inputOfType(form, "plain_text_input").getAsJsonObject("label").get("text").getAsString())
                .isEqualTo("Reason");
        assertThat(optionTexts(inputOfType(form, "radio_buttons")))
                .containsExactly("All sessions", "Web only", "Mobile only");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void mentionsPrefillUsersScopeAndReason() {
        app.slack().slashCommand(SlackRequests.command(ADMIN,
                "<@" + ALICE + "|alice> <@" + BOB + "|bob> mobile phone left in a taxi"));

        JsonObject form = awaitForm();
        JsonObject users = inputOfType(form, "multi_users_select").getAsJsonObject("element");
        assertThat(users.getAsJsonArray("initial_users").toString()).isEqualTo("[\"" + ALICE + "\",\"" + BOB + "\"]");
        JsonObject scope = inputOfType(form, "radio_buttons").getAsJsonObject("element");
        assertThat(scope.getAsJsonObject("initial_option").get("value").getAsString()).isEqualTo("mobile");
        JsonObject reason = inputOfType(form, "plain_text_input").getAsJsonObject("element");
        assertThat(reason.get("initial_value").getAsString()).isEqualTo("phone left in a taxi");
    }

    @Test
    void formIsShownByExternalIdWhenSlackReturnsNoViewId() {
        slack.respond("views.open", c -> FakeResponse.ok());

        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));

        String externalId = slack.awaitCall("views.open", WAIT).jsonParam("view").get("external_id").getAsString();
        RecordedCall update = slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);
        assertThat(update.param("external_id")).isEqualTo(externalId).startsWith("session-reset-");
    }

    @Test
    void messageShortcutPrefillsTheAuthor() {
        app.slack().interactivity(SlackRequests.messageShortcut(ADMIN, ResetListeners.MESSAGE_SHORTCUT, ALICE, "hi"));

        JsonObject users = inputOfType(awaitForm(), "multi_users_select").getAsJsonObject("element");
        assertThat(users.getAsJsonArray("initial_users").toString()).isEqualTo("[\"" + ALICE + "\"]");
    }

    @Test
    void globalShortcutOpensTheEmptyForm() {
        HttpResponse<String> ack = app.slack().interactivity(
                SlackRequests.globalShortcut(OWNER, ResetListeners.GLOBAL_SHORTCUT));

        assertThat(ack.statusCode()).isEqualTo(200);
        JsonObject users = inputOfType(awaitForm(), "multi_users_select").getAsJsonObject("element");
        assertThat(users.has("initial_users")).isFalse();
    }

    @Test
    void helpIsAnsweredPrivatelyAndOpensNothing() {
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(MEMBER, "help"));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("/session-reset @alice @bob [web|mobile] [reason…]");
        assertThat(ack.body()).doesNotContain("in_channel");
        assertThat(slack.calls("views.open")).isEmpty();
    }

    @Test
    void unparseableTextGetsAPrivateErrorWithUsageAndOpensNothing() {
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, "alice please"));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("@mentions").contains("/session-reset help");
        assertThat(slack.calls("views.open")).isEmpty();
    }

    @Test
    void nonAdminIsRefusedWhenOpeningAndTheRefusalIsAudited() {
        app.slack().slashCommand(SlackRequests.command(MEMBER, "<@" + ALICE + "|alice>"));

        RecordedCall refusal = slack.awaitCall("views.update", c -> c.param("view").contains("Only Org Owners"), WAIT);
        assertThat(refusal.param("view")).doesNotContain("multi_users_select");
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + MEMBER + ">").contains("Refused");
        assertThat(blocks(audit)).contains("not_org_admin");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void workspaceOnlyAdminIsRefusedWhenOpening() {
        app.slack().interactivity(SlackRequests.globalShortcut(WS_ADMIN, ResetListeners.GLOBAL_SHORTCUT));

        slack.awaitCall("views.update", c -> c.param("view").contains("Workspace admins"), WAIT);
        assertThat(awaitAudit().param("text")).contains("<@" + WS_ADMIN + ">").contains("Refused");
    }

    @Test
    void adminOfAnotherOrgIsRefused() {
        app.slack().slashCommand(SlackRequests.command(OUTSIDER, ""));

        slack.awaitCall("views.update", c -> c.param("view").contains("another org"), WAIT);
        assertThat(blocks(awaitAudit())).contains("other_org");
    }

    // ------------------------------------------------------------------ submitting

    @ParameterizedTest
    @CsvSource({"all, 0, 0, All sessions", "web, 1, 0, Web only", "mobile, 0, 1, Mobile only"})
    void adminSubmissionResetsEachPersonWithTheAdminTokenAndAudits(String scope, String web, String mobile,
            String label) {
        HttpResponse<String> ack = submit(ADMIN, List.of(ALICE, BOB), scope, "Laptop stolen, INC-42");

        assertThat(JsonParser.parseString(ack.body()).getAsJsonObject().get("response_action").getAsString())
                .isEqualTo("update");
        List<RecordedCall> resets = slack.awaitCalls("admin.users.session.reset", 2, WAIT);
        assertThat(resets).extracting(c -> c.param("user_id")).containsExactly(ALICE, BOB);
        assertThat(resets).allSatisfy(c -> {
            assertThat(c.token()).isEqualTo(TestApp.ADMIN_TOKEN);
            assertThat(flag(c.param("web_only"))).isEqualTo(web);
            assertThat(flag(c.param("mobile_only"))).isEqualTo(mobile);
        });
        RecordedCall audit = awaitAudit();
        assertThat(audit.token()).isEqualTo(TestApp.BOT_TOKEN);
        assertThat(audit.param("text")).contains("<@" + ADMIN + ">").contains("Succeeded").contains("2 of 2")
                .contains("Laptop stolen, INC-42");
        assertThat(blocks(audit)).contains("<@" + ALICE + ">").contains("<@" + BOB + ">").contains(label);
        RecordedCall result = slack.awaitCall("views.update", c -> c.param("view").contains("signed out"), WAIT);
        assertThat(result.param("view_id")).isEqualTo("V0000FORM");
        assertThat(result.param("view")).contains("2 signed out").contains(label);
    }

    @Test
    void nonAdminSubmissionIsRefusedAndAuditedEvenWithAValidModal() {
        submit(MEMBER, List.of(ALICE), "all", "trying my luck");

        slack.awaitCall("views.update", c -> c.param("view").contains("Only Org Owners"), WAIT);
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + MEMBER + ">").contains("Refused");
        assertThat(blocks(audit)).contains("at submission").contains("<@" + ALICE + ">");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void workspaceOnlyAdminSubmissionIsRefused() {
        submit(WS_ADMIN, List.of(ALICE), "web", "reason");

        assertThat(blocks(awaitAudit())).contains("not_org_admin");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void primaryOwnerBotsAndDeactivatedPeopleAreNotAttemptedAndExplained() {
        submit(ADMIN, List.of(ALICE, PRIMARY, BOT, GONE), "all", "offboarding sweep");

        RecordedCall result = slack.awaitCall("views.update", c -> c.param("view").contains("signed out"), WAIT);
        assertThat(result.param("view")).contains("1 signed out").contains("3 not attempted")
                .contains("Primary Owner").contains("bot or app").contains("deactivated");
        assertThat(slack.calls("admin.users.session.reset")).extracting(c -> c.param("user_id"))
                .containsExactly(ALICE);
        assertThat(awaitAudit().param("text")).contains("Partly failed").contains("1 of 4");
    }

    @Test
    void rateLimitIsWaitedOutAndRetried() {
        slack.respondInSequence("admin.users.session.reset", FakeResponse.ratelimited(1), FakeResponse.ok());

        submit(ADMIN, List.of(ALICE), "all", "rate limited");

        List<RecordedCall> resets = slack.awaitCalls("admin.users.session.reset", 2, WAIT);
        assertThat(Duration.between(resets.get(0).at(), resets.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(awaitAudit().param("text")).contains("Succeeded");
    }

    @Test
    void slackFailureIsReportedInPlainWordsNeverAsSuccess() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.error("not_an_admin"));

        submit(ADMIN, List.of(ALICE), "all", "token owner demoted");

        RecordedCall result = slack.awaitCall("views.update", c -> c.param("view").contains("failed"), WAIT);
        assertThat(result.param("view")).contains("0 signed out").contains("not_an_admin")
                .contains("Reinstall the app org-wide");
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("Failed").doesNotContain("Succeeded");
        assertThat(blocks(audit)).contains("not_an_admin");
    }

    @Test
    void badInputComesBackAsErrorsOnTheRightBlocks() {
        JsonObject none = ackBody(submit(ADMIN, List.of(), "all", "reason"));
        JsonObject blank = ackBody(submit(ADMIN, List.of(ALICE), "all", "   "));

        assertThat(none.get("response_action").getAsString()).isEqualTo("errors");
        assertThat(none.getAsJsonObject("errors").has(ResetModal.USERS_BLOCK)).isTrue();
        assertThat(blank.getAsJsonObject("errors").has(ResetModal.REASON_BLOCK)).isTrue();
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void typedReasonCannotPingMentionOrLinkInTheAuditChannel() {
        submit(ADMIN, List.of(ALICE), "all", "<!channel> ask <@W0000BOSS> see <https://evil.example|here> & more");

        RecordedCall audit = awaitAudit();
        String everything = audit.param("text") + blocks(audit);
        assertThat(everything).doesNotContain("<!channel>").doesNotContain("<@W0000BOSS>")
                .doesNotContain("<https://evil.example").contains("&lt;!channel&gt;").contains("&amp; more");
    }

    @Test
    void typedReasonReachesTheAuditChannelWithoutControlOrBidiCharactersButWithItsEmoji() {
        submit(ADMIN, List.of(ALICE), "all", "\u202Egpj.exe\u202C stolen \u2066<b>\u2069 & co\u001b[2J\u0007\r\n"
                + "line two\rline three 👩‍💻");

        RecordedCall audit = awaitAudit();
        String cleaned = "gpj.exe stolen &lt;b&gt; &amp; co[2J\nline two\nline three 👩‍💻";
        assertThat(audit.param("text")).contains("Reason: " + cleaned);
        assertThat(BlockKitJson.strings(audit.jsonArrayParam("blocks"))).contains("*Reason:* " + cleaned);
        RecordedCall result = slack.awaitCall("views.update", c -> c.param("view").contains("signed out"), WAIT);
        for (String shown : List.of(audit.param("text"), String.join("\n", BlockKitJson.strings(audit.jsonArrayParam("blocks"))),
                texts(result))) {
            assertThat(shown).doesNotContain("\u202E", "\u202C", "\u2066", "\u2069", "\u001b", "\u0007", "\r");
        }
    }

    @Test
    void reasonTypedAfterTheCommandFillsTheFormWithoutControlOrBidiCharacters() {
        app.slack().slashCommand(SlackRequests.command(ADMIN,
                "<@" + ALICE + "|alice> \u202Ephone\u2069 lost\u001b\u0007\r\nin Paris 🇫🇷"));

        JsonObject reason = inputOfType(awaitForm(), "plain_text_input").getAsJsonObject("element");
        assertThat(reason.get("initial_value").getAsString()).isEqualTo("phone lost\nin Paris 🇫🇷");
    }

    @Test
    void auditPostFailureStillShowsTheAdminTheResult() {
        slack.respond("chat.postMessage", c -> FakeResponse.error("channel_not_found"));

        submit(ADMIN, List.of(ALICE), "all", "audit channel gone");

        slack.awaitCall("views.update", c -> c.param("view").contains("1 signed out"), WAIT);
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }

    @Test
    void resultGoesToADirectMessageWhenTheModalIsGone() {
        slack.respond("views.update", c -> FakeResponse.error("not_found"));

        submit(ADMIN, List.of(ALICE), "all", "closed the modal");

        RecordedCall dm = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT);
        assertThat(dm.param("text")).contains("1 signed out").contains("<@" + ALICE + ">");
    }

    // ------------------------------------------------------------------ signatures

    @Test
    void forgedSignatureIsRejectedAndCausesNothing() {
        HttpResponse<String> ack = app.slack().withSigningSecret("not-the-secret")
                .slashCommand(SlackRequests.command(ADMIN, "<@" + ALICE + ">"));
        HttpResponse<String> forgedSubmit = app.slack().withSigningSecret("not-the-secret")
                .interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "forged"));

        assertThat(ack.statusCode()).isEqualTo(401);
        assertThat(forgedSubmit.statusCode()).isEqualTo(401);
        assertThat(slack.calls("views.open")).isEmpty();
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void staleRequestIsRejectedAndCausesNothing() {
        long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();

        HttpResponse<String> ack = app.slack().withTimestamp(tenMinutesAgo)
                .interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "replayed"));

        assertThat(ack.statusCode()).isEqualTo(401);
        assertThat(adminCalls()).isEmpty();
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> submit(String userId, List<String> users, String scope, String reason) {
        return app.slack().interactivity(ResetPayloads.submission(userId, users, scope, reason));
    }

    /** The blocks as Slack reads them: the SDK's Gson writes {@code <} as {@code \\u003c}. */
    private static String blocks(RecordedCall call) {
        return call.jsonArrayParam("blocks").toString();
    }

    private static JsonObject ackBody(HttpResponse<String> ack) {
        return JsonParser.parseString(ack.body()).getAsJsonObject();
    }

    private JsonObject awaitForm() {
        return slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT)
                .jsonParam("view");
    }

    private static JsonObject inputOfType(JsonObject view, String elementType) {
        for (var b : view.getAsJsonArray("blocks")) {
            JsonObject block = b.getAsJsonObject();
            if ("input".equals(block.get("type").getAsString())
                    && elementType.equals(block.getAsJsonObject("element").get("type").getAsString())) {
                return block;
            }
        }
        throw new AssertionError("no input block with a " + elementType + " in " + view);
    }

    private static List<String> optionTexts(JsonObject input) {
        List<String> texts = new java.util.ArrayList<>();
        input.getAsJsonObject("element").getAsJsonArray("options")
                .forEach(o -> texts.add(o.getAsJsonObject().getAsJsonObject("text").get("text").getAsString()));
        return texts;
    }
}
