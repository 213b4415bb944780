package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.signout.ResetScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two instances of the app on one PostgreSQL database: a bulk job runs on exactly one of them, once. */
@Tag("slow")
@Tag("postgres")
class BulkTwoInstancesTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void twoInstancesOnPostgresRunAJobOnceEachChunkSentOnce() throws Exception {
        assumeTrue(TestDatabases.postgresUrl().isPresent(), TestDatabases.PG_SKIPPED);
        Secret url = TestDatabases.freshPostgresSchema();
        List<String> people = IntStream.range(0, 10_000).mapToObj(i -> String.format("W%09d", i)).toList();
        try (FakeSlack slack = Org.register(FakeSlack.start())) {
            Map<String, String> env = TestApp.environment(slack);
            env.put(ServerSettings.DATABASE_URL, url.reveal());
            try (TestApp one = TestApp.start(env); TestApp two = TestApp.start(env);
                    Database db = Database.open(url)) {
                JdbcBulkJobStore store = new JdbcBulkJobStore(db, Clock.systemUTC());
                BulkJob job = store.create(Org.ADMIN, ResetScope.WEB, "Okta breach INC-7", people, Duration.ofMinutes(30));
                store.approve(job.id(), Org.OWNER);

                Await.until(WAIT, () -> store.find(job.id()).orElseThrow().state() == BulkJob.State.DONE,
                        "the job to finish");

                var calls = slack.calls("admin.users.session.resetBulk");
                assertThat(calls).hasSize(10);
                assertThat(calls.stream().map(c -> c.param("user_ids").split(",")[0]).distinct()).hasSize(10);
                assertThat(calls).allSatisfy(c -> assertThat(c.param("web_only")).isIn("1", "true"));
                assertThat(store.find(job.id()).orElseThrow().done()).isEqualTo(10_000);
            }
        }
    }
}
