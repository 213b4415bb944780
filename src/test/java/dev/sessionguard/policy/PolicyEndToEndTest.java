package dev.sessionguard.policy;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.console.ConsoleModal;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.PolicyPayloads;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session policy end to end: read, set and clear through signed HTTP against the fake Slack. */
class PolicyEndToEndTest extends EndToEnd {

    static final String THIRTY_DAYS = Integer.toString(30 * 86_400);
    /** SESSION_GUARD_MAX_USERS's default: the test environment does not set it. */
    static final int MAX_USERS = 50;

    @BeforeEach
    void aliceHasAPolicyOfHerOwn() {
        // Alice has a policy of her own (8 h, sign out on close); Bob follows the org default.
        slack.respond("admin.users.session.getSettings", c -> {
            JsonObject json = new JsonObject();
            JsonArray settings = new JsonArray();
            JsonArray none = new JsonArray();
            for (String id : c.param("user_ids").split(",")) {
                if (id.equals(ALICE)) {
                    JsonObject s = new JsonObject();
                    s.addProperty("user_id", ALICE);
                    s.addProperty("desktop_app_browser_quit", true);
                    s.addProperty("duration", 28_800);
                    settings.add(s);
                } else {
                    none.add(id);
                }
            }
            json.add("session_settings", settings);
            json.add("no_settings_applied", none);
            return FakeResponse.ok(json);
        });
    }

    @Test
    void policyCommandOpensTheFormForSeveralPeopleShowingTheirCurrentPolicy() {
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN,
                "policy <@" + ALICE + "|alice> <@" + BOB + "|bob>"));

        assertThat(ack.body()).isEmpty();
        RecordedCall get = slack.awaitCall("admin.users.session.getSettings", WAIT);
        assertThat(get.token()).isEqualTo(TestApp.ADMIN_TOKEN);
        assertThat(get.param("user_ids")).isEqualTo(ALICE + "," + BOB);
        RecordedCall form = awaitForm();
        assertThat(texts(form)).contains("<@" + ALICE + "> — session duration 8 h; sign out when the app or browser closes: on")
                .contains("<@" + BOB + "> — no policy of their own: the org's default applies");
        JsonObject users = input(form.jsonParam("view"), PolicyModal.USERS_BLOCK).getAsJsonObject("element");
        assertThat(users.getAsJsonArray("initial_users").toString()).isEqualTo("[\"" + ALICE + "\",\"" + BOB + "\"]");
        assertThat(adminCalls()).extracting(RecordedCall::method).containsOnly("admin.users.session.getSettings");
    }

    @Test
    void settingSendsDurationAndCloseOnQuitAndAuditsOldAndNewValues() {
        HttpResponse<String> ack = app.slack().interactivity(
                PolicyPayloads.submission(ADMIN, List.of(ALICE), "set", THIRTY_DAYS, null, false));

        assertThat(JsonParser.parseString(ack.body()).getAsJsonObject().get("response_action").getAsString())
                .isEqualTo("update");
        RecordedCall set = slack.awaitCall("admin.users.session.setSettings", WAIT);
        assertThat(set.token()).isEqualTo(TestApp.ADMIN_TOKEN);
        assertThat(set.param("user_ids")).isEqualTo(ALICE);
        assertThat(set.param("duration")).isEqualTo(THIRTY_DAYS);
        assertThat(flag(set.param("desktop_app_browser_quit"))).isEqualTo("0");
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + ADMIN + ">").contains("session policy set").contains("Succeeded");
        assertThat(blocks(audit)).contains("duration 8 h → 30 d; close-on-quit on → off").contains("<@" + ALICE + ">");
        RecordedCall result = slack.awaitCall("views.update", c -> texts(c).contains("Policy set for 1 of 1"), WAIT);
        assertThat(result.param("view_id")).isEqualTo("V0000POLICY");
    }

    @Test
    void clearingCallsClearSettingsAndAuditsWhatWasThere() {
        app.slack().interactivity(PolicyPayloads.submission(ADMIN, List.of(ALICE, BOB), "clear", null, null, false));

        RecordedCall clear = slack.awaitCall("admin.users.session.clearSettings", WAIT);
        assertThat(clear.param("user_ids")).isEqualTo(ALICE + "," + BOB);
        assertThat(slack.calls("admin.users.session.setSettings")).isEmpty();
        String audit = blocks(awaitAudit());
        assertThat(audit).contains("Session policy cleared")
                .contains("duration 8 h → org default; close-on-quit on → org default")
                .contains("duration org default → org default");
    }

    @Test
    void resultGoesToADirectMessageWhenTheModalIsGone() {
        slack.respond("views.update", c -> FakeResponse.error("not_found"));

        app.slack().interactivity(PolicyPayloads.submission(ADMIN, List.of(ALICE), "set", THIRTY_DAYS, null, false));

        RecordedCall dm = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT);
        assertThat(dm.param("text")).contains("Session policy set").contains("<@" + ALICE + ">");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "0", "87659", "100000000", "12.5", "-8", "ten"})
    void customHoursOutsideSlacksBoundsAreRejectedInTheModalBeforeAnyCall(String hours) {
        HttpResponse<String> ack = app.slack().interactivity(
                PolicyPayloads.submission(ADMIN, List.of(ALICE), "set", PolicyModal.CUSTOM, hours, true));

        JsonObject body = JsonParser.parseString(ack.body()).getAsJsonObject();
        assertThat(body.get("response_action").getAsString()).isEqualTo("errors");
        assertThat(body.getAsJsonObject("errors").get(PolicyModal.HOURS_BLOCK).getAsString()).contains("8 to 87,658 hours");
        assertThat(adminCalls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "87658"})
    void customHoursAtTheBoundsAreSent(String hours) {
        app.slack().interactivity(PolicyPayloads.submission(ADMIN, List.of(ALICE), "set", PolicyModal.CUSTOM, hours, true));

        RecordedCall set = slack.awaitCall("admin.users.session.setSettings", WAIT);
        assertThat(Long.parseLong(set.param("duration"))).isEqualTo(Long.parseLong(hours) * 3600)
                .isBetween(28_800L, 315_569_520L);
        assertThat(flag(set.param("desktop_app_browser_quit"))).isEqualTo("1");
    }

    @Test
    void moreThanMaxUsersPeopleInThePolicyFormIsAnErrorOnTheUsersBlockAndNothingIsSent() {
        List<String> people = people(MAX_USERS + 1);

        HttpResponse<String> ack = app.slack().interactivity(
                PolicyPayloads.submission(ADMIN, people, "set", THIRTY_DAYS, null, false));

        JsonObject body = JsonParser.parseString(ack.body()).getAsJsonObject();
        assertThat(body.get("response_action").getAsString()).isEqualTo("errors");
        assertThat(body.getAsJsonObject("errors").get(PolicyModal.USERS_BLOCK).getAsString())
                .isEqualTo("Choose at most " + MAX_USERS + " people at a time; you chose " + (MAX_USERS + 1) + ".");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void maxUsersPeopleInThePolicyFormAreChangedInOneCall() {
        app.slack().interactivity(PolicyPayloads.submission(ADMIN, people(MAX_USERS), "clear", null, null, false));

        RecordedCall clear = slack.awaitCall("admin.users.session.clearSettings", WAIT);
        assertThat(clear.param("user_ids").split(",")).hasSize(MAX_USERS);
        assertThat(awaitAudit().param("text")).contains(MAX_USERS + " of " + MAX_USERS);
    }

    @Test
    void policyCommandForMoreThanMaxUsersPeopleSaysSoInTheFormAndReadsNothing() {
        String mentions = String.join(" ", people(MAX_USERS + 1).stream().map(id -> "<@" + id + ">").toList());

        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, "policy " + mentions));

        assertThat(ack.statusCode()).isEqualTo(200);
        RecordedCall form = awaitForm();
        assertThat(texts(form)).contains("Choose at most " + MAX_USERS + " people at a time; you chose " + (MAX_USERS + 1) + ".");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void nonAdminSubmissionIsRefusedAndAudited() {
        app.slack().interactivity(PolicyPayloads.submission(MEMBER, List.of(ALICE), "set", THIRTY_DAYS, null, false));

        slack.awaitCall("views.update", c -> texts(c).contains("Only Org Owners"), WAIT);
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + MEMBER + ">").contains("session policy change refused");
        assertThat(blocks(audit)).contains("not_org_admin");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void nonAdminOpeningThePolicyFormIsRefusedAndAudited() {
        app.slack().slashCommand(SlackRequests.command(MEMBER, "policy <@" + ALICE + ">"));

        slack.awaitCall("views.update", c -> texts(c).contains("Only Org Owners"), WAIT);
        assertThat(awaitAudit().param("text")).contains("session policy form refused");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void consoleShowsThePolicyAndItsButtonOpensTheFormForThatPerson() {
        app.slack().slashCommand(SlackRequests.command(ADMIN, "sessions <@" + ALICE + ">"));
        RecordedCall console = awaitModal(ConsoleModal.CALLBACK_ID);
        assertThat(texts(console)).contains("*Session policy:* session duration 8 h");

        app.slack().interactivity(Press.button(ADMIN, console, ConsoleModal.POLICY_ACTION));

        slack.awaitCall("views.push", WAIT);
        JsonObject form = awaitForm().jsonParam("view");
        assertThat(input(form, PolicyModal.USERS_BLOCK).getAsJsonObject("element").getAsJsonArray("initial_users")
                .toString()).isEqualTo("[\"" + ALICE + "\"]");
        // One person with a policy of their own: the form starts from it.
        assertThat(input(form, PolicyModal.DURATION_BLOCK).getAsJsonObject("element").getAsJsonObject("initial_option")
                .get("value").getAsString()).isEqualTo("28800");
        assertThat(input(form, PolicyModal.QUIT_BLOCK).getAsJsonObject("element").has("initial_options")).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> people(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("W%07d", i)).toList();
    }

    private RecordedCall awaitForm() {
        return awaitModal(PolicyModal.CALLBACK_ID);
    }

    private static String blocks(RecordedCall call) {
        return String.join("\n", BlockKitJson.strings(call.jsonArrayParam("blocks")));
    }

    private static JsonObject input(JsonObject view, String blockId) {
        for (var b : view.getAsJsonArray("blocks")) {
            JsonObject block = b.getAsJsonObject();
            if (block.has("block_id") && blockId.equals(block.get("block_id").getAsString())) {
                return block;
            }
        }
        throw new AssertionError("no block " + blockId + " in " + view);
    }
}
