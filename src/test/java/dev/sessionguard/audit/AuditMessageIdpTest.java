package dev.sessionguard.audit;

import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Universal Logout record reads as the identity provider's request, never as an admin's. */
class AuditMessageIdpTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final String IDP = AuditRecord.IDP_PREFIX + "https://example.okta.com";

    private static AuditRecord record(String actor, List<TargetResult> targets, Outcome outcome) {
        return new AuditRecord(AT, actor, AuditRecord.IDP_SESSION_RESET, outcome, "All sessions",
                "Universal Logout request; token ID (jti): abc-123", null, targets);
    }

    @Test
    void theTextSaysTheIdentityProviderAskedToSignThePersonOut() {
        AuditRecord r = record(IDP, List.of(new TargetResult("W0000ALICE", Status.DONE, null, "Signed out of all sessions")),
                Outcome.SUCCEEDED);

        assertThat(AuditMessage.text(r)).startsWith("Session Guard: The identity provider https://example.okta.com "
                + "asked to sign out <@W0000ALICE> — Succeeded (1 of 1 done)").contains("abc-123");
        assertThat(String.join("\n", strings(tree(AuditMessage.blocks(r)))))
                .contains(":white_check_mark: The identity provider https://example.okta.com asked to sign out "
                        + "<@W0000ALICE> — *Succeeded*")
                .doesNotContain("* by ");
        assertThat(AuditMessage.line(r)).contains("The identity provider https://example.okta.com asked to sign out");
    }

    @Test
    void anIssuerOrSubjectWithMarkupIsEscaped() {
        AuditRecord r = record(AuditRecord.IDP_PREFIX + "https://x.test/<!channel>",
                List.of(new TargetResult("<!here>@example.com", Status.NOT_ATTEMPTED, null, "Not attempted")),
                Outcome.REFUSED);

        String text = AuditMessage.text(r);
        assertThat(text).contains("https://x.test/&lt;!channel&gt;").contains("&lt;!here&gt;@example.com")
                .doesNotContain("<!channel>").doesNotContain("<!here>");
    }

    @Test
    void aRequestThatNamedNobodySaysSo() {
        assertThat(AuditMessage.text(record(IDP, List.of(), Outcome.REFUSED)))
                .contains("asked to sign out someone it did not name clearly — Refused");
    }
}
