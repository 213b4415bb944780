package dev.sessionguard.audit;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Never act without an audit record, end to end: the "in progress" record is committed before the first admin
 * call and its message is updated in place; an audit store that can't take the write means nothing is done;
 * and one admin can sign out only so many people a minute.
 */
class WriteAheadEndToEndTest extends EndToEnd {


    @Test
    void theInProgressRecordIsCommittedBeforeTheFirstSignOutAndItsMessageIsUpdatedInPlace() {
        String databaseUrl = app.databaseUrl();
        slack.respond("admin.users.session.reset", c -> {
            // At the moment Slack is asked, the chain already says who may be signed out.
            try (Database db = Database.open(new Secret(databaseUrl))) {
                List<AuditStore.StoredRecord> committed = new JdbcAuditStore(db, Clock.systemUTC()).recent(5);
                boolean written = committed.stream().anyMatch(r -> r.record().outcome() == AuditRecord.Outcome.IN_PROGRESS
                        && r.record().targets().stream().anyMatch(t -> t.userId().equals(c.param("user_id"))));
                return written ? slack.defaultAnswer(c) : FakeResponse.error("not_written_ahead");
            }
        });

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE, BOB), "all", "INC-9"));

        RecordedCall post = slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel")), WAIT);
        RecordedCall update = awaitAudit();
        assertThat(post.param("text")).contains("In progress").contains("INC-9");
        assertThat(update.method()).isEqualTo("chat.update");
        assertThat(update.param("text")).contains("Succeeded").contains("2 of 2");
        assertThat(slack.calls("chat.postMessage").stream().filter(c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))))
                .as("one message per action").hasSize(1);
        assertThat(slack.succeeded("admin.users.session.reset")).hasSize(2);
    }

    @Test
    void whenTheAuditStoreCantTakeTheWriteNothingIsDoneAndTheAdminIsToldThenItWorksAgain() throws Exception {
        try (Connection holder = DriverManager.getConnection(app.databaseUrl())) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("UPDATE audit_chain_head SET seq = seq WHERE id = 1"); // holds SQLite's write lock
            }

            long start = System.nanoTime();
            var ack = app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "while locked"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("still within Slack's 3 s ack")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(ack.body()).contains("The audit trail can't be written right now, so nothing was done.")
                    .doesNotContain("recorded");
            assertThat(adminCalls()).as("Slack saw no admin call").isEmpty();
            holder.rollback();
        }

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "after the lock"));

        slack.awaitCall("admin.users.session.reset", WAIT);
        assertThat(awaitAuditWith("after the lock").param("text")).contains("Succeeded");
    }

    @Test
    void signingOutMoreThanTheLimitInAMinuteIsRefusedAndAudited() throws Exception {
        app.close();
        Map<String, String> env = TestApp.environment(slack);
        env.put(GuardSettings.MAX_RESETS_PER_MINUTE, "3");
        env.put(GuardSettings.MAX_USERS, "10");
        app = TestApp.start(env);

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE, BOB), "all", "first two"));
        slack.awaitCalls("admin.users.session.reset", 2, WAIT);
        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of("W0000CAROL", "W0000DAVE"), "all", "two more"));

        RecordedCall refused = slack.awaitCall("views.update", c -> c.param("view").contains("in the last minute"), WAIT);
        assertThat(refused.param("view")).contains(GuardSettings.MAX_RESETS_PER_MINUTE).contains("nothing was done")
                .contains("This refusal was recorded in the audit trail.");
        RecordedCall audit = awaitAuditWith("two more");
        assertThat(audit.param("text")).contains("Refused");
        assertThat(audit.param("blocks")).contains("over_limit");
        assertThat(slack.calls("admin.users.session.reset")).hasSize(2);
    }

    @Test
    void theLimitIsPerAdmin() throws Exception {
        app.close();
        Map<String, String> env = TestApp.environment(slack);
        env.put(GuardSettings.MAX_RESETS_PER_MINUTE, "1");
        app = TestApp.start(env);

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "admin's one"));
        slack.awaitCalls("admin.users.session.reset", 1, WAIT);
        app.slack().interactivity(ResetPayloads.submission(dev.sessionguard.support.Org.OWNER, List.of(BOB), "all",
                "owner's one"));

        slack.awaitCalls("admin.users.session.reset", 2, WAIT);
    }

    /** The audit message, as it finally reads, of the action whose text has {@code words}. */
    private RecordedCall awaitAuditWith(String words) {
        return finalVersion(slack, slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains(words), WAIT));
    }

}
