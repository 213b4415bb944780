package dev.sessionguard.policy;

import dev.sessionguard.slackapi.SessionDuration;
import dev.sessionguard.slackapi.CurrentPolicy;
import static dev.sessionguard.support.BlockKitJson.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.slack.api.model.view.ViewState;
import dev.sessionguard.support.StateValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyFormTest {

    private static final List<String> PEOPLE = List.of("W0000001", "W0000002");
    private static final int MAX = 50;

    private static ViewState state(List<String> users, String mode, String duration, String hours, boolean quit) {
        Map<String, Map<String, ViewState.Value>> values = new LinkedHashMap<>();
        ViewState.Value u = new ViewState.Value();
        u.setSelectedUsers(users);
        values.put(PolicyModal.USERS_BLOCK, Map.of("a", u));
        if (mode != null) {
            values.put(PolicyModal.MODE_BLOCK, Map.of("a", selected(mode)));
        }
        values.put(PolicyModal.DURATION_BLOCK, Map.of("a", duration == null ? new ViewState.Value() : selected(duration)));
        ViewState.Value h = new ViewState.Value();
        h.setValue(hours);
        values.put(PolicyModal.HOURS_BLOCK, Map.of("a", h));
        ViewState.Value q = new ViewState.Value();
        List<ViewState.SelectedOption> chosen = new ArrayList<>();
        if (quit) {
            ViewState.SelectedOption o = new ViewState.SelectedOption();
            o.setValue(PolicyModal.QUIT_VALUE);
            chosen.add(o);
        }
        q.setSelectedOptions(chosen);
        values.put(PolicyModal.QUIT_BLOCK, Map.of("a", q));
        return new ViewState(values);
    }

    private static ViewState.Value selected(String value) {
        ViewState.Value v = new ViewState.Value();
        ViewState.SelectedOption o = new ViewState.SelectedOption();
        o.setValue(value);
        v.setSelectedOption(o);
        return v;
    }

    @ParameterizedTest
    @CsvSource({"28800, 28800", "43200, 43200", "86400, 86400", "604800, 604800", "2592000, 2592000"})
    void presetsAreTheirSeconds(String option, int seconds) {
        PolicyForm form = PolicyForm.read(state(PEOPLE, "set", option, null, true), MAX);

        assertThat(form.errors()).isEmpty();
        assertThat(form.duration()).isEqualTo(new SessionDuration(seconds));
        assertThat(form.closeOnQuit()).isTrue();
        assertThat(form.userIds()).isEqualTo(PEOPLE);
    }

    @ParameterizedTest
    @CsvSource({"8, 28800", "36, 129600", "87658, 315568800"})
    void customHoursWithinBoundsAreAccepted(String hours, int seconds) {
        PolicyForm form = PolicyForm.read(state(PEOPLE, "set", PolicyModal.CUSTOM, hours, false), MAX);

        assertThat(form.errors()).isEmpty();
        assertThat(form.duration().seconds()).isEqualTo(seconds);
        assertThat(form.closeOnQuit()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "0", "87659", "999999999999", "1.5", "-8", "8h", ""})
    void customHoursOutsideBoundsOrNotWholeAreErrorsOnTheHoursBlock(String hours) {
        PolicyForm form = PolicyForm.read(state(PEOPLE, "set", PolicyModal.CUSTOM, hours, false), MAX);

        assertThat(form.valid()).isFalse();
        assertThat(form.errors()).containsOnlyKeys(PolicyModal.HOURS_BLOCK);
        assertThat(form.errors().get(PolicyModal.HOURS_BLOCK)).contains("8 to 87,658 hours");
        assertThat(form.duration()).isNull();
    }

    @Test
    void hoursWithoutChoosingCustomAreUsedAsCustom() {
        assertThat(PolicyForm.read(state(PEOPLE, "set", null, "48", false), MAX).duration().seconds()).isEqualTo(172_800);
    }

    @Test
    void hoursBesideAPresetAreAnErrorRatherThanAGuess() {
        assertThat(PolicyForm.read(state(PEOPLE, "set", "28800", "48", false), MAX).errors()).containsOnlyKeys(PolicyModal.HOURS_BLOCK);
    }

    @Test
    void settingWithoutADurationIsAnError() {
        assertThat(PolicyForm.read(state(PEOPLE, "set", null, null, true), MAX).errors()).containsOnlyKeys(PolicyModal.DURATION_BLOCK);
    }

    @Test
    void anOptionNotInTheListIsAnError() {
        assertThat(PolicyForm.read(state(PEOPLE, "set", "60", null, true), MAX).errors()).containsOnlyKeys(PolicyModal.DURATION_BLOCK);
    }

    @Test
    void clearingNeedsNoDurationAndIgnoresIt() {
        PolicyForm form = PolicyForm.read(state(PEOPLE, "clear", PolicyModal.CUSTOM, "1", true), MAX);

        assertThat(form.errors()).isEmpty();
        assertThat(form.mode()).isEqualTo(PolicyForm.Mode.CLEAR);
        assertThat(form.duration()).isNull();
    }

    @Test
    void noPeopleOrNotPeopleAreErrors() {
        assertThat(PolicyForm.read(state(List.of(), "clear", null, null, false), MAX).errors()).containsOnlyKeys(PolicyModal.USERS_BLOCK);
        assertThat(PolicyForm.read(state(List.of("<!channel>"), "clear", null, null, false), MAX).errors())
                .containsOnlyKeys(PolicyModal.USERS_BLOCK);
    }

    @Test
    void morePeopleThanTheMaximumIsAnErrorOnTheUsersBlockInTheResetFormsWords() {
        PolicyForm form = PolicyForm.read(state(List.of("W0000001", "W0000002", "W0000003"), "clear", null, null, false), 2);

        assertThat(form.errors()).containsOnlyKeys(PolicyModal.USERS_BLOCK);
        assertThat(form.errors().get(PolicyModal.USERS_BLOCK)).isEqualTo("Choose at most 2 people at a time; you chose 3.");
    }

    @Test
    void exactlyTheMaximumIsAllowed() {
        assertThat(PolicyForm.read(state(PEOPLE, "clear", null, null, false), 2).valid()).isTrue();
    }

    @Test
    void unknownModeIsAnError() {
        assertThat(PolicyForm.read(state(PEOPLE, "delete", null, null, false), MAX).errors()).containsKey(PolicyModal.MODE_BLOCK);
    }

    @Test
    void whatTheFormShowsForOnePersonIsReadBackAsTheirCurrentPolicy() {
        JsonObject view = object(PolicyModal.form(List.of("W0000001"),
                List.of(CurrentPolicy.set("W0000001", 129_600, true))));

        PolicyForm form = PolicyForm.read(StateValues.shownIn(view).viewState(), MAX);

        assertThat(form).isEqualTo(new PolicyForm(List.of("W0000001"), PolicyForm.Mode.SET,
                new SessionDuration(129_600), true, Map.of()));
    }
}
