package dev.sessionguard.threat;

import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.BREAK_GLASS;
import static dev.sessionguard.support.Org.CAROL;
import static dev.sessionguard.support.Org.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import java.time.Clock;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The automatic response: with {@code session_fingerprint} in SESSION_GUARD_AUTO_SIGN_OUT_REASONS and a limit of
 * one person an hour, it signs out exactly what its settings allow, says so on the card, and leaves the rest to a
 * person: past the limit, a protected account, the primary owner, someone Slack already signed out.
 */
class ThreatAutomaticEndToEndTest extends EndToEnd {

    static final Duration CARD_WAIT = ThreatEndToEndTest.CARD_WAIT;

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = slack.auditLogs().configure(TestApp.environment(slack));
        env.put(ThreatSettings.POLL_SECONDS, "5");
        env.put(ThreatSettings.AUTO_REASONS, "session_fingerprint, tor");
        env.put(ThreatSettings.AUTO_MAX_PER_HOUR, "1");
        env.put(GuardSettings.PROTECTED_USERS, BREAK_GLASS);
        return env;
    }

    @Test
    void signsOutAutomaticallyWithinTheLimitAndLeavesTheRestToAPerson() throws Exception {
        Instant at = Instant.now().minusSeconds(60);
        slack.auditLogs().anomaly(ALICE, at, List.of("asn", "session_fingerprint"));
        slack.auditLogs().anomaly(BOB, at.plusSeconds(1), List.of("asn")); // not a reason it acts on
        slack.auditLogs().anomaly(CAROL, at.plusSeconds(2), List.of("session_fingerprint")); // past the limit

        String alice = awaitCardSaying(ALICE, "Signed out everywhere automatically");
        assertThat(alice).contains("the automatic response, for").contains("session_fingerprint")
                .doesNotContain(AnomalyCardMessage.SIGN_OUT);
        String carol = awaitCardSaying(CAROL, "automatic limit was reached");
        assertThat(carol).contains("SESSION_GUARD_AUTO_SIGN_OUT_MAX_PER_HOUR").contains(AnomalyCardMessage.SIGN_OUT);
        String bob = awaitCardSaying(BOB, "Nobody has acted on this yet");
        assertThat(bob).contains(AnomalyCardMessage.SIGN_OUT);

        List<RecordedCall> resets = slack.calls("admin.users.session.reset");
        assertThat(resets).extracting(c -> c.param("user_id")).containsExactly(ALICE);
        assertThat(resets.get(0).token()).isEqualTo(TestApp.ADMIN_TOKEN);
        // The audit trail names the automatic response as the actor, and the anomaly and its reason.
        try (Database db = Database.open(new Secret(app.databaseUrl()))) {
            List<AuditRecord> auto = new JdbcAuditStore(db, Clock.systemUTC()).recent(100).stream()
                    .map(AuditStore.StoredRecord::record)
                    .filter(r -> r.action().equals(ThreatRecords.AUTO_SIGN_OUT)).toList();
            assertThat(auto).isNotEmpty().allSatisfy(r -> {
                assertThat(r.actorId()).isEqualTo(ThreatRecords.AUTO_ACTOR);
                assertThat(r.reason()).contains("anomaly").contains("session_fingerprint");
            });
            assertThat(auto.get(0).targets()).extracting(t -> t.userId()).containsExactly(ALICE);
        }
        assertThat(app.get("/metrics").body()).contains("session_guard_auto_sign_outs_total{outcome=\"signed_out\"} 1.0")
                .contains("session_guard_auto_sign_outs_total{outcome=\"limit_reached\"} 1.0")
                .contains("session_guard_anomalies_total{reason=\"session_fingerprint\"} 2.0");
    }

    @Test
    void neverAProtectedAccountOrThePrimaryOwnerAndNotWhomSlackAlreadySignedOut() {
        Instant at = Instant.now().minusSeconds(60);
        slack.auditLogs().anomaly(BREAK_GLASS, at, List.of("tor"));
        slack.auditLogs().anomaly(PRIMARY, at.plusSeconds(1), List.of("session_fingerprint"));
        slack.auditLogs().anomaly(ALICE, at.plusSeconds(2), List.of("session_fingerprint"));
        slack.auditLogs().slackReset(ALICE, at.plusSeconds(3));

        assertThat(awaitCardSaying(BREAK_GLASS, "Not signed out automatically")).contains("protected list");
        assertThat(awaitCardSaying(PRIMARY, "Not signed out automatically")).contains("Primary Owner");
        assertThat(awaitCardSaying(ALICE, "Slack already ended")).doesNotContain("automatically");
        assertThat(slack.calls("admin.users.session.reset")).isEmpty();
    }

    /** The card for {@code userId} once its latest drawing contains {@code words}: every string of its blocks. */
    private String awaitCardSaying(String userId, String words) {
        return Await.value(CARD_WAIT, () -> {
            List<RecordedCall> drawn = slack.calls().stream().filter(c -> c.method().equals("chat.postMessage")
                    || c.method().equals("chat.update")).filter(c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel")))
                    .filter(c -> c.param("text").contains("anomaly") && c.param("text").contains("<@" + userId + ">"))
                    .toList();
            if (drawn.isEmpty()) {
                return null;
            }
            String blocks = String.join("\n", BlockKitJson.strings(drawn.get(drawn.size() - 1)
                    .jsonArrayParam("blocks")));
            return blocks.contains(words) ? blocks : null;
        }, () -> "the card of " + userId + " saying " + words);
    }
}
