package dev.sessionguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
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
import org.slf4j.LoggerFactory;

/** What the audit log writes to the process log, and its last resort: a database that refuses the record. */
class DurableAuditLogTest {

    @Test
    void aStoredRecordIsLoggedAtInfoBySeqActionAndOutcomeWithoutItsReason() {
        Logger logger = (Logger) LoggerFactory.getLogger(DurableAuditLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (FakeSlack slack = FakeSlack.start(); Database db = Database.open(TestDatabases.freshSqlite())) {
            JdbcAuditStore store = new JdbcAuditStore(db, Clock.systemUTC());
            AuditPoster poster = new AuditPoster(Slack.getInstance(slack.slackConfig()).methods(),
                    Tokens.fixed(new Secret(TestApp.BOT_TOKEN), null), TestApp.AUDIT_CHANNEL,
                    SlackCalls.withDefaults().withoutRetries(), List.of());
            try (AuditOutbox outbox = new AuditOutbox(store, poster, Clock.systemUTC())) {
                new DurableAuditLog(store, outbox, 20).record(new AuditRecord(Instant.parse("2026-03-01T10:00:00Z"),
                        "W0000ADMIN", AuditRecord.SESSION_RESET, AuditRecord.Outcome.PARTLY_FAILED, "All sessions",
                        "private reason words", "private detail words",
                        List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null, "Signed out"))));
            }
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO).singleElement().satisfies(e ->
                assertThat(e.getFormattedMessage()).isEqualTo("audit #1 session.reset PARTLY_FAILED"));
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).noneSatisfy(m ->
                assertThat(m).containsAnyOf("private reason words", "private detail words"));
    }

    @Test
    void aRecordTheDatabaseRefusesIsStillPostedWithoutAChainReference() {
        try (FakeSlack slack = FakeSlack.start()) {
            DurableAuditLog log = withoutItsDatabase(slack); // the database is gone

            log.record(new AuditRecord(Instant.parse("2026-03-01T10:00:00Z"), "W0000ADMIN", AuditRecord.SESSION_RESET,
                    AuditRecord.Outcome.SUCCEEDED, "All sessions", "db down", null,
                    List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null, "Signed out"))));

            RecordedCall post = slack.awaitCall("chat.postMessage", Duration.ofSeconds(5));
            assertThat(post.param("channel")).isEqualTo(TestApp.AUDIT_CHANNEL);
            assertThat(post.param("text")).contains("db down");
            assertThat(post.jsonArrayParam("blocks").toString()).contains("session.reset").doesNotContain("record #");
        }
    }

    @Test
    void aRefusedRecordIsPostedWithoutTheCallerWaitingOnASlowSlack() {
        try (FakeSlack slack = FakeSlack.start()) {
            slack.latency(Duration.ofSeconds(3));
            DurableAuditLog log = withoutItsDatabase(slack); // and the caller may be a request thread

            long started = System.nanoTime();
            AuditLog.Start start = log.begin(new AuditRecord(Instant.parse("2026-03-01T10:00:00Z"), "W0000ADMIN",
                    AuditRecord.SESSION_RESET, AuditRecord.Outcome.IN_PROGRESS, "All sessions", "slow slack", null,
                    List.of()), 1);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(start).isInstanceOf(AuditLog.Unavailable.class);
            assertThat(waited).isLessThan(Duration.ofSeconds(1));
            RecordedCall post = slack.awaitCall("chat.postMessage", Duration.ofSeconds(10));
            assertThat(post.param("text")).contains("slow slack");
        }
    }

    /** An audit log on a SQLite file that is closed at once: every write to it fails, as with the database down. */
    private static DurableAuditLog withoutItsDatabase(FakeSlack slack) {
        Database db = Database.open(TestDatabases.freshSqlite());
        JdbcAuditStore store = new JdbcAuditStore(db, Clock.systemUTC());
        AuditPoster poster = new AuditPoster(Slack.getInstance(slack.slackConfig()).methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), null), TestApp.AUDIT_CHANNEL,
                SlackCalls.withDefaults().withoutRetries(), List.of());
        DurableAuditLog log = new DurableAuditLog(store, new AuditOutbox(store, poster, Clock.systemUTC()), 20);
        db.close();
        return log;
    }
}
