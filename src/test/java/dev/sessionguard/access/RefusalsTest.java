package dev.sessionguard.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.support.RecordingAuditLog;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A refusal is recorded once, and the caller hears whether the audit trail has it. */
class RefusalsTest {

    @Test
    void theCallerHearsWhetherTheRefusalIsInTheAuditTrail() {
        RecordingAuditLog audit = new RecordingAuditLog();
        Refusals refusals = new Refusals(audit, Clock.systemUTC());
        Actor actor = new Actor("W0000ADMIN", "E0000ORG1");
        GateDecision no = GateDecision.refuse("not_org_admin", "Only org admins.");

        assertThat(refusals.record(actor, AuditRecord.SESSION_RESET, "All sessions", "r", "at submission", no,
                List.of("W1"), "Not attempted")).isTrue();
        assertThat(audit.records).singleElement().satisfies(r -> assertThat(r.detail())
                .isEqualTo("Refused at submission (not_org_admin): Only org admins."));

        audit.failWrites();
        assertThat(refusals.record(actor, AuditRecord.SESSION_RESET, "All sessions", "r", "at submission", no,
                List.of("W1"), "Not attempted")).isFalse();
    }
}
