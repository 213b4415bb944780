package dev.sessionguard.policy;

import dev.sessionguard.slackapi.SessionDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.access.Actor;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.slackapi.SessionAdminApi;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * PolicyService alone, for what the form keeps from it: more people than SESSION_GUARD_MAX_USERS in one change.
 * Slack is mocked; the rest is end to end in PolicyEndToEndTest.
 */
class PolicyServiceTest {

    AdminGate gate = mock(AdminGate.class);
    SessionAdminApi sessions = mock(SessionAdminApi.class);
    AuditLog audit = mock(AuditLog.class);
    PolicyService service = new PolicyService(gate, sessions, audit, Clock.systemUTC(), ProtectedUsers.NONE, 2);
    Actor actor = new Actor("W0000ADMIN", "E0000ORG1");

    @BeforeEach
    void theInvokerIsAnAdmin() {
        when(gate.check(anyString(), any())).thenReturn(new GateDecision(true, "allowed", ""));
        when(gate.checkToOpen(anyString(), any())).thenReturn(new GateDecision(true, "allowed", ""));
    }

    @Test
    void aChangeForMorePeopleThanTheCapIsRefusedAuditedAndNothingIsSent() {
        PolicyService.Report set = service.set(actor, List.of("W0000001", "W0000002", "W0000003"),
                new SessionDuration(28_800), false);
        PolicyService.Report clear = service.clear(actor, List.of("W0000001", "W0000002", "W0000003"));

        assertThat(List.of(set, clear)).allSatisfy(r -> {
            assertThat(r.refused()).isTrue();
            assertThat(r.gate().code()).isEqualTo("too_many_people");
            assertThat(r.gate().reason()).contains("at most 2 people").contains("you chose 3");
        });
        verifyNoInteractions(sessions);
        ArgumentCaptor<AuditRecord> recorded = ArgumentCaptor.forClass(AuditRecord.class);
        verify(audit, times(2)).record(recorded.capture());
        assertThat(recorded.getAllValues()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
            assertThat(r.detail()).contains("too_many_people").contains("SESSION_GUARD_MAX_USERS");
            assertThat(r.targets()).hasSize(3).allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.NOT_ATTEMPTED));
        });
    }

    @Test
    void readingForMorePeopleThanTheCapReadsNothing() {
        PolicyService.Reading reading = service.get(actor, List.of("W0000001", "W0000002", "W0000003"));

        assertThat(reading.refused()).isFalse();
        assertThat(reading.policies()).isEmpty();
        verifyNoInteractions(sessions);
    }
}
