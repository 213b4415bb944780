package dev.sessionguard.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Two instances, each with its own pool on one PostgreSQL database: while one syncs, the other makes no call. */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+",
        disabledReason = TestDatabases.PG_SKIPPED)
@Tag("postgres")
class DirectorySyncTwoInstancesTest {

    @Test
    void whileOneInstanceSyncsTheOtherMakesNoCallAndRemovesNobody() throws Exception {
        Secret url = TestDatabases.freshPostgresSchema();
        CountDownLatch release = new CountDownLatch(1);
        try (FakeSlack slack = FakeSlack.start(); Database dbA = Database.open(url); Database dbB = Database.open(url)) {
            for (int i = 0; i < 1_500; i++) {
                slack.user(FakeUser.member(String.format("W%07d", i)).name("p" + i));
            }
            slack.respond("users.list", c -> {
                try {
                    release.await(20, TimeUnit.SECONDS); // instance A's listing is under way while B tries
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return slack.defaultAnswer(c);
            });
            DirectorySync a = instance(slack, dbA, "instance-a");
            DirectorySync b = instance(slack, dbB, "instance-b");

            CompletableFuture<DirectorySync.Outcome> first = CompletableFuture.supplyAsync(a::syncNow);
            slack.awaitCall("users.list", Duration.ofSeconds(10));
            DirectorySync.Outcome second = b.syncNow();
            release.countDown();

            assertThat(second).isEqualTo(DirectorySync.Outcome.LEASE_HELD);
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(DirectorySync.Outcome.SYNCED);
            assertThat(slack.calls("auth.teams.list")).hasSize(1);
            assertThat(slack.calls("users.list")).hasSize(2);
            assertThat(new JdbcPeople(dbB, Clock.systemUTC()).count()).isEqualTo(1_500);
            assertThat(b.syncNow()).as("given up at the end, the lease is free again")
                    .isEqualTo(DirectorySync.Outcome.SYNCED);
        }
    }

    private static DirectorySync instance(FakeSlack slack, Database db, String name) {
        UserLists lists = new UserLists(Slack.getInstance(slack.slackConfig()).methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                SlackCalls.withDefaults().withoutRetries());
        DirectorySync.Timing timing = new DirectorySync.Timing(Duration.ZERO, Duration.ofHours(24), 1, Duration.ZERO,
                Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(1));
        return new DirectorySync(new JdbcPeople(db, Clock.systemUTC()), lists, name, timing, Clock.systemUTC(),
                DirectorySync.Waits.REAL);
    }
}
