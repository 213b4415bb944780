package dev.sessionguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slack.SlackCalls;
import dev.sessionguard.slack.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit log's last resort: a database that refuses the record. */
class DurableAuditLogTest {

    @Test
    void aRecordTheDatabaseRefusesIsStillPostedWithoutAChainReference() {
        try (FakeSlack slack = FakeSlack.start()) {
            Database db = Database.open(TestDatabases.freshSqlite());
            JdbcAuditStore store = new JdbcAuditStore(db, Clock.systemUTC());
            AuditPoster poster = new AuditPoster(Slack.getInstance(slack.slackConfig()).methods(),
                    Tokens.fixed(new Secret(TestApp.BOT_TOKEN), null), TestApp.AUDIT_CHANNEL,
                    SlackCalls.withDefaults().withoutRetries());
            DurableAuditLog log = new DurableAuditLog(store, new AuditOutbox(store, poster, Clock.systemUTC()), poster);
            db.close(); // the database is gone

            log.record(new AuditRecord(Instant.parse("2026-03-01T10:00:00Z"), "W0000ADMIN", AuditRecord.SESSION_RESET,
                    AuditRecord.Outcome.SUCCEEDED, "All sessions", "db down", null,
                    List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null, "Signed out"))));

            RecordedCall post = slack.awaitCall("chat.postMessage", Duration.ofSeconds(5));
            assertThat(post.param("channel")).isEqualTo(TestApp.AUDIT_CHANNEL);
            assertThat(post.param("text")).contains("db down");
            assertThat(post.jsonArrayParam("blocks").toString()).contains("session.reset").doesNotContain("record #");
        }
    }
}
