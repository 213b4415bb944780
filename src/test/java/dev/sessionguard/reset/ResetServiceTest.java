package dev.sessionguard.reset;

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

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slack.AdminGate;
import dev.sessionguard.slack.Directory;
import dev.sessionguard.slack.GateDecision;
import dev.sessionguard.slack.SessionAdminApi;
import dev.sessionguard.slack.SlackResult;
import dev.sessionguard.slack.SlackUser;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** ResetService alone: what it records when a reset is cut short. Slack is mocked; the rest is end to end elsewhere. */
class ResetServiceTest {

    AdminGate gate = mock(AdminGate.class);
    Directory directory = mock(Directory.class);
    SessionAdminApi sessions = mock(SessionAdminApi.class);
    AuditLog audit = mock(AuditLog.class);
    ResetService service = new ResetService(gate, directory, sessions, audit, Clock.systemUTC(), ProtectedUsers.NONE);
    ResetService.Actor actor = new ResetService.Actor("W0000ADMIN", "E0000ORG1");

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

        ResetService.Report report = service.reset(actor, List.of("W0000ALICE", "W0000BOB"), ResetScope.ALL, "incident");

        verify(sessions, never()).reset(eq("W0000BOB"), anyBoolean(), anyBoolean());
        assertThat(report.results()).extracting(r -> r.status()).containsExactly(Status.DONE, Status.NOT_ATTEMPTED);
        AuditRecord recorded = recorded();
        assertThat(recorded.outcome()).isEqualTo(AuditRecord.Outcome.PARTLY_FAILED);
        assertThat(recorded.targets()).extracting(t -> t.userId()).containsExactly("W0000ALICE", "W0000BOB");
        assertThat(recorded.targets().get(1).words()).contains("stopping");
    }

    @Test
    void anUnexpectedFailureMidResetStillRecordsWhatWasDone() {
        when(sessions.reset(eq("W0000ALICE"), anyBoolean(), anyBoolean())).thenReturn(new SlackResult<>(null, null, 0, false, 1));
        when(sessions.reset(eq("W0000BOB"), anyBoolean(), anyBoolean())).thenThrow(new IllegalStateException("boom"));

        Throwable thrown = catchThrowable(() ->
                service.reset(actor, List.of("W0000ALICE", "W0000BOB", "W0000CAROL"), ResetScope.WEB, "incident"));

        assertThat(thrown).hasMessage("boom");
        AuditRecord recorded = recorded();
        assertThat(recorded.targets()).extracting(t -> t.status())
                .containsExactly(Status.DONE, Status.FAILED, Status.NOT_ATTEMPTED);
        assertThat(recorded.scope()).isEqualTo("Web only");
    }

    private AuditRecord recorded() {
        ArgumentCaptor<AuditRecord> captor = ArgumentCaptor.forClass(AuditRecord.class);
        verify(audit).record(captor.capture());
        return captor.getValue();
    }
}
