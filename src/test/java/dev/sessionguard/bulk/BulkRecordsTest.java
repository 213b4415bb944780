package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.signout.ResetScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A bulk job's audit records, field by field: what the chain keeps of each step. */
class BulkRecordsTest {

    static final Instant AT = Instant.parse("2025-03-01T10:05:00Z");
    /** SHA-256 of "W1\nW2\n", computed apart from the code under test. */
    static final String W1_W2 = "17f048245910f0237046ec63d8b3231b0207d3f06958a4803d33f11d2e1e3b84";

    @Test
    void theRequestHoldsTheDigestOfThePeopleInOrderAndWhoWasLeftOut() {
        BulkJob job = TestJobs.awaiting().job();
        List<Exclusion> left = List.of(new Exclusion("W0000BOT", "bot", "A bot: not attempted."));

        AuditRecord r = BulkRecords.request(AT, job, List.of("W1", "W2"), left, 500);

        assertThat(r.at()).isEqualTo(AT);
        assertThat(r.actorId()).isEqualTo(TestJobs.REQUESTER);
        assertThat(r.action()).isEqualTo(BulkRecords.REQUEST).isEqualTo("bulk.request");
        assertThat(r.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(r.scope()).isEqualTo("All sessions");
        assertThat(r.reason()).isEqualTo(job.reason());
        assertThat(r.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: requested for 10000 people (1 left out); waits for a"
                + " second admin's approval (more than 500 people). People, in order: sha256 " + W1_W2 + ".");
        assertThat(r.targets()).containsExactly(
                new TargetResult("W0000BOT", TargetResult.Status.NOT_ATTEMPTED, "bot", "A bot: not attempted."));
        assertThat(r.ref()).isNull();

        TestJobs small = TestJobs.awaiting();
        small.needsApproval = false;
        assertThat(BulkRecords.request(AT, small.job(), List.of("W1"), List.of(), 500).detail())
                .contains("(0 left out); needs no approval (500 people or fewer).");
    }

    @Test
    void theDigestIsOfEachIdOnALineInOrder() {
        assertThat(BulkRecords.digest(List.of("W1", "W2"))).isEqualTo(W1_W2);
        assertThat(BulkRecords.digest(List.of("W2", "W1")))
                .isEqualTo("b40cd7f99a5d2baaf12ba0a983a5a17fea4542483f0088e3c44f5cfc9dea671d");
        assertThat(BulkRecords.digest(List.of()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aDecisionAndARefusalNameTheJobAndWhoActed() {
        BulkJob job = TestJobs.running(0).job();

        AuditRecord approved = BulkRecords.decision(AT, BulkRecords.APPROVE, "W0000OTHER", job, "approved.");
        assertThat(approved.actorId()).isEqualTo("W0000OTHER");
        assertThat(approved.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(approved.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: approved.");
        assertThat(approved.ref()).isEqualTo(1L);

        AuditRecord press = BulkRecords.refused(AT, "W0000OTHER", "7K3M9Q2XZP", "approval", "own_request", "Not yours.");
        assertThat(press.action()).isEqualTo(BulkRecords.REFUSED);
        assertThat(press.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(press.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: approval refused (own_request): Not yours.");
        assertThat(press.scope()).isNull();
        assertThat(BulkRecords.jobId(press)).contains("7K3M9Q2XZP");

        AuditRecord form = BulkRecords.refused(AT, "W0000OTHER", null, "a bulk sign-out preview", "not_admin", "No.");
        assertThat(form.detail()).isEqualTo("Bulk sign-out: a bulk sign-out preview refused (not_admin): No.");
        assertThat(BulkRecords.jobId(form)).isEmpty();
    }

    @Test
    void aRunStartsOrResumesAndSaysWhoApprovedIt() {
        AuditRecord first = BulkRecords.started(AT, TestJobs.running(0).job());
        assertThat(first.action()).isEqualTo(BulkRecords.START);
        assertThat(first.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(first.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: started of 10 (10000 people, approved by"
                + " <@W0000OTHER>).");
        assertThat(first.ref()).isEqualTo(1L);

        TestJobs resumed = TestJobs.running(3);
        resumed.needsApproval = false;
        assertThat(BulkRecords.started(AT, resumed.job()).detail())
                .isEqualTo("Bulk job 7K3M9Q2XZP: resumed at chunk 4 of 10 (10000 people, no approval needed).");
    }

    @Test
    void eachChunkCountsWhatSlackQueued() {
        List<TargetResult> outcomes = List.of(new TargetResult("W1", TargetResult.Status.DONE, null, "q"),
                new TargetResult("W2", TargetResult.Status.FAILED, "ratelimited", "r"),
                new TargetResult("W3", TargetResult.Status.DONE, null, "q"));

        AuditRecord r = BulkRecords.progress(AT, TestJobs.running(2).job(), 2, outcomes);

        assertThat(r.action()).isEqualTo(BulkRecords.PROGRESS);
        assertThat(r.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: chunk 3 of 10 settled: 2 queued with Slack, 1 not.");
        assertThat(r.targets()).isEmpty();
    }

    @Test
    void theEndSucceedsOnlyWhenEveryoneSentWasQueued() {
        assertThat(finish(1, 0, 0)).isEqualTo(Outcome.SUCCEEDED);
        assertThat(finish(10_000, 0, 0)).isEqualTo(Outcome.SUCCEEDED);
        assertThat(finish(0, 0, 0)).as("nothing queued").isEqualTo(Outcome.FAILED);
        assertThat(finish(0, 3, 0)).isEqualTo(Outcome.FAILED);
        assertThat(finish(0, 0, 3)).isEqualTo(Outcome.FAILED);
        assertThat(finish(5, 1, 0)).isEqualTo(Outcome.PARTLY_FAILED);
        assertThat(finish(5, 0, 1)).isEqualTo(Outcome.PARTLY_FAILED);

        AuditRecord r = BulkRecords.finished(AT, TestJobs.running(10).state(State.DONE).job(), "finished.");
        assertThat(r.action()).isEqualTo(BulkRecords.FINISH);
        assertThat(r.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: finished.");
        assertThat(r.scope()).isEqualTo("All sessions");
        assertThat(r.ref()).isEqualTo(1L);
    }

    @Test
    void thePeopleNotConfirmedAreListedInTheirOwnRecord() {
        List<TargetResult> lost = List.of(new TargetResult("W2", TargetResult.Status.FAILED, "fatal_error", "x"));

        AuditRecord r = BulkRecords.failures(AT, TestJobs.running(10).state(State.DONE).job(), lost);

        assertThat(r.action()).isEqualTo(BulkRecords.FAILURES);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.detail()).isEqualTo("Bulk job 7K3M9Q2XZP: 1 people were not confirmed by Slack.");
        assertThat(r.targets()).isEqualTo(lost);
    }

    @Test
    void aJobWithAnUnknownStoredScopeIsRecordedAsSuch() {
        TestJobs odd = TestJobs.running(0).state(State.FAILED);
        odd.scope = null;
        TestJobs web = TestJobs.running(0);
        web.scope = ResetScope.WEB;

        assertThat(BulkRecords.finished(AT, odd.job(), "not run.").scope())
                .isEqualTo("Unknown scope (not one this version of Session Guard knows)");
        assertThat(BulkRecords.started(AT, web.job()).scope()).isEqualTo("Web only");
    }

    @Test
    void theJobIdIsReadOnlyFromABulkRecordThatStartsWithIt() {
        assertThat(BulkRecords.jobId(record("bulk.finish", "Bulk job 7K3M9Q2XZP: finished."))).contains("7K3M9Q2XZP");
        assertThat(BulkRecords.jobId(record("session.reset", "Bulk job 7K3M9Q2XZP: finished."))).isEmpty();
        assertThat(BulkRecords.jobId(record("bulk.finish", null))).isEmpty();
        assertThat(BulkRecords.jobId(record("bulk.finish", "See Bulk job 7K3M9Q2XZP"))).isEmpty();
        assertThat(BulkRecords.jobId(record("bulk.finish", "Bulk job 7K3M9Q2XZP9: x"))).isEmpty();
        assertThat(BulkRecords.jobId(record("bulk.finish", "Bulk job 7k3m9q2xzp: x"))).isEqualTo(Optional.empty());
    }

    private static Outcome finish(int done, int failed, int notAttempted) {
        TestJobs j = TestJobs.running(10).state(State.DONE);
        j.done = done;
        j.failed = failed;
        j.notAttempted = notAttempted;
        return BulkRecords.finished(AT, j.job(), "x").outcome();
    }

    private static AuditRecord record(String action, String detail) {
        return new AuditRecord(AT, "W1", action, Outcome.SUCCEEDED, null, null, detail, List.of());
    }
}
