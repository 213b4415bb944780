package dev.sessionguard.policy;

import dev.sessionguard.slackapi.SessionDuration;
import dev.sessionguard.slackapi.CurrentPolicy;
import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sessionguard.audit.TargetResult;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PolicyModalTest {

    @Test
    void formForAThousandPeopleStaysWithinTheModalLimits() {
        List<String> people = IntStream.range(0, 1000).mapToObj(i -> String.format("W%07d", i)).toList();
        List<CurrentPolicy> current = people.stream().map(CurrentPolicy::orgDefault).toList();

        JsonArray blocks = object(PolicyModal.form(people, current)).getAsJsonArray("blocks");

        assertThat(blocks.size()).isLessThanOrEqualTo(100);
        assertThat(sectionTexts(blocks)).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
    }

    @Test
    void formOffersThePresetsCustomHoursAndCloseOnQuit() {
        JsonObject view = object(PolicyModal.form(List.of(), List.of()));

        assertThat(view.get("callback_id").getAsString()).isEqualTo(PolicyModal.CALLBACK_ID);
        assertThat(strings(view)).contains("8 hours", "12 hours", "1 day", "7 days", "30 days", "Custom: the hours below",
                "Sign out when the desktop app or browser closes", "Set a policy", "Clear it: follow the org default");
        JsonObject hours = view.getAsJsonArray("blocks").asList().stream().map(b -> b.getAsJsonObject())
                .filter(b -> PolicyModal.HOURS_BLOCK.equals(b.has("block_id") ? b.get("block_id").getAsString() : null))
                .findFirst().orElseThrow().getAsJsonObject("element");
        assertThat(hours.get("min_value").getAsString()).isEqualTo("8");
        assertThat(hours.get("max_value").getAsString()).isEqualTo("87658");
        assertThat(hours.get("is_decimal_allowed").getAsBoolean()).isFalse();
    }

    @Test
    void resultShowsEachPersonsOldAndNewValues() {
        List<TargetResult> results = List.of(
                new TargetResult("W0000001", TargetResult.Status.DONE, null, "duration 8 h → 30 d; close-on-quit off → on"),
                new TargetResult("W0000002", TargetResult.Status.FAILED, "user_not_found", "Not changed"));

        List<String> texts = sectionTexts(object(PolicyModal.result(PolicyForm.Mode.SET, "duration 30 d; close-on-quit on",
                results, true)).getAsJsonArray("blocks"));

        assertThat(texts.get(0)).startsWith(":warning: *Policy set for 1 of 2*, 1 failed");
        assertThat(texts.get(1)).contains("<@W0000001> — duration 8 h → 30 d; close-on-quit off → on")
                .contains("(`user_not_found`)");
    }

    @Test
    void currentPolicyReadsInWords() {
        assertThat(CurrentPolicy.set("W1", 28_800, false).words())
                .isEqualTo("session duration 8 h; sign out when the app or browser closes: off");
        assertThat(CurrentPolicy.set("W1", null, true).durationWords()).isEqualTo("org default");
        assertThat(CurrentPolicy.orgDefault("W1").words()).contains("org's default");
        assertThat(CurrentPolicy.notReturned("W1").words()).contains("without active sessions");
    }

    @Test
    void durationWordsAndBounds() {
        assertThat(SessionDuration.words(28_800)).isEqualTo("8 h");
        assertThat(SessionDuration.words(86_400 * 30)).isEqualTo("30 d");
        assertThat(SessionDuration.words(SessionDuration.MAX_SECONDS)).isEqualTo("315,569,520 s");
        assertThat(SessionDuration.ofSeconds(28_799)).isEmpty();
        assertThat(SessionDuration.ofSeconds(315_569_521)).isEmpty();
        assertThat(SessionDuration.ofSeconds(28_800)).isPresent();
        assertThat(SessionDuration.ofSeconds(315_569_520)).isPresent();
    }
}
