package dev.sessionguard.audit;

import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuditMessageTest {

    private static final Instant AT = Instant.parse("2025-03-04T05:06:07Z");
    private static final String ACTOR = "WACTOR1";
    private static final String HOSTILE = "<!channel> <@W999> <https://evil.example|click>";
    private static final String HOSTILE_ESCAPED =
            "&lt;!channel&gt; &lt;@W999&gt; &lt;https://evil.example|click&gt;";

    private static final TargetResult DONE = new TargetResult("W0000001", Status.DONE, null, "Signed out of web sessions");
    private static final TargetResult FAILED =
            new TargetResult("W0000002", Status.FAILED, "user_not_found", "Slack could not find this person");
    private static final TargetResult SKIPPED = new TargetResult("W0000003", Status.NOT_ATTEMPTED, null, "Not attempted: a bot");

    private static AuditRecord record(String reason, List<TargetResult> targets) {
        return new AuditRecord(AT, ACTOR, AuditRecord.SESSION_RESET, Outcome.of(targets), "Web only", reason, null, targets);
    }

    private static String renderedBlockStrings(AuditRecord r) {
        return String.join("\n", strings(tree(AuditMessage.blocks(r))));
    }

    @Test
    void textNamesActorScopeOutcomeAndEscapedReason() {
        String text = AuditMessage.text(record(HOSTILE, List.of(DONE, FAILED)));

        assertThat(text).isEqualTo("Session Guard: <@WACTOR1> session reset — Partly failed (1 of 2 done)."
                + " Scope: Web only. Reason: " + HOSTILE_ESCAPED + ". At 2025-03-04T05:06:07Z");
    }

    @Test
    void textNeverLetsTheReasonBecomeMarkup() {
        String text = AuditMessage.text(record(HOSTILE, List.of(DONE)));

        assertThat(text).contains("<@WACTOR1>").doesNotContain("<!channel>", "<@W999>", "<https://");
    }

    @Test
    void blocksNeverLetTheReasonBecomeMarkup() {
        String rendered = renderedBlockStrings(record(HOSTILE, List.of(DONE, FAILED)));

        assertThat(rendered)
                .contains("<@WACTOR1>", "*Reason:* " + HOSTILE_ESCAPED, "*Scope:* Web only", "*Partly failed*")
                .doesNotContain("<!channel>", "<@W999>", "<https://");
    }

    @Test
    void blocksShowEachPersonsOutcomeAndWhen() {
        List<LayoutBlock> blocks = AuditMessage.blocks(record("stolen laptop", List.of(DONE, FAILED)));
        List<String> texts = strings(tree(blocks));

        assertThat(texts).contains(
                ":warning: *Session reset* by <@WACTOR1> — *Partly failed*",
                "*Scope:* Web only",
                "*Reason:* stolen laptop",
                ":white_check_mark: <@W0000001> — Signed out of web sessions\n"
                        + ":x: <@W0000002> — Slack could not find this person (`user_not_found`)",
                "<!date^1741064767^{date_short_pretty} {time_secs}|2025-03-04T05:06:07Z> · session.reset");
    }

    @Test
    void aReasonAtTheLengthLimitNeverPushesTheDetailOut() {
        AuditRecord changed = new AuditRecord(AT, ACTOR, "policy.set", Outcome.SUCCEEDED, null, "<&>".repeat(1000),
                "duration 8 h → 30 d", List.of(DONE));

        List<String> texts = strings(tree(AuditMessage.blocks(changed)));

        assertThat(texts).contains("*Detail:* duration 8 h → 30 d");
        assertThat(texts).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
    }

    @Test
    void refusalReadsAsRefusedWithItsDetail() {
        AuditRecord refused = new AuditRecord(AT, ACTOR, AuditRecord.SESSION_RESET, Outcome.REFUSED, null, "x",
                "Refused at submission (not_org_admin): <b>only admins</b>", List.of(SKIPPED));

        String rendered = renderedBlockStrings(refused);

        assertThat(AuditMessage.text(refused)).startsWith("Session Guard: <@WACTOR1> session reset refused — Refused");
        assertThat(rendered).contains(":no_entry: *Session reset refused* by <@WACTOR1> — *Refused*",
                "*Detail:* Refused at submission (not_org_admin): &lt;b&gt;only admins&lt;/b&gt;");
        assertThat(AuditMessage.text(refused)).doesNotContain("Scope:");
    }

    @Test
    void targetLineEscapesEverythingButAGenuineUserId() {
        String line = AuditMessage.targetLine(new TargetResult("<!here>", Status.FAILED, "x<y>", "<@W0000001> & co"));

        assertThat(line).isEqualTo(":x: &lt;!here&gt; — &lt;@W0000001&gt; &amp; co (`x&lt;y&gt;`)");
    }

    @Test
    void outcomeOfAMixOfDoneAndFailedIsPartlyFailed() {
        assertThat(Outcome.of(List.of(DONE, FAILED))).isEqualTo(Outcome.PARTLY_FAILED);
        assertThat(Outcome.of(List.of(DONE, SKIPPED))).isEqualTo(Outcome.PARTLY_FAILED);
    }

    @Test
    void outcomeWhenEveryoneIsDoneIsSucceeded() {
        assertThat(Outcome.of(List.of(DONE, DONE))).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void outcomeWhenNobodyIsDoneIsFailed() {
        assertThat(Outcome.of(List.of())).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.of(List.of(FAILED, SKIPPED))).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aThousandTargetsStayWithinTheMessageLimits() {
        List<TargetResult> many = IntStream.range(0, 1000)
                .mapToObj(i -> new TargetResult(String.format("W%08d", i), Status.FAILED, "not_an_admin",
                        "The admin token's owner is not an Org Owner or Org Admin. ".repeat(5)))
                .toList();

        List<LayoutBlock> blocks = AuditMessage.blocks(record("x".repeat(3000), many));
        List<String> texts = strings(tree(blocks));

        assertThat(blocks).hasSizeLessThanOrEqualTo(50);
        assertThat(texts).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        assertThat(texts).contains("…and more; the full list is in the audit store (`audit export`).");
    }

    @Test
    void chunkKeepsEveryLineAndEachChunkWithinASection() {
        List<String> lines = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> lines.add("line " + i + " " + "y".repeat(40)));

        List<String> chunks = AuditMessage.chunk(lines);

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(2900));
        assertThat(String.join("\n", chunks)).isEqualTo(String.join("\n", lines));
    }

    @Test
    void consoleAndPolicyActionsReadAsWords() {
        List<TargetResult> done = List.of(DONE);
        assertThat(AuditMessage.text(new AuditRecord(AT, ACTOR, AuditRecord.SESSION_INVALIDATE, Outcome.SUCCEEDED,
                "Session 42 in T1", null, null, done))).contains("single-session sign-out — Succeeded");
        assertThat(AuditMessage.text(new AuditRecord(AT, ACTOR, AuditRecord.POLICY_SET, Outcome.SUCCEEDED,
                null, null, "duration 8 h → 30 d", done))).contains("session policy set — Succeeded");
        assertThat(AuditMessage.text(new AuditRecord(AT, ACTOR, AuditRecord.POLICY_CLEAR, Outcome.REFUSED,
                null, null, null, List.of()))).contains("session policy clear refused — Refused");
        assertThat(AuditMessage.text(new AuditRecord(AT, ACTOR, AuditRecord.CONSOLE_OPEN, Outcome.REFUSED,
                null, null, null, List.of()))).contains("session console refused");
    }

    @Test
    void policyDetailWithOldAndNewValuesIsShownEscaped() {
        AuditRecord r = new AuditRecord(AT, ACTOR, AuditRecord.POLICY_SET, Outcome.SUCCEEDED, null, null,
                "duration 8 h → 30 d; close-on-quit off → on " + HOSTILE, List.of(DONE));

        String rendered = renderedBlockStrings(r);

        assertThat(rendered).contains("*Detail:* duration 8 h → 30 d; close-on-quit off → on " + HOSTILE_ESCAPED)
                .doesNotContain("<!channel>");
    }

    @Test
    void lineIsShortAndNamesWhenWhoWhatAndWhom() {
        List<TargetResult> five = IntStream.range(1, 6)
                .mapToObj(i -> new TargetResult("W000000" + i, Status.DONE, null, "done")).toList();

        String line = AuditMessage.line(new AuditRecord(AT, ACTOR, AuditRecord.SESSION_RESET, Outcome.SUCCEEDED,
                "All sessions", HOSTILE, null, five));

        assertThat(line).startsWith("<!date^" + AT.getEpochSecond() + "^")
                .contains("<@WACTOR1> session reset — Succeeded: <@W0000001>, <@W0000002>, <@W0000003> and 2 more")
                .doesNotContain("channel");
    }

    @Test
    void installEventsReadAsWhatHappenedAndSlackReportsNameSlackbot() {
        assertThat(AuditMessage.text(new AuditRecord(AT, "W0000INSTALLER", AuditRecord.APP_INSTALL, Outcome.SUCCEEDED,
                null, null, "Installed org-wide", List.of()))).contains("<@W0000INSTALLER> org install — Succeeded");
        assertThat(AuditMessage.text(new AuditRecord(AT, "W0000INSTALLER", AuditRecord.APP_INSTALL, Outcome.REFUSED,
                null, null, "workspace_install", List.of()))).contains("org install refused — Refused");
        assertThat(AuditMessage.text(new AuditRecord(AT, AuditRecord.SLACK, AuditRecord.APP_TOKENS_REVOKED,
                Outcome.SUCCEEDED, null, null, null, List.of(DONE)))).contains("<@USLACKBOT> report of revoked tokens");
        assertThat(AuditMessage.text(new AuditRecord(AT, AuditRecord.SLACK, AuditRecord.APP_UNINSTALLED,
                Outcome.SUCCEEDED, null, null, null, List.of()))).contains("report of the app's uninstall");
    }
}
