package dev.sessionguard.bulk;

import static dev.sessionguard.bulk.TestJobs.CREATED;
import static dev.sessionguard.support.BlockKitJson.sectionTexts;
import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.signout.ResetScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BulkJobMessageTest {

    private static final String HOSTILE = "<!channel> & <script>alert(1)</script>";
    private static final Instant BEFORE_DEADLINE = CREATED.plusSeconds(600);
    private static final Instant AFTER_DEADLINE = CREATED.plusSeconds(1801);

    private static JsonArray blocks(BulkJob job, Instant now) {
        return tree(BulkJobMessage.blocks(job, null, now)).getAsJsonArray();
    }

    private static String text(BulkJob job, Instant now) {
        return String.join("\n", strings(blocks(job, now)));
    }

    private static List<JsonObject> buttons(BulkJob job, Instant now) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement b : blocks(job, now)) {
            JsonObject block = b.getAsJsonObject();
            if ("actions".equals(block.get("type").getAsString())) {
                block.getAsJsonArray("elements").forEach(e -> out.add(e.getAsJsonObject()));
            }
        }
        return out;
    }

    private static String label(JsonObject button) {
        return button.getAsJsonObject("text").get("text").getAsString();
    }

    @Test
    void aRequestAwaitingApprovalHasApproveAndDenyCarryingTheJobId() {
        List<JsonObject> buttons = buttons(TestJobs.awaiting().job(), BEFORE_DEADLINE);

        assertThat(buttons).map(BulkJobMessageTest::label).containsExactly("Approve", "Deny");
        assertThat(buttons).map(b -> b.get("action_id").getAsString()).containsExactly("bulk_approve", "bulk_deny");
        assertThat(buttons).map(b -> b.get("value").getAsString()).containsOnly("7K3M9Q2XZP");
        assertThat(buttons).map(b -> b.get("style").getAsString()).containsExactly("primary", "danger");
        assertThat(BulkJobMessage.APPROVE).isEqualTo("bulk_approve");
        assertThat(BulkJobMessage.DENY).isEqualTo("bulk_deny");
        assertThat(BulkJobMessage.CANCEL).isEqualTo("bulk_cancel");
    }

    @Test
    void approvingAsksOnceMoreHowManyPeopleItQueues() {
        JsonObject approve = buttons(TestJobs.awaiting().job(), BEFORE_DEADLINE).get(0);

        assertThat(approve.getAsJsonObject("confirm").getAsJsonObject("text").get("text").getAsString())
                .contains("10,000 people will be queued with Slack to sign out of all sessions");
    }

    @Test
    void aRequestAwaitingApprovalSaysWhoAskedAndUntilWhenItCanBeApproved() {
        String text = text(TestJobs.awaiting().job(), BEFORE_DEADLINE);

        assertThat(text).contains("*Bulk sign-out `7K3M9Q2XZP`* — *Waiting for approval*")
                .contains("*Requested by:* <@W0000ADMIN>")
                .contains("*Approval:* not yet")
                .contains("before <!date^" + CREATED.plusSeconds(1800).getEpochSecond() + "^")
                .contains("*Scope:* All sessions")
                .contains("*Reason:* INC-1234: leaked session cookies")
                .contains("*People:* 10,000 · *Queued with Slack:* 0 · *Failed:* 0 · *Not attempted:* 0 · *Excluded:* 12")
                .contains("*Elapsed:* not started");
    }

    @Test
    void anExpiredRequestHasNoButtonsAndSaysExpired() {
        BulkJob expired = TestJobs.awaiting().state(State.EXPIRED).job();

        assertThat(buttons(expired, AFTER_DEADLINE)).isEmpty();
        assertThat(text(expired, AFTER_DEADLINE)).contains("*Expired*")
                .contains("The request expired: nobody approved it before").contains("so nothing was sent");
        assertThat(BulkJobMessage.text(expired, AFTER_DEADLINE)).contains("Expired");
    }

    @Test
    void aRequestPastItsDeadlineHasNoApproveEvenBeforeTheStoreMarksItExpired() {
        BulkJob overdue = TestJobs.awaiting().job();

        assertThat(buttons(overdue, AFTER_DEADLINE)).isEmpty();
        assertThat(buttons(overdue, CREATED.plusSeconds(1800))).as("the deadline itself is too late").isEmpty();
        assertThat(text(overdue, AFTER_DEADLINE)).contains("*Expired*").contains("expired");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"APPROVED", "RUNNING"})
    void anApprovedOrRunningJobHasOnlyCancelAskingToConfirm(State state) {
        TestJobs j = TestJobs.running(3).state(state);

        List<JsonObject> buttons = buttons(j.job(), BEFORE_DEADLINE);

        assertThat(buttons).map(BulkJobMessageTest::label).containsExactly("Cancel");
        JsonObject cancel = buttons.get(0);
        assertThat(cancel.get("action_id").getAsString()).isEqualTo("bulk_cancel");
        assertThat(cancel.get("value").getAsString()).isEqualTo("7K3M9Q2XZP");
        assertThat(cancel.get("style").getAsString()).isEqualTo("danger");
        assertThat(cancel.getAsJsonObject("confirm").getAsJsonObject("text").get("text").getAsString())
                .isEqualTo("Cancel bulk job 7K3M9Q2XZP? Chunks already sent to Slack stay sent.");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"DONE", "CANCELLED", "DENIED", "EXPIRED"})
    void aFinishedJobHasNoButtons(State state) {
        assertThat(buttons(TestJobs.running(3).state(state).job(), BEFORE_DEADLINE)).isEmpty();
        assertThat(buttons(TestJobs.awaiting().state(state).job(), BEFORE_DEADLINE)).isEmpty();
    }

    @Test
    void aJobStoppedOnAnErrorWithChunksLeftHasOnlyResumeFromItsStoredChunk() {
        List<JsonObject> buttons = buttons(TestJobs.running(3).state(State.FAILED).job(), BEFORE_DEADLINE);

        assertThat(buttons).map(BulkJobMessageTest::label).containsExactly("Resume");
        assertThat(buttons.get(0).get("action_id").getAsString()).isEqualTo(BulkJobMessage.RESUME);
        assertThat(buttons.get(0).getAsJsonObject("confirm").getAsJsonObject("text").get("text").getAsString())
                .contains("from chunk 4 of 10");
    }

    @ParameterizedTest
    @CsvSource({"AWAITING_APPROVAL, Waiting for approval", "APPROVED, 'Approved, starting'", "RUNNING, Running",
            "DONE, Finished", "CANCELLED, Cancelled", "DENIED, Denied", "EXPIRED, Expired", "FAILED, Failed"})
    void eachStateReadsInWords(State state, String words) {
        BulkJob job = TestJobs.running(3).state(state).job();

        assertThat(sectionTexts(blocks(job, BEFORE_DEADLINE)).get(0)).endsWith("— *" + words + "*");
        assertThat(BulkJobMessage.text(job, BEFORE_DEADLINE)).contains("bulk sign-out 7K3M9Q2XZP — " + words + ".");
    }

    @Test
    void aRunningJobShowsItsCountsChunkApproverAndElapsedTime() {
        TestJobs j = TestJobs.running(3);
        j.failed = 4;
        j.notAttempted = 1;
        Instant now = j.startedAt.plusSeconds(125);

        String text = text(j.job(), now);

        assertThat(text).contains("*Approved by:* <@W0000OTHER>")
                .contains("*Queued with Slack:* 3,000 · *Failed:* 4 · *Not attempted:* 1 · *Excluded:* 12")
                .contains("*Progress:* chunk 4 of 10 · *Elapsed:* 2 min 5 s")
                .doesNotContain("signed out");
    }

    @Test
    void aCancelledJobSaysWhoCancelledAndHowManyWereAlreadyQueued() {
        TestJobs j = TestJobs.running(3).state(State.CANCELLED);
        j.cancelledBy = "W0000ADM2";
        j.finishedAt = j.startedAt.plusSeconds(3725);

        String text = text(j.job(), CREATED.plusSeconds(99_999));

        assertThat(text).contains("Cancelled by <@W0000ADM2>; 3,000 of 10,000 people had already been queued with"
                        + " Slack (chunks already sent stay sent).")
                .contains("*Cancelled by:* <@W0000ADM2>")
                .contains("*Progress:* 3 of 10 chunks sent · *Elapsed:* 1 h 2 min");
    }

    @Test
    void aDeniedJobNamesWhoDeniedIt() {
        TestJobs j = TestJobs.awaiting().state(State.DENIED);
        j.decidedBy = "W0000OTHER";

        assertThat(text(j.job(), BEFORE_DEADLINE)).contains("*Denied by:* <@W0000OTHER>")
                .contains("Denied by <@W0000OTHER>, so nothing was sent.").doesNotContain("Approved by");
    }

    @Test
    void aFailedJobSaysWhereItStoppedAndHowToResume() {
        TestJobs j = TestJobs.running(2).state(State.FAILED);

        assertThat(text(j.job(), BEFORE_DEADLINE)).contains("Stopped at chunk 3 of 10").contains("Chunks already sent stay sent")
                .contains("resume");
    }

    @Test
    void aJobWhoseRequesterNoLongerPassesTheGateSaysSoWithTheStoredReasonAndOffersNoResume() {
        TestJobs j = TestJobs.running(2).state(State.FAILED);
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_org_admin",
                "Only Org Owners and Org Admins can sign people out.");

        String text = text(j.job(), BEFORE_DEADLINE);

        assertThat(text).contains("Stopped before chunk 3 of 10: <@W0000ADMIN>, who requested it, no longer passes the"
                        + " admin check, so the rest was not sent.")
                .contains("\u201cOnly Org Owners and Org Admins can sign people out.\u201d (`not_org_admin`)")
                .contains("Chunks already sent stay sent (2,000 people queued with Slack).")
                .contains("Resume can't help").contains("`/session-reset bulk`")
                .doesNotContain("press Resume").doesNotContain("on an error every later chunk would share");
        assertThat(buttons(j.job(), BEFORE_DEADLINE)).as("Resume would only stop again").isEmpty();
    }

    @Test
    void aJobStoppedBeforeItsFirstChunkSaysNothingWasSent() {
        TestJobs j = TestJobs.running(0).state(State.FAILED);
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "deactivated", null);

        assertThat(text(j.job(), BEFORE_DEADLINE)).contains("Stopped before chunk 1 of 10")
                .contains("The check answered `deactivated`.").contains("Nothing was sent.")
                .doesNotContain("stay sent");
    }

    @Test
    void aRequesterWhoseRoleCouldNotBeConfirmedCanBeResumedByAnyAdmin() {
        TestJobs j = TestJobs.running(2).state(State.FAILED);
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "lookup_failed",
                "Session Guard could not confirm your role, so it did nothing. Slack did not answer.");

        assertThat(text(j.job(), BEFORE_DEADLINE)).contains("could not confirm that <@W0000ADMIN>")
                .contains("Any admin can press Resume once Slack answers again");
        assertThat(buttons(j.job(), BEFORE_DEADLINE)).map(BulkJobMessageTest::label).containsExactly("Resume");
    }

    @Test
    void theStoredReasonIsEscaped() {
        TestJobs j = TestJobs.running(2).state(State.FAILED);
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "<!here>", HOSTILE);

        String text = text(j.job(), BEFORE_DEADLINE);

        assertThat(text).contains("&lt;!channel&gt; &amp; &lt;script&gt;").contains("`&lt;!here&gt;`")
                .doesNotContain("<!channel>").doesNotContain("<script>").doesNotContain("<!here>");
    }

    @Test
    void aJobHaltedBySlackNamesTheErrorAndOffersResume() {
        TestJobs j = TestJobs.running(2).state(State.FAILED);
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.SLACK, "token_revoked", null);

        assertThat(text(j.job(), BEFORE_DEADLINE)).contains("Stopped at chunk 3 of 10")
                .contains("Slack answered `token_revoked`").contains("press Resume");
        assertThat(buttons(j.job(), BEFORE_DEADLINE)).map(BulkJobMessageTest::label).containsExactly("Resume");
    }

    @Test
    void aJobWhoseStoredScopeIsUnknownSaysSoAndOffersNoResume() {
        TestJobs j = TestJobs.running(0).state(State.FAILED);
        j.scope = null;
        j.halt = new BulkJob.Halt(BulkJob.Halt.Cause.SCOPE, null, null);

        assertThat(text(j.job(), BEFORE_DEADLINE))
                .contains("*Scope:* Unknown scope (not one this version of Session Guard knows)")
                .contains("its stored scope is not one this version of Session Guard knows")
                .contains("Nothing was sent.");
        assertThat(BulkJobMessage.text(j.job(), BEFORE_DEADLINE))
                .contains("Scope: Unknown scope (not one this version of Session Guard knows).");
        assertThat(buttons(j.job(), BEFORE_DEADLINE)).isEmpty();
        assertThat(BulkWords.queued(j.job())).isEqualTo("queued with Slack (scope unknown)");
    }

    @Test
    void aJobUnderTheThresholdSaysNoApprovalWasNeeded() {
        TestJobs j = TestJobs.running(0);
        j.needsApproval = false;
        j.decidedBy = null;
        j.scope = ResetScope.WEB;

        assertThat(text(j.job(), BEFORE_DEADLINE)).contains("*Approval:* no approval needed").contains("*Scope:* Web only");
    }

    @Test
    void theReasonIsEscapedAndALongOneNeverPushesTheCountsOut() {
        TestJobs hostile = TestJobs.awaiting();
        hostile.reason = HOSTILE;
        TestJobs huge = TestJobs.awaiting();
        huge.reason = "<&>".repeat(1000);

        assertThat(text(hostile.job(), BEFORE_DEADLINE))
                .contains("*Reason:* &lt;!channel&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<!channel>").doesNotContain("<script>");
        assertThat(BulkJobMessage.text(hostile.job(), BEFORE_DEADLINE)).doesNotContain("<!channel>").doesNotContain("<script>");
        JsonArray blocks = tree(BulkJobMessage.blocks(huge.job(), "seq 42 · " + HOSTILE, BEFORE_DEADLINE)).getAsJsonArray();
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        assertThat(sectionTexts(blocks)).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(3000));
        assertThat(String.join("\n", sectionTexts(blocks))).contains("*People:* 10,000");
    }

    @Test
    void theChainReferenceIsAContextLineOnlyWhenThereIsOne() {
        JsonArray with = tree(BulkJobMessage.blocks(TestJobs.awaiting().job(), "#42 <a1b2>", BEFORE_DEADLINE)).getAsJsonArray();
        JsonArray without = blocks(TestJobs.awaiting().job(), BEFORE_DEADLINE);

        JsonObject last = with.get(with.size() - 1).getAsJsonObject();
        assertThat(last.get("type").getAsString()).isEqualTo("context");
        assertThat(strings(last)).anySatisfy(t -> assertThat(t).contains("#42 &lt;a1b2&gt;"));
        assertThat(without).noneMatch(b -> b.getAsJsonObject().get("type").getAsString().equals("context"));
    }

    @Test
    void theFallbackTextHasTheIdStateAndCounts() {
        TestJobs j = TestJobs.running(3);
        j.failed = 2;

        assertThat(BulkJobMessage.text(j.job(), BEFORE_DEADLINE)).startsWith("Session Guard: bulk sign-out 7K3M9Q2XZP — Running.")
                .contains("10,000 people: 3,000 queued with Slack, 2 failed, 0 not attempted, 12 excluded")
                .contains("Requested by <@W0000ADMIN>");
    }
}
