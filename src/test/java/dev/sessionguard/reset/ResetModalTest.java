package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.model.view.View;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.support.StateValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ResetModalTest {

    private static final Prefill PREFILL =
            new Prefill(List.of("W0000001", "W0000002"), ResetScope.MOBILE, "lost phone", null);

    private static JsonObject inputWith(JsonObject view, String elementType) {
        List<JsonObject> inputs = StreamSupport.stream(view.getAsJsonArray("blocks").spliterator(), false)
                .map(JsonElement::getAsJsonObject)
                .filter(b -> b.get("type").getAsString().equals("input"))
                .filter(b -> b.getAsJsonObject("element").get("type").getAsString().equals(elementType))
                .toList();
        assertThat(inputs).as("input blocks with a %s", elementType).hasSize(1);
        return inputs.get(0);
    }

    private static List<String> stringList(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsString).toList();
    }

    private static String optionText(JsonElement option) {
        return option.getAsJsonObject().getAsJsonObject("text").get("text").getAsString();
    }

    @Test
    void formIsTheSessionResetModalWithASignOutButton() {
        JsonObject view = object(ResetModal.form(PREFILL));

        assertThat(view.get("type").getAsString()).isEqualTo("modal");
        assertThat(view.get("callback_id").getAsString()).isEqualTo("session_reset");
        assertThat(view.getAsJsonObject("submit").get("type").getAsString()).isEqualTo("plain_text");
        assertThat(view.getAsJsonObject("submit").get("text").getAsString()).isEqualTo("Sign out");
        assertThat(view.getAsJsonObject("title").get("text").getAsString()).hasSizeLessThanOrEqualTo(24);
    }

    @Test
    void formAsksForUsersWithAMultiUserSelectPrefilled() {
        JsonObject users = inputWith(object(ResetModal.form(PREFILL)), "multi_users_select");

        assertThat(users.get("block_id").getAsString()).isEqualTo(ResetModal.USERS_BLOCK);
        assertThat(users.getAsJsonObject("label").get("text").getAsString()).contains("Users");
        assertThat(stringList(users.getAsJsonObject("element").getAsJsonArray("initial_users")))
                .containsExactly("W0000001", "W0000002");
    }

    @Test
    void formWithoutPrefilledUsersSendsNoInitialUsers() {
        JsonObject users = inputWith(object(ResetModal.form(Prefill.EMPTY)), "multi_users_select");

        assertThat(users.getAsJsonObject("element").has("initial_users")).isFalse();
    }

    @Test
    void formOffersExactlyTheThreeScopesWithThePrefilledOneSelected() {
        JsonObject scope = inputWith(object(ResetModal.form(PREFILL)), "radio_buttons");
        JsonObject element = scope.getAsJsonObject("element");
        JsonArray options = element.getAsJsonArray("options");

        assertThat(scope.get("block_id").getAsString()).isEqualTo(ResetModal.SCOPE_BLOCK);
        assertThat(options).map(ResetModalTest::optionText).containsExactly("All sessions", "Web only", "Mobile only");
        assertThat(options).map(o -> o.getAsJsonObject().get("value").getAsString()).containsExactly("all", "web", "mobile");
        // Slack rejects an initial_option that is not identical to one of the options.
        assertThat(element.get("initial_option")).isEqualTo(options.get(2));
    }

    @Test
    void formWithDefaultPrefillSelectsAllSessions() {
        JsonObject element = inputWith(object(ResetModal.form(Prefill.EMPTY)), "radio_buttons").getAsJsonObject("element");

        assertThat(optionText(element.get("initial_option"))).isEqualTo("All sessions");
    }

    @Test
    void formAsksForAReasonPrefilledFromTheCommand() {
        JsonObject reason = inputWith(object(ResetModal.form(PREFILL)), "plain_text_input");
        JsonObject element = reason.getAsJsonObject("element");

        assertThat(reason.get("block_id").getAsString()).isEqualTo(ResetModal.REASON_BLOCK);
        assertThat(reason.getAsJsonObject("label").get("text").getAsString()).isEqualTo("Reason");
        assertThat(element.get("initial_value").getAsString()).isEqualTo("lost phone");
        assertThat(element.get("max_length").getAsInt()).isEqualTo(3000);
    }

    @Test
    void formWithoutReasonSendsNoInitialValueAndCutsAnOverlongOne() {
        JsonObject empty = inputWith(object(ResetModal.form(Prefill.EMPTY)), "plain_text_input");
        Prefill longReason = new Prefill(List.of("W0000001"), ResetScope.ALL, "x".repeat(3500), null);
        JsonObject cut = inputWith(object(ResetModal.form(longReason)), "plain_text_input");

        assertThat(empty.getAsJsonObject("element").has("initial_value")).isFalse();
        assertThat(cut.getAsJsonObject("element").get("initial_value").getAsString()).hasSize(3000);
    }

    @Test
    void formNoteIsShownEscaped() {
        Prefill withNote = new Prefill(List.of(), ResetScope.ALL, "", "<!channel> & friends");

        List<String> texts = strings(object(ResetModal.form(withNote)));

        assertThat(texts).contains("&lt;!channel&gt; &amp; friends");
        assertThat(String.join("\n", texts)).doesNotContain("<!channel>");
    }

    @Test
    void whatTheFormShowsIsReadBackAsTheSameAnswers() {
        // Fill the state from the form's own block and action IDs, as Slack would on submit.
        JsonObject view = object(ResetModal.form(PREFILL));

        ResetForm form = ResetForm.read(StateValues.shownIn(view).viewState(), 50);

        assertThat(form).isEqualTo(new ResetForm(List.of("W0000001", "W0000002"), ResetScope.MOBILE, "lost phone", Map.of()));
    }

    @Test
    void resultShowsTheCountsScopeAndOneLinePerPerson() {
        List<TargetResult> results = List.of(
                new TargetResult("W0000001", Status.DONE, null, "Signed out of web sessions"),
                new TargetResult("W0000002", Status.NOT_ATTEMPTED, null, "Not attempted: this is a bot"),
                new TargetResult("W0000003", Status.FAILED, "user_not_found", "Slack could not find this person"));

        JsonObject view = object(ResetModal.result(ResetScope.WEB, results, true));
        List<String> sections = sectionTexts(view.getAsJsonArray("blocks"));

        assertThat(view.get("callback_id").getAsString()).isEqualTo("session_reset_status");
        assertThat(view.has("submit")).as("a finished result has nothing to submit").isFalse();
        assertThat(sections).containsExactly(
                ":warning: *1 signed out*, 1 not attempted, 1 failed\n*Scope:* Web only\nThis is recorded in the audit trail.",
                ":white_check_mark: <@W0000001> — Signed out of web sessions\n"
                        + ":heavy_minus_sign: <@W0000002> — Not attempted: this is a bot\n"
                        + ":x: <@W0000003> — Slack could not find this person (`user_not_found`)");
    }

    @Test
    void resultWhereEveryoneIsDoneIsMarkedAsSuccess() {
        List<TargetResult> results = List.of(
                new TargetResult("W0000001", Status.DONE, null, "Signed out of all sessions"),
                new TargetResult("W0000002", Status.DONE, null, "Signed out of all sessions"));

        List<String> sections = sectionTexts(object(ResetModal.result(ResetScope.ALL, results, true)).getAsJsonArray("blocks"));

        assertThat(sections.get(0)).isEqualTo(":white_check_mark: *2 signed out*\n*Scope:* All sessions\nThis is recorded in the audit trail.");
    }

    @Test
    void resultForAThousandPeopleStaysWithinTheModalLimits() {
        List<TargetResult> results = IntStream.range(0, 1000)
                .mapToObj(i -> new TargetResult(String.format("W%08d", i), Status.FAILED, "not_an_admin",
                        "The admin token's owner is not an Org Owner or Org Admin. ".repeat(5)))
                .toList();

        JsonArray blocks = object(ResetModal.result(ResetScope.ALL, results, true)).getAsJsonArray("blocks");
        List<String> sections = sectionTexts(blocks);

        assertThat(blocks.size()).isLessThanOrEqualTo(100);
        assertThat(sections).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        assertThat(sections.get(0)).startsWith(":warning: *0 signed out*, 1000 failed");
        assertThat(sections.get(sections.size() - 1)).contains("not shown").contains("counts above include everyone");
    }

    @Test
    void resultForAFewPeopleSaysNothingIsLeftOut() {
        List<TargetResult> results = new ArrayList<>();
        results.add(new TargetResult("W0000001", Status.DONE, null, "Signed out of all sessions"));

        List<String> sections = sectionTexts(object(ResetModal.result(ResetScope.ALL, results, true)).getAsJsonArray("blocks"));

        assertThat(sections).hasSize(2).noneMatch(t -> t.contains("not shown"));
    }

    @Test
    void refusedEscapesTheReason() {
        View view = ResetModal.refused(GateDecision.refuse("not_org_admin", "<!channel> & <@W0000001> said <https://evil.example|so>").recorded(true));

        List<String> sections = sectionTexts(object(view).getAsJsonArray("blocks"));

        assertThat(sections).hasSize(1);
        assertThat(sections.get(0))
                .startsWith(":no_entry: &lt;!channel&gt; &amp; &lt;@W0000001&gt; said &lt;https://evil.example|so&gt;")
                .doesNotContain("<", ">")
                .contains("Nothing was changed.");
    }

    @Test
    void checkingAndWorkingViewsSayWhatIsHappening() {
        assertThat(sectionTexts(object(ResetModal.checking("session-reset-test")).getAsJsonArray("blocks")))
                .containsExactly("Checking that you are an org admin…");
        assertThat(sectionTexts(object(ResetModal.working(1)).getAsJsonArray("blocks")).get(0)).contains("signing out 1 person…");
        assertThat(sectionTexts(object(ResetModal.working(3)).getAsJsonArray("blocks")).get(0)).contains("signing out 3 people…");
    }

    @Test
    void formLeadsToTheSessionConsoleFromAnActionsBlockOutsideItsInputs() {
        JsonObject view = object(ResetModal.form(PREFILL));
        List<JsonObject> blocks = StreamSupport.stream(view.getAsJsonArray("blocks").spliterator(), false)
                .map(JsonElement::getAsJsonObject).toList();

        JsonObject console = blocks.stream().filter(b -> ResetModal.CONSOLE_BLOCK.equals(
                b.has("block_id") ? b.get("block_id").getAsString() : null)).findFirst().orElseThrow();
        assertThat(console.get("type").getAsString()).isEqualTo("actions");
        JsonObject button = console.getAsJsonArray("elements").get(0).getAsJsonObject();
        assertThat(button.get("action_id").getAsString()).isEqualTo(ResetModal.CONSOLE_ACTION);
        assertThat(button.getAsJsonObject("text").get("text").getAsString()).isEqualTo("Inspect sessions…");
        // The form's own contract is unchanged: three inputs, in this order.
        assertThat(blocks.stream().filter(b -> b.get("type").getAsString().equals("input"))
                .map(b -> b.get("block_id").getAsString()))
                .containsExactly(ResetModal.USERS_BLOCK, ResetModal.SCOPE_BLOCK, ResetModal.REASON_BLOCK);
    }
}
