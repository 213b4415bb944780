package dev.sessionguard.console;

import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sessionguard.slackapi.CurrentPolicy;
import dev.sessionguard.access.GateDecision;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ConsoleModalTest {

    private static final String ALICE = "W0000ALICE";
    private static final GateDecision ALLOWED = new GateDecision(true, "allowed", "");
    private static final DeviceInfo MAC = new DeviceInfo("MacBookPro18,1", "macOS", "14.4", "4.36.140", "203.0.113.7");
    private static final String HOSTILE = "<!channel> <@W999> <https://evil.example|x> &";

    private static ConsoleService.Listing listing(List<ActiveSession> sessions, List<String> problems) {
        return new ConsoleService.Listing(ALLOWED, ALICE, sessions, problems, CurrentPolicy.orgDefault(ALICE));
    }

    private static List<ActiveSession> sessions(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ActiveSession(ALICE, "T0000TEAM1", 5_000_000_000L + i, MAC, null)).toList();
    }

    private static List<JsonObject> signOutButtons(JsonObject view) {
        return StreamSupport.stream(view.getAsJsonArray("blocks").spliterator(), false)
                .map(JsonElement::getAsJsonObject)
                .filter(b -> b.has("accessory"))
                .map(b -> b.getAsJsonObject("accessory"))
                .toList();
    }

    @Test
    void aSignOutThatDidNotMatchTheConsoleSaysNothingWasDoneAndEscapesWhatItQuotes() {
        JsonObject view = object(ConsoleModal.notListed(new ConsoleModal.Target(HOSTILE, "T<1>", 9_007_199_254_740_993L), true));

        String text = String.join("\n", strings(view));
        assertThat(text).contains("Nothing was done").contains("did not match what the session console showed you")
                .contains("`9007199254740993`").contains("T&lt;1&gt;").contains("&lt;!channel&gt;")
                .doesNotContain("<!channel>").doesNotContain("<@W999>");
    }

    @Test
    void aThousandSessionsArePagedWithinTheModalLimits() {
        JsonObject view = object(ConsoleModal.console(listing(sessions(1000), List.of()), 0, null));
        JsonArray blocks = view.getAsJsonArray("blocks");

        assertThat(blocks.size()).isLessThanOrEqualTo(100);
        assertThat(sectionTexts(blocks)).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        assertThat(signOutButtons(view)).hasSize(ConsoleModal.PAGE_SIZE);
        assertThat(strings(view)).contains("Page 1 of 50 · sessions 1–20 of 1000");
        assertThat(view.get("private_metadata").getAsString()).isEqualTo(ALICE + "|0");
    }

    @Test
    void aPageBeyondTheLastShowsTheLastPage() {
        JsonObject view = object(ConsoleModal.console(listing(sessions(45), List.of()), 99, null));

        assertThat(strings(view)).contains("Page 3 of 3 · sessions 41–45 of 45").contains("Previous").doesNotContain("Next");
        assertThat(signOutButtons(view)).hasSize(5);
        assertThat(view.get("private_metadata").getAsString()).isEqualTo(ALICE + "|2");
    }

    @Test
    void noSessionsReadsAsNoActiveSessionsWithoutPaging() {
        JsonObject view = object(ConsoleModal.console(listing(List.of(), List.of()), 0, null));

        assertThat(sectionTexts(view.getAsJsonArray("blocks"))).contains("*No active sessions* for <@" + ALICE + ">.");
        assertThat(signOutButtons(view)).isEmpty();
        assertThat(strings(view)).noneMatch(s -> s.startsWith("Page "));
    }

    @Test
    void eachSignOutButtonCarriesTheFullSessionIdAndAsksForConfirmation() {
        JsonObject button = signOutButtons(object(ConsoleModal.console(listing(sessions(1), List.of()), 0, null))).get(0);

        assertThat(button.get("value").getAsString()).isEqualTo(ALICE + "|T0000TEAM1|5000000000");
        assertThat(button.get("style").getAsString()).isEqualTo("danger");
        JsonObject confirm = button.getAsJsonObject("confirm");
        assertThat(confirm.getAsJsonObject("title").get("text").getAsString()).isEqualTo("Sign out this device?");
        assertThat(confirm.getAsJsonObject("confirm").get("text").getAsString()).isEqualTo("Sign out");
        assertThat(confirm.getAsJsonObject("deny").get("text").getAsString()).isEqualTo("Cancel");
        assertThat(confirm.getAsJsonObject("text").get("text").getAsString())
                .contains("<@" + ALICE + ">").contains("5000000000").hasSizeLessThanOrEqualTo(300);
    }

    @Test
    void deviceTextFromSlackCanNeverBecomeMarkup() {
        DeviceInfo odd = new DeviceInfo(HOSTILE, HOSTILE, "1", HOSTILE, HOSTILE);
        ActiveSession s = new ActiveSession(ALICE, "T0000TEAM1", 1, odd, odd);

        JsonObject view = object(ConsoleModal.console(listing(List.of(s), List.of(HOSTILE)), 0, null));

        String all = String.join("\n", strings(view));
        assertThat(all).doesNotContain("<!channel>").doesNotContain("<@W999>").doesNotContain("<https://evil")
                .contains("&lt;!channel&gt;");
    }

    @Test
    void aChangeOfDeviceOrIpSinceSignInIsHighlighted() {
        DeviceInfo phone = new DeviceInfo("iPhone15,2", "iOS", "17.4", "24.03", "198.51.100.9");
        String moved = ConsoleModal.sessionText(new ActiveSession(ALICE, "T1", 1, MAC, phone));
        String updated = ConsoleModal.sessionText(new ActiveSession(ALICE, "T1", 2, MAC,
                new DeviceInfo("MacBookPro18,1", "macOS", "14.5", "4.37.0", "203.0.113.7")));
        String unchanged = ConsoleModal.sessionText(new ActiveSession(ALICE, "T1", 3, MAC, null));

        assertThat(moved).contains("*Recent:* *iPhone15,2 · iOS 17.4* · Slack 24.03 · *IP 198.51.100.9*")
                .contains(":warning: *device and IP address changed since sign-in*");
        assertThat(updated).contains("*Recent:* MacBookPro18,1 · macOS 14.5").doesNotContain(":warning:");
        assertThat(unchanged).contains("*Created:* MacBookPro18,1 · macOS 14.4 · Slack 4.36.140 · IP 203.0.113.7")
                .doesNotContain("Recent");
    }

    @Test
    void orgLevelSessionsSaySo() {
        assertThat(ConsoleModal.sessionText(new ActiveSession(ALICE, "E0000ORG1", 1, MAC, null)))
                .contains("org-level (`E0000ORG1`)");
    }

    @Test
    void problemsAreShownEscapedAndCapped() {
        List<String> many = IntStream.range(0, 50).mapToObj(i -> "x".repeat(2000) + i).toList();

        JsonArray blocks = object(ConsoleModal.console(listing(List.of(), many), 0, null)).getAsJsonArray("blocks");

        assertThat(blocks.size()).isLessThanOrEqualTo(12);
    }

    @Test
    void buttonValuesAndPositionsRoundTripAndJunkIsRejected() {
        ConsoleModal.Target big = new ConsoleModal.Target(ALICE, "T0000TEAM1", Long.MAX_VALUE);
        ConsoleModal.Target noTeam = new ConsoleModal.Target(ALICE, null, 12);

        assertThat(ConsoleModal.Target.decode(big.encode())).contains(big);
        assertThat(ConsoleModal.Target.decode(noTeam.encode())).contains(noTeam);
        assertThat(ConsoleModal.Target.decode("W1|T1|99999999999999999999")).isEmpty();
        assertThat(ConsoleModal.Target.decode("<!channel>|T1|1")).isEmpty();
        assertThat(ConsoleModal.Target.decode(null)).isEmpty();
        assertThat(ConsoleModal.Position.decode(new ConsoleModal.Position(ALICE, 3).encode()))
                .contains(new ConsoleModal.Position(ALICE, 3));
        assertThat(ConsoleModal.Position.decode("")).isEmpty();
        assertThat(ConsoleModal.Position.decode(ALICE + "|-1")).isEmpty();
    }

    @Test
    void pickerAsksForOnePerson() {
        JsonObject view = object(ConsoleModal.picker(Optional.empty()));

        assertThat(view.get("callback_id").getAsString()).isEqualTo(ConsoleModal.PICK_CALLBACK_ID);
        JsonObject input = view.getAsJsonArray("blocks").get(1).getAsJsonObject();
        assertThat(input.get("block_id").getAsString()).isEqualTo(ConsoleModal.PICK_BLOCK);
        assertThat(input.getAsJsonObject("element").get("type").getAsString()).isEqualTo("users_select");
    }

    @Test
    void refusedEscapesTheReason() {
        assertThat(sectionTexts(object(ConsoleModal.refused(GateDecision.refuse("not_org_admin", HOSTILE).recorded(true))).getAsJsonArray("blocks")).get(0))
                .doesNotContain("<!channel>").contains("recorded in the audit trail");
    }
}
