package dev.sessionguard.signout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.support.RecordingAuditLog;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.SlackUser;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** SignOutService alone: what it records when a reset is cut short. Slack is mocked; the rest is end to end elsewhere. */
class SignOutServiceTest {

    AdminGate gate = mock(AdminGate.class);
    Directory directory = mock(Directory.class);
    SessionAdminApi sessions = mock(SessionAdminApi.class);
    RecordingAuditLog audit = new RecordingAuditLog();
    SignOutService service = new SignOutService(gate, directory, sessions, audit, Clock.systemUTC(), ProtectedUsers.NONE);
    Actor actor = new Actor("W0000ADMIN", "E0000ORG1");

    @BeforeEach
    void everyoneIsAResettableMember() {
        when(gate.check(anyString(), any())).thenReturn(new GateDecision(true, "allowed", ""));
        when(directory.lookup(anyString())).thenAnswer(i -> new Directory.Lookup(Optional.of(new SlackUser(
                i.getArgument(0), "someone", "E0000ORG1", false, false, false, false, false, List.of())), null));
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aShutdownMidResetStopsNewSignOutsAndStillRecordsTheOnesDone() {
        when(sessions.reset(eq("W0000ALICE"), anyBoolean(), anyBoolean())).thenAnswer(i -> {
            Thread.currentThread().interrupt(); // the executor is shut down while Alice's reset is in flight
            return new SlackResult<>(null, null, 0, false, 1);
        });

        SignOutService.Report report = service.reset(actor, List.of("W0000ALICE", "W0000BOB"), ResetScope.ALL, "incident");

        verify(sessions, never()).reset(eq("W0000BOB"), anyBoolean(), anyBoolean());
        assertThat(report.results()).extracting(r -> r.status()).containsExactly(Status.DONE, Status.NOT_ATTEMPTED);
        AuditRecord recorded = audit.closing();
        assertThat(audit.intents).singleElement().satisfies(i -> assertThat(i.targets())
                .extracting(t -> t.status()).containsExactly(Status.PENDING, Status.PENDING));
        assertThat(recorded.outcome()).isEqualTo(AuditRecord.Outcome.PARTLY_FAILED);
        assertThat(recorded.targets()).extracting(t -> t.userId()).containsExactly("W0000ALICE", "W0000BOB");
        assertThat(recorded.targets().get(1).words()).contains("stopping");
    }

    @Test
    void anUnexpectedFailureMidResetStillRecordsWhatWasDoneAndStopsTheRest() {
        when(sessions.reset(eq("W0000ALICE"), anyBoolean(), anyBoolean())).thenReturn(new SlackResult<>(null, null, 0, false, 1));
        when(sessions.reset(eq("W0000BOB"), anyBoolean(), anyBoolean())).thenThrow(new IllegalStateException("boom"));

        SignOutService.Report report = service.reset(actor, List.of("W0000ALICE", "W0000BOB", "W0000CAROL"), ResetScope.WEB,
                "incident");

        verify(sessions, never()).reset(eq("W0000CAROL"), anyBoolean(), anyBoolean());
        AuditRecord recorded = audit.closing();
        // Bob's call threw midway: Slack may or may not have acted, and the record says so.
        assertThat(recorded.targets()).extracting(t -> t.status())
                .containsExactly(Status.DONE, Status.UNKNOWN, Status.NOT_ATTEMPTED);
        assertThat(recorded.scope()).isEqualTo("Web only");
        assertThat(report.results()).isEqualTo(recorded.targets());
        assertThat(report.recorded()).isTrue();
    }

    @Test
    void whenTheAuditTrailCantBeWrittenNobodyIsSignedOutAndTheReportSaysSo() {
        audit.failWrites();

        SignOutService.Report report = service.reset(actor, List.of("W0000ALICE"), ResetScope.ALL, "incident");

        verify(sessions, never()).reset(anyString(), anyBoolean(), anyBoolean());
        assertThat(report.refused()).isTrue();
        assertThat(report.recorded()).isFalse();
        assertThat(report.gate().reason()).isEqualTo("The audit trail can't be written right now, so nothing was done.");
    }

    @Test
    void eachOutcomeIsSavedAsItLandsBeforeTheNextPersonIsSent() {
        when(sessions.reset(anyString(), anyBoolean(), anyBoolean())).thenAnswer(i -> {
            // When Bob is sent, Alice's outcome must already be saved.
            if (i.getArgument(0).equals("W0000BOB")) {
                assertThat(audit.landings).singleElement().satisfies(l -> assertThat(l).extracting(t -> t.userId())
                        .containsExactly("W0000ALICE"));
            }
            return new SlackResult<>(null, null, 0, false, 1);
        });

        service.reset(actor, List.of("W0000ALICE", "W0000BOB"), ResetScope.ALL, "incident");

        assertThat(audit.landings).hasSize(2);
        assertThat(audit.closing().outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
    }
    @Test
    void aRefusedInvokerSignsNobodyOutAndTheRefusalIsRecorded() {
        when(gate.check(anyString(), any())).thenReturn(GateDecision.refuse("not_org_admin", "Only org admins."));

        SignOutService.Report report = service.reset(actor, List.of("W0000ALICE"), ResetScope.WEB, "incident");

        assertThat(report.refused()).isTrue();
        assertThat(report.gate().code()).isEqualTo("not_org_admin");
        assertThat(report.results()).isEmpty();
        assertThat(report.recorded()).isTrue();
        verify(sessions, never()).reset(anyString(), anyBoolean(), anyBoolean());
        assertThat(audit.records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
            assertThat(r.scope()).isEqualTo("Web only");
        });
    }

    @Test
    void protectedUnknownBotAndDeactivatedPeopleAreNotAttemptedAndTheRestSignedOutOfTheirScope() {
        SignOutService guarded = new SignOutService(gate, directory, sessions, audit, Clock.systemUTC(),
                ProtectedUsers.of(List.of("W0000BOSS")));
        when(directory.lookup("W0000GONE")).thenReturn(new Directory.Lookup(Optional.empty(), "user_not_found"));
        when(directory.lookup("W0000BOT")).thenReturn(new Directory.Lookup(Optional.of(new SlackUser("W0000BOT",
                "bot", "E0000ORG1", false, false, false, true, false, List.of())), null));
        when(directory.lookup("W0000LEFT")).thenReturn(new Directory.Lookup(Optional.of(new SlackUser("W0000LEFT",
                "left", "E0000ORG1", false, false, false, false, true, List.of())), null));
        when(sessions.reset(anyString(), anyBoolean(), anyBoolean())).thenReturn(new SlackResult<>(null, null, 0, false, 1));

        SignOutService.Report report = guarded.reset(actor,
                List.of("W0000BOSS", "W0000GONE", "W0000BOT", "W0000LEFT", "W0000ALICE"), ResetScope.MOBILE, "incident");

        assertThat(report.refused()).isFalse();
        assertThat(report.results()).extracting(r -> r.userId() + " " + r.status() + " " + r.errorCode())
                .containsExactly("W0000BOSS NOT_ATTEMPTED protected_user", "W0000GONE NOT_ATTEMPTED user_not_found",
                        "W0000BOT NOT_ATTEMPTED null", "W0000LEFT NOT_ATTEMPTED null", "W0000ALICE DONE null");
        assertThat(report.results().get(2).words()).startsWith("Not attempted: this is a bot");
        assertThat(report.results().get(3).words()).startsWith("Not attempted: this account is deactivated");
        assertThat(report.results().get(4).words()).isEqualTo("Signed out of mobile sessions");
        verify(sessions).reset("W0000ALICE", false, true);
        verify(sessions, never()).reset(eq("W0000BOSS"), anyBoolean(), anyBoolean());
        verify(directory, never()).lookup("W0000BOSS");
    }
}
