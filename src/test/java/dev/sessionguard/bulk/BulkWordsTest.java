package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The words every bulk surface shares, pinned exactly: a changed word here changes it everywhere. */
class BulkWordsTest {

    static final Instant NOW = TestJobs.CREATED.plusSeconds(600);
    static final String EXPIRES = "<!date^" + TestJobs.CREATED.plusSeconds(1800).getEpochSecond()
            + "^{date_short_pretty} {time}|2025-03-01T10:30:00Z>";

    @Test
    void numbersAreGroupedAndPeopleCountedInTheSingularForOne() {
        assertThat(BulkWords.number(0)).isEqualTo("0");
        assertThat(BulkWords.number(999)).isEqualTo("999");
        assertThat(BulkWords.number(10_000)).isEqualTo("10,000");
        assertThat(BulkWords.people(0)).isEqualTo("0 people");
        assertThat(BulkWords.people(1)).isEqualTo("1 person");
        assertThat(BulkWords.people(2)).isEqualTo("2 people");
        assertThat(BulkWords.people(12_345)).isEqualTo("12,345 people");
        assertThat(BulkWords.job("7K3M9Q2XZP")).isEqualTo("Bulk job 7K3M9Q2XZP");
    }

    @Test
    void durationsAreShortAndDropAZeroRemainder() {
        assertThat(BulkWords.duration(Duration.ofSeconds(-5))).isEqualTo("0 s");
        assertThat(BulkWords.duration(Duration.ZERO)).isEqualTo("0 s");
        assertThat(BulkWords.duration(Duration.ofSeconds(59))).isEqualTo("59 s");
        assertThat(BulkWords.duration(Duration.ofSeconds(60))).isEqualTo("1 min");
        assertThat(BulkWords.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(BulkWords.duration(Duration.ofSeconds(3599))).isEqualTo("59 min 59 s");
        assertThat(BulkWords.duration(Duration.ofSeconds(3600))).isEqualTo("1 h");
        assertThat(BulkWords.duration(Duration.ofSeconds(3659))).isEqualTo("1 h");
        assertThat(BulkWords.duration(Duration.ofSeconds(3780))).isEqualTo("1 h 3 min");
        assertThat(BulkWords.duration(Duration.ofHours(26).plusMinutes(1))).isEqualTo("26 h 1 min");
    }

    @Test
    void windowsAreInTheLargestWholeUnit() {
        assertThat(BulkWords.window(Duration.ofSeconds(-1))).isEqualTo("0 seconds");
        assertThat(BulkWords.window(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(BulkWords.window(Duration.ofSeconds(59))).isEqualTo("59 seconds");
        assertThat(BulkWords.window(Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(BulkWords.window(Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(BulkWords.window(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(BulkWords.window(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(BulkWords.window(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(BulkWords.window(Duration.ofHours(2))).isEqualTo("2 hours");
        assertThat(BulkWords.window(Duration.ofHours(2000))).isEqualTo("2,000 hours");

        assertThat(BulkWords.minutes(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(BulkWords.minutes(Duration.ofSeconds(59))).isEqualTo("59 seconds");
        assertThat(BulkWords.minutes(Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(BulkWords.minutes(Duration.ofSeconds(61))).isEqualTo("61 seconds");
        assertThat(BulkWords.minutes(Duration.ofHours(2))).isEqualTo("120 minutes");
        assertThat(BulkWords.minutes(Duration.ZERO)).isEqualTo("0 seconds");
    }

    @Test
    void datesShowInEachReadersZoneWithTheIsoTextAsFallback() {
        assertThat(BulkWords.date(TestJobs.CREATED.plusSeconds(1800))).isEqualTo(EXPIRES);
    }

    @Test
    void scopesReadAsTheirLabelsAndQueuedInTheEnginesWords() {
        TestJobs web = TestJobs.awaiting();
        web.scope = ResetScope.WEB;
        assertThat(BulkWords.scope(web.job())).isEqualTo("Web only");
        assertThat(BulkWords.scopeField(ResetScope.MOBILE)).isEqualTo("*Scope:* Mobile only");
        assertThat(BulkWords.queued(ResetScope.ALL)).isEqualTo("queued with Slack to sign out of all sessions");
        assertThat(BulkWords.queued(web.job())).isEqualTo("queued with Slack to sign out of web sessions");
        assertThat(BulkWords.QUEUED).isEqualTo("queued with Slack");
    }

    @Test
    void anApprovalLapsesAtItsDeadlineNotAMomentLater() {
        Instant deadline = TestJobs.CREATED.plusSeconds(1800);
        BulkJob awaiting = TestJobs.awaiting().job();

        assertThat(BulkWords.approvalLapsed(awaiting, deadline.minusMillis(1))).isFalse();
        assertThat(BulkWords.approvable(awaiting, deadline.minusMillis(1))).isTrue();
        assertThat(BulkWords.approvalLapsed(awaiting, deadline)).isTrue();
        assertThat(BulkWords.approvable(awaiting, deadline)).isFalse();

        TestJobs noDeadline = TestJobs.awaiting();
        noDeadline.approvalExpiresAt = null;
        assertThat(BulkWords.approvalLapsed(noDeadline.job(), NOW)).as("no deadline stored: nothing to wait for")
                .isTrue();
        BulkJob running = TestJobs.running(1).job();
        assertThat(BulkWords.approvalLapsed(running, deadline.plusSeconds(1))).isFalse();
        assertThat(BulkWords.approvable(running, NOW)).isFalse();
    }

    @Test
    void onlyApprovedAndRunningJobsCanBeCancelled() {
        for (State s : State.values()) {
            assertThat(BulkWords.cancellable(TestJobs.awaiting().state(s).job())).as(s.name())
                    .isEqualTo(EnumSet.of(State.APPROVED, State.RUNNING).contains(s));
        }
    }

    @Test
    void eachStateHasItsWordsAndIcon() {
        assertState(State.DRAFT, "Draft, not submitted", ":memo:", "not submitted yet");
        assertState(State.AWAITING_APPROVAL, "Waiting for approval", ":raised_hand:", "waiting for approval");
        assertState(State.APPROVED, "Approved, starting", ":hourglass_flowing_sand:", "approved and starting");
        assertState(State.RUNNING, "Running", ":hourglass_flowing_sand:", "running");
        assertState(State.DONE, "Finished", ":white_check_mark:", "finished");
        assertState(State.CANCELLED, "Cancelled", ":octagonal_sign:", "cancelled");
        assertState(State.DENIED, "Denied", ":no_entry:", "denied and nothing was sent");
        assertState(State.EXPIRED, "Expired", ":alarm_clock:", "expired");
        assertState(State.FAILED, "Failed", ":x:", "stopped (it can be resumed)");

        BulkJob lapsed = TestJobs.awaiting().job();
        Instant late = TestJobs.CREATED.plusSeconds(1800);
        assertThat(BulkWords.state(lapsed, late)).isEqualTo("Expired");
        assertThat(BulkWords.icon(lapsed, late)).isEqualTo(":alarm_clock:");
    }

    private static void assertState(State state, String words, String icon, String inSentence) {
        BulkJob job = TestJobs.awaiting().state(state).job();
        assertThat(BulkWords.state(job, NOW)).isEqualTo(words);
        assertThat(BulkWords.icon(job, NOW)).isEqualTo(icon);
        assertThat(BulkWords.stateInSentence(job)).isEqualTo(inSentence);
    }

    @Test
    void aFinishedJobWithAnyoneNotQueuedWarnsAndTheSentenceNamesWhoDecided() {
        TestJobs failed = TestJobs.awaiting().state(State.DONE);
        failed.failed = 1;
        TestJobs notAttempted = TestJobs.awaiting().state(State.DONE);
        notAttempted.notAttempted = 1;
        assertThat(BulkWords.icon(failed.job(), NOW)).isEqualTo(":warning:");
        assertThat(BulkWords.icon(notAttempted.job(), NOW)).isEqualTo(":warning:");

        TestJobs cancelled = TestJobs.awaiting().state(State.CANCELLED);
        cancelled.cancelledBy = "W0000OTHER";
        TestJobs denied = TestJobs.awaiting().state(State.DENIED);
        denied.decidedBy = "W0000OTHER";
        assertThat(BulkWords.stateInSentence(cancelled.job())).isEqualTo("cancelled by <@W0000OTHER>");
        assertThat(BulkWords.stateInSentence(denied.job())).isEqualTo("denied by <@W0000OTHER> and nothing was sent");
        TestJobs stopped = TestJobs.running(2).state(State.FAILED);
        stopped.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_org_admin", null);
        assertThat(BulkWords.stateInSentence(stopped.job())).isEqualTo("stopped");
    }

    @Test
    void eachStateExplainsWhatItMeansForThePeople() {
        assertThat(explain(TestJobs.awaiting().state(State.DRAFT)))
                .isEqualTo("A preview its requester has not submitted: nothing is sent and nobody can approve it.");
        assertThat(explain(TestJobs.awaiting())).isEqualTo("A second admin must press *Approve* before " + EXPIRES
                + "; the requester can't approve their own request. Nothing is sent until then.");
        assertThat(explain(TestJobs.awaiting().state(State.APPROVED))).isEqualTo("The first chunk goes to Slack shortly.");
        assertThat(explain(TestJobs.running(2))).isEqualTo("Sending chunk 3 of 10 to Slack, 1,000 people at a time."
                + " Slack queues each chunk and ends the sessions itself.");
        assertThat(explain(TestJobs.awaiting().state(State.EXPIRED)))
                .isEqualTo("The request expired: nobody approved it before " + EXPIRES + ", so nothing was sent.");
        TestJobs noDeadline = TestJobs.awaiting().state(State.EXPIRED);
        noDeadline.approvalExpiresAt = null;
        assertThat(explain(noDeadline)).isEqualTo("The request expired: nobody approved it in time, so nothing was sent.");
        assertThat(BulkWords.explanation(TestJobs.awaiting().job(), TestJobs.CREATED.plusSeconds(1800)))
                .startsWith("The request expired: nobody approved it before ");

        TestJobs done = TestJobs.running(10).state(State.DONE);
        assertThat(explain(done)).isEqualTo("Every chunk was sent: 10,000 people queued with Slack.");
        done.done = 9_998;
        done.failed = 2;
        assertThat(explain(done)).isEqualTo("Every chunk was sent: 9,998 people queued with Slack; 2 failed, so sign"
                + " them out again to be sure (the audit trail lists who).");

        TestJobs denied = TestJobs.awaiting().state(State.DENIED);
        assertThat(explain(denied)).isEqualTo("Denied, so nothing was sent.");
        denied.decidedBy = "W0000OTHER";
        assertThat(explain(denied)).isEqualTo("Denied by <@W0000OTHER>, so nothing was sent.");

        TestJobs cancelled = TestJobs.running(3).state(State.CANCELLED);
        assertThat(explain(cancelled)).isEqualTo("Cancelled; 3,000 of 10,000 people had already been queued with Slack"
                + " (chunks already sent stay sent).");
        cancelled.cancelledBy = "W0000OTHER";
        assertThat(BulkWords.cancelled(cancelled.job())).startsWith("Cancelled by <@W0000OTHER>; 3,000 of 10,000 people");
    }

    @Test
    void aJobSlackStoppedSaysWhereAndWhy() {
        TestJobs slack = TestJobs.running(2).state(State.FAILED);
        slack.halt = new BulkJob.Halt(BulkJob.Halt.Cause.SLACK, "token_<revoked>", null);
        assertThat(explain(slack)).isEqualTo("Stopped at chunk 3 of 10 on an error every later chunk would share"
                + " (Slack answered `token_&lt;revoked&gt;`), so the rest was not sent. Chunks already sent stay sent."
                + " Fix the cause, then press Resume: the job goes on from that chunk (signing someone out again is"
                + " harmless).");
        slack.halt = new BulkJob.Halt(BulkJob.Halt.Cause.SLACK, null, null);
        assertThat(explain(slack)).contains("(the audit trail names it)");
        slack.halt = null;
        assertThat(explain(slack)).contains("(the audit trail names it)");

        TestJobs past = TestJobs.running(10).state(State.FAILED);
        past.nextChunk = 12;
        assertThat(explain(past)).startsWith("Stopped at chunk 10 of 10 ");
        TestJobs empty = TestJobs.awaiting().state(State.FAILED);
        empty.targetCount = 0;
        assertThat(explain(empty)).startsWith("Stopped at chunk 1 of 0 ");
    }

    @Test
    void aJobItsRequesterStoppedSaysWhatTheCheckSaidAndWhetherResumeHelps() {
        TestJobs lost = TestJobs.running(0).state(State.FAILED);
        lost.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_org_admin", "W0000ADMIN is not an <admin>");
        assertThat(explain(lost)).isEqualTo("Stopped before chunk 1 of 10: <@W0000ADMIN>, who requested it, no longer"
                + " passes the admin check, so the rest was not sent. The check said: \u201cW0000ADMIN is not an"
                + " &lt;admin&gt;\u201d (`not_org_admin`). Nothing was sent. Resume can't help: every run checks the"
                + " requester again first. To sign out the people not sent yet, an admin starts a new bulk sign-out"
                + " with `/session-reset bulk`.");

        TestJobs unsure = TestJobs.running(4).state(State.FAILED);
        unsure.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "lookup_failed", " ");
        assertThat(explain(unsure)).isEqualTo("Stopped before chunk 5 of 10: Session Guard could not confirm that"
                + " <@W0000ADMIN>, who requested it, still passes the admin check, so the rest was not sent. The check"
                + " answered `lookup_failed`. Chunks already sent stay sent (4,000 people queued with Slack). Any admin"
                + " can press Resume once Slack answers again: the run checks <@W0000ADMIN> again before it sends"
                + " anything.");

        TestJobs wordsOnly = TestJobs.running(0).state(State.FAILED);
        wordsOnly.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, null, "Deactivated");
        assertThat(explain(wordsOnly)).contains("so the rest was not sent. The check said: \u201cDeactivated\u201d."
                + " Nothing was sent.");
        TestJobs silent = TestJobs.running(0).state(State.FAILED);
        silent.halt = new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, null, null);
        assertThat(explain(silent)).contains("so the rest was not sent. Nothing was sent. Resume can't help");
    }

    @Test
    void whoAskedWhoDecidedAndWhichSessions() {
        TestJobs awaiting = TestJobs.awaiting();
        assertThat(BulkWords.who(awaiting.job())).isEqualTo("*Requested by:* <@W0000ADMIN>, <!date^"
                + TestJobs.CREATED.getEpochSecond() + "^{date_short_pretty} {time}|2025-03-01T10:00:00Z>"
                + "\n*Approval:* not yet\n*Scope:* All sessions");
        assertThat(BulkWords.who(TestJobs.awaiting().state(State.DRAFT).job())).contains("\n*Approval:* not yet\n");
        assertThat(BulkWords.who(TestJobs.awaiting().state(State.EXPIRED).job()))
                .contains("\n*Approval:* nobody approved it\n");
        assertThat(BulkWords.who(TestJobs.running(1).job())).contains("\n*Approved by:* <@W0000OTHER>\n");
        TestJobs denied = TestJobs.awaiting().state(State.DENIED);
        denied.decidedBy = "W0000OTHER";
        assertThat(BulkWords.who(denied.job())).contains("\n*Denied by:* <@W0000OTHER>\n");
        TestJobs small = TestJobs.running(1).state(State.CANCELLED);
        small.needsApproval = false;
        small.cancelledBy = "W0000THIRD";
        assertThat(BulkWords.who(small.job())).endsWith("\n*Approval:* no approval needed"
                + "\n*Cancelled by:* <@W0000THIRD>\n*Scope:* All sessions");
    }

    @Test
    void countsProgressAndTallyReadTheSameNumbers() {
        TestJobs j = TestJobs.running(3);
        j.failed = 2;
        j.notAttempted = 1;
        BulkJob job = j.job();
        assertThat(BulkWords.counts(job)).isEqualTo("*People:* 10,000 · *Queued with Slack:* 3,000 · *Failed:* 2"
                + " · *Not attempted:* 1 · *Excluded:* 12");
        assertThat(BulkWords.tally(job)).isEqualTo("3,000 queued with Slack, 2 failed, 1 not attempted, 12 excluded");
        assertThat(BulkWords.progress(job, NOW)).isEqualTo("*Progress:* chunk 4 of 10 · *Elapsed:* 9 min");
        assertThat(BulkWords.elapsed(TestJobs.awaiting().job(), NOW)).isEqualTo("not started");

        TestJobs done = TestJobs.running(10).state(State.DONE);
        done.finishedAt = TestJobs.CREATED.plusSeconds(185);
        assertThat(BulkWords.progress(done.job(), NOW)).isEqualTo("*Progress:* 10 of 10 chunks sent · *Elapsed:* 2 min 5 s");
        TestJobs one = TestJobs.running(1).state(State.DONE);
        one.targetCount = 1;
        assertThat(BulkWords.progress(one.job(), NOW)).startsWith("*Progress:* 1 of 1 chunk sent");
        TestJobs last = TestJobs.running(10);
        assertThat(BulkWords.progress(last.job(), NOW)).startsWith("*Progress:* chunk 10 of 10 ");
        TestJobs over = TestJobs.running(12).state(State.CANCELLED);
        assertThat(BulkWords.progress(over.job(), NOW)).startsWith("*Progress:* 10 of 10 chunks sent");
        TestJobs none = TestJobs.awaiting();
        none.targetCount = 0;
        assertThat(BulkWords.progress(none.job(), NOW)).isEqualTo("*Progress:* no chunks · *Elapsed:* not started");
    }

    @Test
    void aCutNeverSplitsAnEntityOrASurrogatePair() {
        assertThat(BulkWords.cut("abcdef", 6)).isEqualTo("abcdef");
        assertThat(BulkWords.cut("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(BulkWords.cut("abc &amp; def", 7)).isEqualTo("abc …");
        assertThat(BulkWords.cut("abc &amp; def", 10)).isEqualTo("abc &amp;…");
        assertThat(BulkWords.cut("a &amp; b & c", 12)).as("a bare & with no ; after it is cut off")
                .isEqualTo("a &amp; b …");
        assertThat(BulkWords.cut("&amp;xyz", 4)).as("an entity cut at the very start").isEqualTo("…");
        assertThat(BulkWords.cut("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
        assertThat(BulkWords.cut("abc\uD83D\uDE00d", 5)).isEqualTo("abc…");
        assertThat(BulkWords.cut("abc\uD83D\uDE00de", 6)).isEqualTo("abc\uD83D\uDE00…");
        assertThat(BulkWords.reason("<b> & c", 100)).isEqualTo("*Reason:* &lt;b&gt; &amp; c");
        assertThat(BulkWords.reason("x".repeat(50), 20)).isEqualTo("*Reason:* " + "x".repeat(9) + "…").hasSize(20);
    }

    private static String explain(TestJobs j) {
        return BulkWords.explanation(j.job(), NOW);
    }
}
