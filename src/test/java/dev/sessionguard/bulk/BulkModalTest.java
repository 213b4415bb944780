package dev.sessionguard.bulk;

import static dev.sessionguard.support.BlockKitJson.object;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sessionguard.bulk.BulkModal.BulkPreview;
import dev.sessionguard.bulk.BulkModal.GroupOption;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.support.StateValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class BulkModalTest {

    private static final String HOSTILE = "<!channel> & <script>alert(1)</script>";
    private static final List<GroupOption> GROUPS = List.of(new GroupOption("S0000001", "@oncall (On-call)"),
            new GroupOption("S0000002", "@sre (SRE)"));
    private static final Duration TTL = Duration.ofSeconds(1800);
    private static final Pattern MORE = Pattern.compile("…and ([0-9,]+) more left out; all are listed in the audit record\\.");

    private static List<JsonObject> blocks(JsonObject view) {
        return StreamSupport.stream(view.getAsJsonArray("blocks").spliterator(), false)
                .map(JsonElement::getAsJsonObject).toList();
    }

    private static Optional<JsonObject> block(JsonObject view, String blockId) {
        return blocks(view).stream()
                .filter(b -> b.has("block_id") && b.get("block_id").getAsString().equals(blockId)).findFirst();
    }

    private static JsonObject element(JsonObject view, String blockId) {
        return block(view, blockId).orElseThrow().getAsJsonObject("element");
    }

    private static String text(JsonObject view) {
        return String.join("\n", strings(view));
    }

    private static BulkPreview preview(int total, List<Exclusion> exclusions, boolean needsApproval) {
        return new BulkPreview("7K3M9Q2XZP", total, ResetScope.ALL, "INC-1234", exclusions, needsApproval, 25, TTL);
    }

    @Test
    void formIsTheBulkModalWithPreviewAndCancel() {
        JsonObject view = object(BulkModal.form(GROUPS, null));

        assertThat(view.get("type").getAsString()).isEqualTo("modal");
        assertThat(view.get("callback_id").getAsString()).isEqualTo("session_reset_bulk").isEqualTo(BulkModal.CALLBACK_ID);
        assertThat(view.getAsJsonObject("title").get("text").getAsString()).isEqualTo("Bulk sign-out").hasSizeLessThanOrEqualTo(24);
        assertThat(view.getAsJsonObject("submit").get("text").getAsString()).isEqualTo("Preview");
        assertThat(view.getAsJsonObject("close").get("text").getAsString()).isEqualTo("Cancel");
    }

    @Test
    void formTakesPeopleChannelsGroupsAndPastedTextEachOptionalAndARequiredReason() {
        JsonObject view = object(BulkModal.form(GROUPS, null));

        assertThat(element(view, BulkModal.PEOPLE_BLOCK).get("type").getAsString()).isEqualTo("multi_users_select");
        JsonObject channels = element(view, BulkModal.CHANNELS_BLOCK);
        assertThat(channels.get("type").getAsString()).isEqualTo("multi_conversations_select");
        assertThat(strings(channels.getAsJsonObject("filter").getAsJsonArray("include"))).containsExactly("public", "private");
        assertThat(element(view, BulkModal.GROUPS_BLOCK).get("type").getAsString()).isEqualTo("multi_static_select");
        JsonObject pasted = element(view, BulkModal.PASTED_BLOCK);
        assertThat(pasted.get("type").getAsString()).isEqualTo("plain_text_input");
        assertThat(pasted.get("multiline").getAsBoolean()).isTrue();
        assertThat(pasted.get("max_length").getAsInt()).isEqualTo(3000);
        for (String optional : List.of(BulkModal.PEOPLE_BLOCK, BulkModal.CHANNELS_BLOCK, BulkModal.GROUPS_BLOCK, BulkModal.PASTED_BLOCK)) {
            assertThat(block(view, optional).orElseThrow().get("optional").getAsBoolean()).as(optional).isTrue();
        }
        JsonObject reason = block(view, BulkModal.REASON_BLOCK).orElseThrow();
        assertThat(reason.has("optional") && reason.get("optional").getAsBoolean()).as("reason is required").isFalse();
        assertThat(reason.getAsJsonObject("element").get("type").getAsString()).isEqualTo("plain_text_input");
        assertThat(reason.getAsJsonObject("element").get("max_length").getAsInt()).isEqualTo(3000);
        assertThat(blocks(view).stream().filter(b -> b.get("type").getAsString().equals("input"))
                .map(b -> b.get("block_id").getAsString()))
                .containsExactly(BulkModal.PEOPLE_BLOCK, BulkModal.CHANNELS_BLOCK, BulkModal.GROUPS_BLOCK,
                        BulkModal.PASTED_BLOCK, BulkModal.FILES_BLOCK, BulkModal.SCOPE_BLOCK, BulkModal.REASON_BLOCK);
    }

    @Test
    void formTakesBreachListsAsCsvOrTextFilesInAnOptionalInputBlock() {
        JsonObject view = object(BulkModal.form(GROUPS, null));
        JsonObject block = block(view, BulkModal.FILES_BLOCK).orElseThrow();
        JsonObject files = block.getAsJsonObject("element");

        // Slack accepts a file_input only as the element of an input block, and only in a modal.
        assertThat(view.get("type").getAsString()).isEqualTo("modal");
        assertThat(block.get("type").getAsString()).isEqualTo("input");
        assertThat(block.get("optional").getAsBoolean()).isTrue();
        assertThat(files.keySet()).containsExactlyInAnyOrder("type", "action_id", "filetypes", "max_files");
        assertThat(files.get("type").getAsString()).isEqualTo("file_input");
        assertThat(files.get("action_id").getAsString()).isEqualTo(BulkModal.FILES_ACTION);
        assertThat(strings(files.getAsJsonArray("filetypes"))).containsExactly("csv", "txt");
        assertThat(files.get("max_files").getAsInt()).isEqualTo(5).isBetween(1, 10);
        assertThat(block.getAsJsonObject("label").get("text").getAsString()).isEqualTo("Or upload a breach list");
        assertThat(block.getAsJsonObject("hint").get("text").getAsString())
                .startsWith("CSV or text: emails or user IDs, up to 5 MB and 100,000 lines a file.")
                .hasSizeLessThanOrEqualTo(2000);
        assertThat(element(view, BulkModal.PASTED_BLOCK).toString()).doesNotContain("thousands");
        assertThat(block(view, BulkModal.PASTED_BLOCK).orElseThrow().getAsJsonObject("hint").get("text").getAsString())
                .contains("up to 3,000 characters").contains("upload it as a file");
    }

    @Test
    void formOffersTheThreeScopesWithAllSessionsSelected() {
        JsonObject scope = element(object(BulkModal.form(GROUPS, null)), BulkModal.SCOPE_BLOCK);
        JsonArray options = scope.getAsJsonArray("options");

        assertThat(scope.get("type").getAsString()).isEqualTo("radio_buttons");
        assertThat(options).map(o -> o.getAsJsonObject().getAsJsonObject("text").get("text").getAsString())
                .containsExactly("All sessions", "Web only", "Mobile only");
        assertThat(options).map(o -> o.getAsJsonObject().get("value").getAsString()).containsExactly("all", "web", "mobile");
        assertThat(scope.get("initial_option")).isEqualTo(options.get(0));
    }

    @Test
    void formOffersTheGroupsGivenAsOptionsWithTheirIds() {
        JsonArray options = element(object(BulkModal.form(GROUPS, null)), BulkModal.GROUPS_BLOCK).getAsJsonArray("options");

        assertThat(options).map(o -> o.getAsJsonObject().get("value").getAsString()).containsExactly("S0000001", "S0000002");
        assertThat(options).map(o -> o.getAsJsonObject().getAsJsonObject("text").get("type").getAsString())
                .containsOnly("plain_text");
    }

    @Test
    void formOffersAtMostAHundredGroupsAndSaysTheRestAreLeftOut() {
        List<GroupOption> many = IntStream.range(0, 150)
                .mapToObj(i -> new GroupOption(String.format("S%07d", i), "group " + i + " " + "x".repeat(100))).toList();

        JsonObject view = object(BulkModal.form(many, null));
        JsonArray options = element(view, BulkModal.GROUPS_BLOCK).getAsJsonArray("options");

        assertThat(options).hasSize(100);
        assertThat(options).allSatisfy(o -> assertThat(o.getAsJsonObject().getAsJsonObject("text").get("text").getAsString())
                .hasSizeLessThanOrEqualTo(75));
        assertThat(text(view)).contains("Only the first 100 of 150 user groups");
    }

    @Test
    void formWithoutGroupsShowsALineInsteadOfAnEmptySelect() {
        JsonObject none = object(BulkModal.form(List.of(), null));
        JsonObject unread = object(BulkModal.form(List.of(), "User groups could not be read: " + HOSTILE));

        for (JsonObject view : List.of(none, unread)) {
            assertThat(block(view, BulkModal.GROUPS_BLOCK)).isEmpty();
            assertThat(blocks(view)).noneMatch(b -> b.toString().contains("multi_static_select"));
        }
        assertThat(text(none)).contains("No user groups to choose from");
        assertThat(text(unread)).contains("User groups could not be read: &lt;!channel&gt; &amp; &lt;script&gt;")
                .doesNotContain("<!channel>").doesNotContain("<script>");
    }

    @Test
    void aGroupsNoteIsShownEscapedBesideTheGroups() {
        JsonObject view = object(BulkModal.form(GROUPS, "Only some groups: " + HOSTILE));

        assertThat(block(view, BulkModal.GROUPS_BLOCK)).isPresent();
        assertThat(text(view)).contains("Only some groups: &lt;!channel&gt; &amp; &lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void whatTheFormShowsIsReadBackWithAllSessionsAndTheErrorsOfAnEmptyForm() {
        BulkForm form = BulkForm.read(StateValues.shownIn(object(BulkModal.form(GROUPS, null))).viewState());

        assertThat(form.scope()).isEqualTo(ResetScope.ALL);
        assertThat(form.errors()).containsOnlyKeys(BulkModal.PEOPLE_BLOCK, BulkModal.REASON_BLOCK);
    }

    @Test
    void checkingAndResolvingSayWhatIsHappeningWithOnlyAClose() {
        JsonObject checking = object(BulkModal.checking("bulk-ext"));
        JsonObject resolving = object(BulkModal.resolving(BulkModal.RESOLVING_WORDS));

        assertThat(checking.get("external_id").getAsString()).isEqualTo("bulk-ext");
        assertThat(sectionTexts(checking.getAsJsonArray("blocks"))).containsExactly("Checking that you are an org admin…");
        assertThat(sectionTexts(resolving.getAsJsonArray("blocks")).get(0))
                .isEqualTo(":hourglass_flowing_sand: " + BulkModal.RESOLVING_WORDS).containsOnlyOnce(":hourglass");
        for (JsonObject view : List.of(checking, resolving)) {
            assertThat(view.has("submit")).isFalse();
            assertThat(view.getAsJsonObject("close").get("text").getAsString()).isEqualTo("Close");
            assertThat(view.get("callback_id").getAsString()).isEqualTo(BulkModal.STATUS_CALLBACK_ID);
        }
    }

    @Test
    void refusedEscapesTheReasonAndSaysNothingWasSent() {
        JsonObject view = object(BulkModal.refused(GateDecision.refuse("not_org_admin", HOSTILE).recorded(true)));

        assertThat(sectionTexts(view.getAsJsonArray("blocks")).get(0)).startsWith(":no_entry: &lt;!channel&gt; &amp;")
                .doesNotContain("<").contains("Nothing was sent to Slack.");
    }

    @Test
    void aPreviewOverTheThresholdAsksForApprovalAndKeepsTheJobId() {
        JsonObject view = object(BulkModal.preview(preview(10_000, List.of(), true)));

        assertThat(view.get("callback_id").getAsString()).isEqualTo("session_reset_bulk_preview");
        assertThat(view.get("private_metadata").getAsString()).isEqualTo("7K3M9Q2XZP");
        assertThat(view.getAsJsonObject("title").get("text").getAsString()).isEqualTo("Confirm bulk sign-out");
        assertThat(view.getAsJsonObject("submit").get("text").getAsString()).isEqualTo("Request approval");
        assertThat(view.getAsJsonObject("close").get("text").getAsString()).isEqualTo("Cancel");
        assertThat(view.has("notify_on_close") && view.get("notify_on_close").getAsBoolean())
                .as("closing the preview does nothing, so Slack need not tell the app").isFalse();
        assertThat(text(view))
                .contains("*10,000 people* will be queued with Slack to sign out of all sessions.")
                .contains("*Scope:* All sessions")
                .contains("*Reason:* INC-1234")
                .contains("Needs a second admin's approval* in the audit channel (more than 25 people);"
                        + " the request expires after 30 minutes if nobody approves.");
    }

    @Test
    void aPreviewAtOrBelowTheThresholdStartsWithoutApproval() {
        BulkPreview p = new BulkPreview("7K3M9Q2XZP", 1, ResetScope.MOBILE, "lost phones", List.of(), false, 25, TTL);

        JsonObject view = object(BulkModal.preview(p));

        assertThat(view.getAsJsonObject("submit").get("text").getAsString()).isEqualTo("Start sign-out");
        assertThat(text(view)).contains("*1 person* will be queued with Slack to sign out of mobile sessions.")
                .contains("No approval needed* (25 or fewer people)").doesNotContain("expires");
    }

    @Test
    void aPreviewNeverSaysSignedOut() {
        List<Exclusion> exclusions = List.of(
                new Exclusion("W0000BOT1", "bot", "Not attempted: this is a bot or app, which has no sessions to reset."),
                new Exclusion("W0000PROT", ProtectedUsers.ERROR_CODE, ProtectedUsers.signOutWords()));
        for (ResetScope scope : ResetScope.values()) {
            for (boolean approval : List.of(true, false)) {
                for (int total : List.of(0, 1, 10_000)) {
                    BulkPreview p = new BulkPreview("7K3M9Q2XZP", total, scope, "r", exclusions, approval, 25, TTL);
                    assertThat(text(object(BulkModal.preview(p))).toLowerCase()).doesNotContain("signed out");
                }
            }
        }
    }

    @Test
    void eachExclusionIsShownByNameWithWhyAndTypedSubjectsEscaped() {
        List<Exclusion> exclusions = List.of(
                new Exclusion("W0000OWNR", "primary_owner", "Not attempted: they are the org's Primary Owner."),
                new Exclusion("W0000BOT1", "bot", "Not attempted: this is a bot or app."),
                new Exclusion("W0000BOT2", "bot", "Not attempted: this is a bot or app."),
                new Exclusion("W0000GONE", "deactivated", "Not attempted: this account is deactivated."),
                new Exclusion("nobody@example.com", BulkTargets.UNKNOWN_EMAIL, "No one in the org has this email address."),
                new Exclusion(HOSTILE, BulkTargets.NOT_AN_EMAIL_OR_ID, "This line is neither an email nor a user ID."),
                new Exclusion("C0000CHAN", BulkTargets.CHANNEL_UNREAD, "The channel's members could not be read: <&>"),
                new Exclusion("W0000PROT", ProtectedUsers.ERROR_CODE, ProtectedUsers.signOutWords()));

        String text = text(object(BulkModal.preview(preview(40, exclusions, true))));

        assertThat(text).contains("*Left out: 8*")
                .contains("*Not attempted: this is a bot or app.* (2)\n• <@W0000BOT1>\n• <@W0000BOT2>")
                .contains("• <@W0000OWNR>").contains("• <@W0000GONE>").contains("• <@W0000PROT>")
                .contains("*No one in the org has this email address.* (1)\n• nobody@example.com")
                .contains("• &lt;!channel&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("• <#C0000CHAN>").contains("could not be read: &lt;&amp;&gt;")
                .doesNotContain("<!channel>").doesNotContain("<script>").doesNotContain("more left out");
    }

    @Test
    void fiveThousandExclusionsOfTenThousandPeopleStayWithinTheModalLimitsAndNoneIsDroppedSilently() {
        List<Exclusion> exclusions = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            exclusions.add(i % 2 == 0
                    ? new Exclusion(String.format("W%08d", i), "bot", "Not attempted: this is a bot or app.")
                    : new Exclusion("someone." + i + "+" + HOSTILE + "@example.com", BulkTargets.UNKNOWN_EMAIL,
                            "No one in the org has this email address."));
        }

        JsonObject view = object(BulkModal.preview(preview(10_000, exclusions, true)));
        JsonArray blocks = view.getAsJsonArray("blocks");
        List<String> sections = sectionTexts(blocks);
        String text = text(view);

        assertThat(blocks.size()).isLessThanOrEqualTo(100);
        assertThat(sections).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        assertThat(view.get("private_metadata").getAsString()).hasSizeLessThanOrEqualTo(3000);
        assertThat(text).doesNotContain("<script>").doesNotContain("<!channel>").contains("*10,000 people*");
        long listed = sections.stream().flatMap(s -> s.lines()).filter(l -> l.startsWith("• ")).count();
        Matcher more = MORE.matcher(text);
        assertThat(more.find()).as("the list is cut and says so").isTrue();
        assertThat(listed + Long.parseLong(more.group(1).replace(",", ""))).isEqualTo(5_000);
        assertThat(listed).isGreaterThan(100);
        assertThat(sections).as("the cut adds no empty section").noneMatch(String::isEmpty);
    }

    @Test
    void aLongReasonIsEscapedAndCutToOneSection() {
        BulkPreview p = new BulkPreview("7K3M9Q2XZP", 30, ResetScope.WEB, "&".repeat(2999), List.of(), true, 25, TTL);
        BulkPreview hostile = new BulkPreview("7K3M9Q2XZP", 30, ResetScope.WEB, HOSTILE, List.of(), true, 25, TTL);

        List<String> sections = sectionTexts(object(BulkModal.preview(p)).getAsJsonArray("blocks"));

        assertThat(sections).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        String reason = sections.stream().filter(s -> s.startsWith("*Reason:*")).findFirst().orElseThrow();
        assertThat(reason).endsWith("&amp;…");
        assertThat(text(object(BulkModal.preview(hostile))))
                .contains("*Reason:* &lt;!channel&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    @Test
    void aPreviewWithNobodyLeftExplainsItAndHasNothingToSubmit() {
        List<Exclusion> everyone = List.of(new Exclusion("W0000BOT1", "bot", "Not attempted: this is a bot or app."));

        JsonObject view = object(BulkModal.preview(new BulkPreview(null, 0, ResetScope.ALL, "r", everyone, false, 25, TTL)));

        assertThat(view.has("submit")).isFalse();
        assertThat(view.getAsJsonObject("close").get("text").getAsString()).isEqualTo("Close");
        assertThat(text(view)).contains("Nobody is left to sign out").contains("nothing will be sent to Slack")
                .contains("• <@W0000BOT1>").doesNotContain("approval");
    }
    @Test
    void withoutGroupsTheFormSaysSoAndAHundredGroupsFitWithoutANote() {
        assertThat(text(object(BulkModal.form(null, null))))
                .contains("No user groups to choose from: this org has none Session Guard can see.");
        List<GroupOption> hundred = IntStream.range(0, 100).mapToObj(i -> new GroupOption("S" + i, "@g" + i)).toList();
        List<GroupOption> more = IntStream.range(0, 101).mapToObj(i -> new GroupOption("S" + i, "@g" + i)).toList();

        assertThat(element(object(BulkModal.form(hundred, null)), BulkModal.GROUPS_BLOCK).getAsJsonArray("options"))
                .hasSize(100);
        assertThat(text(object(BulkModal.form(hundred, null)))).doesNotContain("Only the first");
        assertThat(text(object(BulkModal.form(more, null))))
                .contains(":warning: Only the first 100 of 101 user groups fit in the list; for the others, paste"
                        + " their members or pick their channels.");
    }

    @Test
    void aGroupOptionIsNamedAndCutToSlacksSeventyFiveCharacters() {
        String fits = "g".repeat(75);
        List<GroupOption> groups = List.of(new GroupOption("S1", null), new GroupOption("S2", " "),
                new GroupOption("S3", fits), new GroupOption("S4", fits + "h"));

        JsonArray options = element(object(BulkModal.form(groups, null)), BulkModal.GROUPS_BLOCK)
                .getAsJsonArray("options");

        List<String> texts = new ArrayList<>();
        options.forEach(o -> texts.add(o.getAsJsonObject().getAsJsonObject("text").get("text").getAsString()));
        assertThat(texts).containsExactly("(unnamed group)", "(unnamed group)", fits, "g".repeat(74) + "…");
    }

    @Test
    void aPreviewKeepsAnIdOfUpTo3000CharactersForItsSubmission() {
        String longest = "J".repeat(3000);
        JsonObject view = object(BulkModal.preview(new BulkPreview(longest, 3, ResetScope.WEB, "r", List.of(), false,
                25, TTL)));

        assertThat(view.get("private_metadata").getAsString()).isEqualTo(longest);
        assertThat(view.getAsJsonObject("submit").get("text").getAsString()).isEqualTo("Start sign-out");
        assertThat(text(view)).contains("*Scope:* Web only").contains("Nobody you picked is left out.")
                .contains(":white_check_mark: *No approval needed* (25 or fewer people).");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BulkModal.preview(new BulkPreview(longest + "J", 3,
                ResetScope.WEB, "r", List.of(), false, 25, TTL))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BulkModal.preview(new BulkPreview(null, 3,
                ResetScope.WEB, "r", List.of(), false, 25, TTL))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leftOutSectionsHoldUpTo2900CharactersEachAndStartWithTheirFirstLine() {
        int n = 23;
        String head = "*Left out: " + n + "* (never sent to Slack)";
        int wordsLength = 2900 - (head.length() + 1) - n * (1 + 102) - "*".length() - ("* (" + n + ")").length();
        assertThat(wordsLength).isBetween(1, 500);

        List<String> exact = leftOutSections(n, "w".repeat(wordsLength));
        List<String> over = leftOutSections(n, "w".repeat(wordsLength + 1));

        assertThat(exact).hasSize(1);
        assertThat(exact.get(0)).hasSize(2900).startsWith(head + "\n*w");
        assertThat(over).hasSize(2);
        assertThat(over.get(0)).startsWith(head).hasSize(2900 + 1 - 103);
        assertThat(over.get(1)).isEqualTo("• " + "x".repeat(100));
    }

    private static List<String> leftOutSections(int n, String words) {
        List<Exclusion> left = IntStream.range(0, n).mapToObj(i -> new Exclusion("x".repeat(100), "bot", words))
                .toList();
        JsonObject view = object(BulkModal.preview(preview(5, left, true)));
        return sectionTexts(view.getAsJsonArray("blocks")).stream()
                .filter(t -> t.startsWith("*Left out") || t.startsWith("•")).toList();
    }

    @Test
    void aLeftOutChannelWithoutANameIsAnEmptyLineNotACrash() {
        JsonObject view = object(BulkModal.preview(preview(5,
                List.of(new Exclusion(null, BulkTargets.CHANNEL_UNREAD, null)), true)));

        assertThat(sectionTexts(view.getAsJsonArray("blocks")))
                .contains("*Left out: 1* (never sent to Slack)\n** (1)\n• ");
    }
}
