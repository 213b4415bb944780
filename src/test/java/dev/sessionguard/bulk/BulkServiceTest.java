package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.edge.MessagePress;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.RecordingAuditLog;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.signout.ResetScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BulkService on a real SQLite store: each step fails closed when its record can't be written. Slack is mocked. */
class BulkServiceTest {

    static final String REQUESTER = "W0000ADMIN";
    static final String APPROVER = "W0000OWNER";
    static final String AUDIT_CHANNEL = "C0000AUDIT";
    static final String JOB_MESSAGE_TS = "1700000000.000100";
    /** A press on the job's own message, where the fake outbox delivered every request. */
    static final MessagePress ON_ITS_MESSAGE = new MessagePress(AUDIT_CHANNEL, JOB_MESSAGE_TS);

    AdminGate gate = mock(AdminGate.class);
    RecordingAuditLog audit = new RecordingAuditLog();
    Database db;
    JdbcBulkJobStore store;
    BulkService service;
    AtomicInteger wakes = new AtomicInteger();
    /** Which request records the outbox has delivered, by seq: all of them unless a test says otherwise. */
    Map<Long, AuditStore.Delivered> delivered = new ConcurrentHashMap<>();
    boolean deliverEveryRequest = true;

    @BeforeEach
    void open() {
        when(gate.check(anyString(), any())).thenReturn(new GateDecision(true, "allowed", ""));
        db = Database.open(TestDatabases.freshSqlite());
        store = new JdbcBulkJobStore(db, Clock.systemUTC());
        JobMessages messages = seq -> deliverEveryRequest
                ? Optional.of(new AuditStore.Delivered(AUDIT_CHANNEL, JOB_MESSAGE_TS))
                : Optional.ofNullable(delivered.get(seq));
        service = new BulkService(gate, null, store, audit, messages, Clock.systemUTC(), 25, Duration.ofMinutes(30),
                wakes::incrementAndGet);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRequestThatCantBeRecordedIsStoppedBeforeAnyoneCanRunIt() {
        BulkJob draft = draft(100);
        audit.failWrites();

        assertThat(service.submit(actor(REQUESTER), draft.id())).isInstanceOf(BulkService.Unrecorded.class);

        assertThat(store.find(draft.id()).orElseThrow().state()).isEqualTo(BulkJob.State.CANCELLED);
        assertThat(store.claim("runner", Duration.ofSeconds(30))).isEmpty();
        assertThat(wakes).hasValue(0);
    }

    @Test
    void anApprovalThatCantBeRecordedCancelsTheJobInsteadOfRunningIt() {
        BulkJob job = requested(100);
        audit.failWrites();

        assertThat(service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Unrecorded.class);

        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.CANCELLED);
        assertThat(store.claim("runner", Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void theRequestersOwnApprovalIsRefusedAndRecordedAndTheJobStillWaits() {
        BulkJob job = requested(100);

        BulkService.Decided decided = service.approve(actor(REQUESTER), job.id(), ON_ITS_MESSAGE);

        assertThat(decided).isInstanceOfSatisfying(BulkService.Declined.class, d -> {
            assertThat(d.recorded()).isTrue();
            assertThat(d.words()).contains("second admin");
        });
        assertThat(audit.records).last().satisfies(r -> {
            assertThat(r.action()).isEqualTo(BulkRecords.REFUSED);
            assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
            assertThat(r.detail()).contains(job.id()).contains("own_request");
        });
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);
    }

    @Test
    void anApproverWhoNoLongerPassesTheGateIsRefusedAtThePress() {
        BulkJob job = requested(100);
        when(gate.check(eq(APPROVER), any())).thenReturn(GateDecision.refuse("not_org_admin", "Only org admins."));

        assertThat(service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Refused.class);

        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail()).contains("not_org_admin"));
    }

    @Test
    void aPressOnAnotherMessageOfTheAuditChannelIsRefusedRecordedAndChangesNothing() {
        BulkJob job = requested(100);
        MessagePress elsewhere = new MessagePress(AUDIT_CHANNEL, "1700000999.000200");

        BulkService.Decided decided = service.approve(actor(APPROVER), job.id(), elsewhere);

        assertThat(decided).isInstanceOfSatisfying(BulkService.Declined.class, d -> {
            assertThat(d.recorded()).isTrue();
            assertThat(d.words()).contains("not on bulk job " + job.id() + "'s own message").contains("nothing was changed");
        });
        assertThat(audit.records).last().satisfies(r -> {
            assertThat(r.action()).isEqualTo(BulkRecords.REFUSED);
            assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
            assertThat(r.detail()).contains(job.id()).contains("approval").contains("not_its_message");
        });
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);
        assertThat(wakes).hasValue(0);
    }

    @Test
    void aPressWithTheRightTsInAnotherChannelOrWithNoTsIsRefused() {
        BulkJob job = requested(100);
        service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);

        assertThat(service.cancel(actor(APPROVER), job.id(), new MessagePress("C0000GEN", JOB_MESSAGE_TS)))
                .isInstanceOf(BulkService.Declined.class);
        assertThat(service.cancel(actor(APPROVER), job.id(), new MessagePress(AUDIT_CHANNEL, null)))
                .isInstanceOf(BulkService.Declined.class);

        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.APPROVED);
        assertThat(audit.records).filteredOn(r -> r.detail().contains("not_its_message")).hasSize(2);
    }

    @Test
    void aPressBeforeTheJobsMessageIsPostedIsRefusedInClearWords() {
        deliverEveryRequest = false;
        BulkJob job = requested(100);

        BulkService.Decided decided = service.deny(actor(APPROVER), job.id(), ON_ITS_MESSAGE);

        assertThat(decided).isInstanceOfSatisfying(BulkService.Declined.class,
                d -> assertThat(d.words()).contains("no message in the audit channel yet"));
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail()).contains("message_not_posted"));
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);

        delivered.put(job.requestSeq(), new AuditStore.Delivered(AUDIT_CHANNEL, JOB_MESSAGE_TS));
        assertThat(service.deny(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Made.class);
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.DENIED);
    }

    @Test
    void aJobAtTheThresholdNeedsNoApprovalAndOneAboveItDoes() {
        BulkService.Submitted small = service.submit(actor(REQUESTER), draft(25).id());
        BulkService.Submitted big = service.submit(actor(REQUESTER), draft(26).id());

        assertThat(((BulkService.Requested) small).job().state()).isEqualTo(BulkJob.State.APPROVED);
        assertThat(((BulkService.Requested) big).job().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);
        assertThat(wakes).as("only the runnable job wakes the runner").hasValue(1);
        assertThat(audit.records).filteredOn(r -> r.action().equals(BulkRecords.REQUEST)).hasSize(2)
                .allSatisfy(r -> assertThat(r.detail()).contains("sha256 "));
    }

    @Test
    void anotherAdminCantSubmitAPreviewShownToSomeoneElse() {
        BulkJob draft = draft(30);

        BulkService.Submitted submitted = service.submit(actor(APPROVER), draft.id());

        assertThat(submitted).isInstanceOfSatisfying(BulkService.NotSubmitted.class,
                n -> assertThat(n.words()).contains("Only the admin who was shown this preview"));
        assertThat(store.find(draft.id()).orElseThrow().state()).isEqualTo(BulkJob.State.DRAFT);
    }

    @Test
    void aJobWhoseRequesterIsNoLongerAnAdminWhenItRunsSendsNothingAndFails() {
        BulkJob job = requested(100);
        service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);
        when(gate.check(eq(REQUESTER), any())).thenReturn(GateDecision.refuse("not_org_admin", "Only org admins."));
        BulkApi slack = (ids, scope) -> {
            throw new AssertionError("nothing may be sent");
        };
        runOne(slack);

        BulkJob failed = store.find(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(BulkJob.State.FAILED);
        assertThat(failed.halt()).as("why it stopped is stored with the job, for its message and the status")
                .isEqualTo(new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, "not_org_admin", "Only org admins."));
        assertThat(failed.resumable()).isFalse();
        assertThat(audit.records).last().satisfies(r -> {
            assertThat(r.action()).isEqualTo(BulkRecords.FINISH);
            assertThat(r.detail()).contains("no longer passes the admin check").contains("not_org_admin");
        });
    }

    @Test
    void aJobStoppedBecauseItsRequesterIsNoLongerAnAdminIsNotResumedAndTheRefusalIsRecorded() {
        BulkJob job = requested(100);
        service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);
        when(gate.check(eq(REQUESTER), any())).thenReturn(GateDecision.refuse("not_org_admin", "Only org admins."));
        runOne(new FakeBulkApi());
        int wakesBefore = wakes.get();

        BulkService.Decided decided = service.resume(actor(APPROVER), job.id(), ON_ITS_MESSAGE);

        assertThat(decided).isInstanceOfSatisfying(BulkService.Declined.class, d -> {
            assertThat(d.recorded()).isTrue();
            assertThat(d.words()).contains("no longer passes the admin check").contains("Resume can't send the rest");
        });
        assertThat(audit.records).last().satisfies(r -> {
            assertThat(r.action()).isEqualTo(BulkRecords.REFUSED);
            assertThat(r.detail()).contains(job.id()).contains("resume").contains("requester_not_admin");
        });
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.FAILED);
        assertThat(wakes).hasValue(wakesBefore);
    }

    @Test
    void aJobStoppedBecauseTheRequestersRoleCouldNotBeConfirmedIsResumedAndForgetsWhy() {
        BulkJob job = requested(100);
        service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);
        when(gate.check(eq(REQUESTER), any())).thenReturn(GateDecision.refuse("lookup_failed", "Slack did not answer."));
        runOne(new FakeBulkApi());
        assertThat(store.find(job.id()).orElseThrow().resumable()).isTrue();

        assertThat(service.resume(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Made.class);

        BulkJob resumed = store.find(job.id()).orElseThrow();
        assertThat(resumed.state()).isEqualTo(BulkJob.State.APPROVED);
        assertThat(resumed.halt()).isNull();
    }

    @Test
    void aRunWhoseStartCantBeRecordedSendsNothingAndIsTriedAgainLater() {
        BulkJob job = requested(100);
        service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);
        audit.failWrites();
        BulkApi slack = (ids, scope) -> {
            throw new AssertionError("nothing may be sent");
        };
        assertThat(runOne(slack)).isEmpty();

        BulkJob after = store.find(job.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(BulkJob.State.RUNNING);
        assertThat(after.nextChunk()).isZero();
        assertThat(store.claim("another", Duration.ofSeconds(30))).as("the claim was let go").isPresent();
    }

    @Test
    void everyStepChecksThePresserAtTheGateFirstAndRecordsTheRefusal() {
        BulkJob draft = draft(100);
        BulkJob job = requested(100);
        GateDecision no = GateDecision.refuse("not_org_admin", "Only org admins.");
        when(gate.check(anyString(), any())).thenReturn(no);

        assertRefused(service.submit(actor(REQUESTER), draft.id()), draft.id(), "starting a bulk sign-out");
        assertRefused(service.deny(actor(APPROVER), job.id(), ON_ITS_MESSAGE), job.id(), "denial");
        assertRefused(service.cancel(actor(APPROVER), job.id(), ON_ITS_MESSAGE), job.id(), "cancel");
        assertRefused(service.resume(actor(APPROVER), job.id(), ON_ITS_MESSAGE), job.id(), "resume");

        assertThat(store.find(draft.id()).orElseThrow().state()).isEqualTo(BulkJob.State.DRAFT);
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);
    }

    private void assertRefused(Object outcome, String jobId, String what) {
        assertThat(outcome).isInstanceOfSatisfying(BulkService.Refused.class, r -> {
            assertThat(r.gate().code()).isEqualTo("not_org_admin");
            assertThat(r.gate().recorded()).isTrue();
        });
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail())
                .isEqualTo("Bulk job " + jobId + ": " + what + " refused (not_org_admin): Only org admins."));
    }

    @Test
    void aPreviewThatIsNoLongerStoredCantBeSubmitted() {
        BulkService.Submitted submitted = service.submit(actor(REQUESTER), "ZZZZZZZZZZ");

        assertThat(submitted).isInstanceOfSatisfying(BulkService.NotSubmitted.class, n -> assertThat(n.words())
                .isEqualTo("This preview is no longer there (previews last " + BulkService.PREVIEW_TTL.toMinutes()
                        + " minutes). Start again with `/session-reset bulk`."));
    }

    @Test
    void anApprovalIsRecordedWakesTheRunnerAndASecondOneChangesNothing() {
        BulkJob job = requested(100);

        BulkService.Decided first = service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);

        assertThat(first).isInstanceOfSatisfying(BulkService.Made.class,
                m -> assertThat(m.job().state()).isEqualTo(BulkJob.State.APPROVED));
        assertThat(wakes).hasValue(1);
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail()).isEqualTo("Bulk job " + job.id()
                + ": approved by <@W0000OWNER>; 100 people will be queued with Slack."));

        BulkService.Decided again = service.approve(actor("W0000THIRD"), job.id(), ON_ITS_MESSAGE);
        assertThat(again).isInstanceOfSatisfying(BulkService.Declined.class, d -> {
            assertThat(d.words()).isEqualTo("Bulk job " + job.id() + " is approved and starting, so nothing was changed.");
            assertThat(d.recorded()).isTrue();
        });
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail()).contains("wrong_state"));
        assertThat(wakes).hasValue(1);

        BulkService.Decided own = service.approve(actor(REQUESTER), job.id(), ON_ITS_MESSAGE);
        assertThat(own).as("the requester is told it is their own request, whatever its state")
                .isInstanceOfSatisfying(BulkService.Declined.class, d -> assertThat(d.words())
                        .isEqualTo("You requested this job, so a second admin must approve it."));
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail()).contains("(own_request)"));
    }

    @Test
    void aDenialOrCancelOfAJobPastItIsDeclined() {
        BulkJob job = requested(100);
        assertThat(service.deny(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Made.class);

        assertThat(service.deny(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOfSatisfying(
                BulkService.Declined.class, d -> assertThat(d.words()).isEqualTo("Bulk job " + job.id()
                        + " is denied by <@W0000OWNER> and nothing was sent, so nothing was changed."));
        assertThat(service.cancel(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Declined.class);
        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.DENIED);
    }

    @Test
    void aPressOnAJobThatIsNotThereIsDeclinedAndRecordedWithoutAJob() {
        BulkService.Decided decided = service.approve(actor(APPROVER), "ZZZZZZZZZZ", ON_ITS_MESSAGE);

        assertThat(decided).isInstanceOfSatisfying(BulkService.Declined.class,
                d -> assertThat(d.words()).isEqualTo("There is no bulk job ZZZZZZZZZZ."));
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail())
                .isEqualTo("Bulk sign-out: approval refused (no_such_job): There is no bulk job ZZZZZZZZZZ."));
    }

    @Test
    void aPressOnAJobWhoseRequestWasNeverRecordedIsRefused() {
        BulkJob draft = draft(100);
        store.submit(draft.id(), REQUESTER, true, Duration.ofMinutes(30));

        BulkService.Decided decided = service.approve(actor(APPROVER), draft.id(), ON_ITS_MESSAGE);

        assertThat(decided).isInstanceOf(BulkService.Declined.class);
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail()).contains("(message_not_posted)"));
        assertThat(store.find(draft.id()).orElseThrow().state()).isEqualTo(BulkJob.State.AWAITING_APPROVAL);
    }

    @Test
    void aResumeIsRecordedFromItsChunkAndWakesTheRunnerOnlyFromTheJobsMessage() {
        BulkJob job = stoppedUnconfirmed();
        int wakesBefore = wakes.get();

        assertThat(service.resume(actor(APPROVER), job.id(), new MessagePress(AUDIT_CHANNEL, "1.2")))
                .isInstanceOf(BulkService.Declined.class);
        assertThat(wakes).hasValue(wakesBefore);

        assertThat(service.resume(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Made.class);
        assertThat(wakes).hasValue(wakesBefore + 1);
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail())
                .isEqualTo("Bulk job " + job.id() + ": resumed by <@W0000OWNER> from chunk 1 of 1."));

        assertThat(service.resume(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).as("it is approved, not stopped")
                .isInstanceOfSatisfying(BulkService.Declined.class, d -> assertThat(d.words())
                        .isEqualTo("Bulk job " + job.id() + " is approved and starting, so nothing was changed."));
    }

    @Test
    void aResumeThatCantBeRecordedCancelsTheJobInsteadOfRunningIt() {
        BulkJob job = stoppedUnconfirmed();
        int wakesBefore = wakes.get();
        audit.failWrites();

        assertThat(service.resume(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOf(BulkService.Unrecorded.class);

        assertThat(store.find(job.id()).orElseThrow().state()).isEqualTo(BulkJob.State.CANCELLED);
        assertThat(wakes).hasValue(wakesBefore);
    }

    @Test
    void anApprovalPastTheDeadlineSaysTheRequestExpiredBeforeAndAfterItIsMarkedSo() {
        BulkService quick = new BulkService(gate, null, store, audit, seq -> Optional.of(
                new AuditStore.Delivered(AUDIT_CHANNEL, JOB_MESSAGE_TS)), Clock.systemUTC(), 25, Duration.ofSeconds(1), () -> { });
        BulkJob job = ((BulkService.Requested) quick.submit(actor(REQUESTER), draft(100).id())).job();
        dev.sessionguard.support.Await.until(Duration.ofSeconds(5),
                () -> java.time.Instant.now().isAfter(job.approvalExpiresAt()), "the approval deadline");
        String expired = "This request has expired: nobody approved it within 1 second, so nothing was sent.";

        assertThat(quick.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOfSatisfying(
                BulkService.Declined.class, d -> assertThat(d.words()).isEqualTo(expired));
        assertThat(audit.records).last().satisfies(r -> assertThat(r.detail())
                .isEqualTo("Bulk job " + job.id() + ": approval refused (approval_expired): " + expired));

        assertThat(quick.expireDue()).extracting(BulkJob::id).containsExactly(job.id());
        assertThat(quick.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE)).isInstanceOfSatisfying(
                BulkService.Declined.class, d -> assertThat(d.words()).isEqualTo(expired));
    }

    @Test
    void aJobWhoseStoredScopeIsUnknownEndsWithARecordSayingSo() throws Exception {
        BulkJob job = requested(10);
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE bulk_job SET scope = 'EVERYTHING' WHERE id = '" + job.id() + "'");
        }
        runOne(new FakeBulkApi());

        assertThat(audit.records).last().satisfies(r -> {
            assertThat(r.action()).isEqualTo(BulkRecords.FINISH);
            assertThat(r.detail()).isEqualTo("Bulk job " + job.id() + ": not run: its stored scope is not one this"
                    + " version of Session Guard knows, so nothing more was sent.");
        });
    }

    /** A job of 100 (one chunk) that stopped before its first chunk because the requester's role was unconfirmed. */
    private BulkJob stoppedUnconfirmed() {
        BulkJob job = requested(100);
        service.approve(actor(APPROVER), job.id(), ON_ITS_MESSAGE);
        when(gate.check(eq(REQUESTER), any())).thenReturn(GateDecision.refuse("lookup_failed", "Slack did not answer."));
        runOne(new FakeBulkApi());
        BulkJob stopped = store.find(job.id()).orElseThrow();
        assertThat(stopped.state()).isEqualTo(BulkJob.State.FAILED);
        assertThat(stopped.resumable()).isTrue();
        return stopped;
    }

    private BulkJob requested(int people) {
        return ((BulkService.Requested) service.submit(actor(REQUESTER), draft(people).id())).job();
    }

    private BulkJob draft(int people) {
        List<String> ids = IntStream.range(0, people).mapToObj(i -> String.format("W%09d", i)).toList();
        return store.draft(new BulkJobStore.Draft(REQUESTER, "E0000ORG1", ResetScope.ALL, "incident", ids, List.of()),
                BulkService.PREVIEW_TTL);
    }

    private static Actor actor(String userId) {
        return new Actor(userId, "E0000ORG1");
    }

    /** One pass of a runner (the app's: the runs audited by {@link AuditedRuns}) against {@code api}. */
    private Optional<BulkEngine.Report> runOne(BulkApi api) {
        try (BulkJobRunner runner = new BulkJobRunner(store, new BulkEngine(api), "runner", Duration.ofSeconds(30),
                new AuditedRuns(gate, audit, store, Clock.systemUTC()))) {
            return runner.runOne();
        }
    }
}
