package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResetFormTest {

    private static final int MAX = 50;

    /** A view state as Bolt hands it over: block ID → action ID → value. */
    private static final class State {
        private final Map<String, Map<String, ViewState.Value>> values = new LinkedHashMap<>();

        State users(String... ids) {
            return put(ResetModal.USERS_BLOCK, ResetModal.USERS_ACTION, usersValue(ids));
        }

        State scope(String optionValue) {
            return put(ResetModal.SCOPE_BLOCK, ResetModal.SCOPE_ACTION, scopeValue(optionValue));
        }

        State reason(String text) {
            return put(ResetModal.REASON_BLOCK, ResetModal.REASON_ACTION, reasonValue(text));
        }

        State put(String block, String action, ViewState.Value value) {
            values.computeIfAbsent(block, b -> new LinkedHashMap<>()).put(action, value);
            return this;
        }

        ResetForm read(int maxUsers) {
            return ResetForm.read(new ViewState(values), maxUsers);
        }
    }

    private static State state() {
        return new State();
    }

    private static State complete() {
        return state().users("W0000001", "W0000002").scope("web").reason("stolen laptop");
    }

    private static ViewState.Value usersValue(String... ids) {
        ViewState.Value v = new ViewState.Value();
        v.setType("multi_users_select");
        v.setSelectedUsers(Arrays.asList(ids));
        return v;
    }

    private static ViewState.Value scopeValue(String optionValue) {
        ViewState.Value v = new ViewState.Value();
        v.setType("radio_buttons");
        if (optionValue != null) {
            ViewState.SelectedOption o = new ViewState.SelectedOption();
            o.setValue(optionValue);
            v.setSelectedOption(o);
        }
        return v;
    }

    private static ViewState.Value reasonValue(String text) {
        ViewState.Value v = new ViewState.Value();
        v.setType("plain_text_input");
        v.setValue(text);
        return v;
    }

    @Test
    void completeFormIsValidAndCarriesWhatWasChosen() {
        ResetForm form = complete().read(MAX);

        assertThat(form.valid()).isTrue();
        assertThat(form.errors()).isEmpty();
        assertThat(form.userIds()).containsExactly("W0000001", "W0000002");
        assertThat(form.scope()).isEqualTo(ResetScope.WEB);
        assertThat(form.reason()).isEqualTo("stolen laptop");
    }

    @Test
    void reasonIsStrippedOfSurroundingSpace() {
        ResetForm form = complete().reason("  \n INC-1234 phishing \t").read(MAX);

        assertThat(form.reason()).isEqualTo("INC-1234 phishing");
    }

    @Test
    void repeatedUsersAreCountedOnce() {
        ResetForm form = complete().users("W0000001", "W0000002", "W0000001").read(2);

        assertThat(form.valid()).isTrue();
        assertThat(form.userIds()).containsExactly("W0000001", "W0000002");
    }

    @Test
    void noUsersChosenIsAnErrorOnTheUsersBlock() {
        ResetForm form = complete().users().read(MAX);

        assertThat(form.valid()).isFalse();
        assertThat(form.errors()).containsExactly(Map.entry("users", "Choose at least one person."));
    }

    @Test
    void missingUsersBlockIsAnErrorOnTheUsersBlock() {
        ResetForm form = state().scope("all").reason("stolen laptop").read(MAX);

        assertThat(form.errors()).containsOnlyKeys("users");
    }

    @Test
    void moreUsersThanTheMaximumIsAnErrorNamingTheMaximum() {
        ResetForm form = complete().users("W0000001", "W0000002", "W0000003").read(2);

        assertThat(form.valid()).isFalse();
        assertThat(form.errors()).containsOnlyKeys("users");
        assertThat(form.errors().get("users")).isEqualTo("Choose at most 2 people at a time; you chose 3.");
    }

    @Test
    void exactlyTheMaximumIsAllowed() {
        assertThat(complete().users("W0000001", "W0000002", "W0000003").read(3).valid()).isTrue();
    }

    @Test
    void somethingOtherThanAUserIdIsAnErrorOnTheUsersBlock() {
        ResetForm form = complete().users("W0000001", "C0123ABCD").read(MAX);

        assertThat(form.errors()).containsExactly(Map.entry("users", "Choose people from the list."));
    }

    @Test
    void whitespaceOnlyReasonIsAnErrorOnTheReasonBlock() {
        ResetForm form = complete().reason(" \n\t ").read(MAX);

        assertThat(form.valid()).isFalse();
        assertThat(form.errors()).containsExactly(
                Map.entry("reason", "Give a reason: it is posted to the audit channel."));
    }

    @Test
    void reasonLosesControlAndBidiCharactersButKeepsItsLinesAndEmoji() {
        ResetForm form = complete().reason("\u202Estolen\u202C laptop\u0007\r\nINC-7 \u2066\u001b[2J\u2069👩‍💻").read(MAX);

        assertThat(form.reason()).isEqualTo("stolen laptop\nINC-7 [2J👩‍💻");
    }

    @Test
    void reasonOfOnlyControlAndBidiCharactersIsAnErrorOnTheReasonBlock() {
        ResetForm form = complete().reason("\u202E\u2066\u0007\u001b\r\n\u2069").read(MAX);

        assertThat(form.errors()).containsExactly(
                Map.entry("reason", "Give a reason: it is posted to the audit channel."));
    }

    @Test
    void missingReasonIsAnErrorOnTheReasonBlock() {
        ResetForm form = complete().reason(null).read(MAX);

        assertThat(form.errors()).containsOnlyKeys("reason");
    }

    @Test
    void reasonLongerThanTheInputAllowsIsAnError() {
        ResetForm form = complete().reason("x".repeat(ResetModal.REASON_MAX + 1)).read(MAX);

        assertThat(form.errors()).containsExactly(Map.entry("reason", "Keep the reason under 3000 characters."));
        assertThat(complete().reason("x".repeat(ResetModal.REASON_MAX)).read(MAX).valid()).isTrue();
    }

    @Test
    void unknownScopeValueIsAnErrorOnTheScopeBlock() {
        ResetForm form = complete().scope("everything").read(MAX);

        assertThat(form.valid()).isFalse();
        assertThat(form.errors()).containsExactly(Map.entry("scope", "Choose which sessions to end."));
    }

    @Test
    void missingScopeMeansAllSessions() {
        ResetForm form = state().users("W0000001").reason("stolen laptop").read(MAX);

        assertThat(form.valid()).isTrue();
        assertThat(form.scope()).isEqualTo(ResetScope.ALL);
    }

    @Test
    void scopeBlockWithNothingSelectedMeansAllSessions() {
        ResetForm form = complete().scope(null).read(MAX);

        assertThat(form.valid()).isTrue();
        assertThat(form.scope()).isEqualTo(ResetScope.ALL);
    }

    @Test
    void valuesAreFoundWhateverTheActionIds() {
        ResetForm form = state()
                .put("users", "users_select-v2", usersValue("W0000007"))
                .put("scope", "radio-renamed", scopeValue("mobile"))
                .put("reason", "abc123", reasonValue("lost phone"))
                .read(MAX);

        assertThat(form.valid()).isTrue();
        assertThat(form.userIds()).containsExactly("W0000007");
        assertThat(form.scope()).isEqualTo(ResetScope.MOBILE);
        assertThat(form.reason()).isEqualTo("lost phone");
    }

    @Test
    void emptyStateReportsEveryMissingAnswer() {
        assertThat(ResetForm.read(null, MAX).errors()).containsOnlyKeys("users", "reason");
        assertThat(ResetForm.read(new ViewState(), MAX).errors()).containsOnlyKeys("users", "reason");
    }

    @Test
    void stateParsedFromSlacksSnakeCaseJsonIsRead() {
        // The shape Slack posts in view_submission, parsed the way Bolt parses it.
        String json = """
                {"values": {
                  "users":  {"users":  {"type": "multi_users_select", "selected_users": ["W0000001", "W0000002"]}},
                  "scope":  {"scope":  {"type": "radio_buttons",
                                        "selected_option": {"text": {"type": "plain_text", "text": "Web only"}, "value": "web"}}},
                  "reason": {"reason": {"type": "plain_text_input", "value": "INC-1234"}}
                }}""";
        ViewState state = GsonFactory.createSnakeCase().fromJson(json, ViewState.class);

        ResetForm form = ResetForm.read(state, MAX);

        assertThat(form).isEqualTo(new ResetForm(List.of("W0000001", "W0000002"), ResetScope.WEB, "INC-1234", Map.of()));
    }
}
