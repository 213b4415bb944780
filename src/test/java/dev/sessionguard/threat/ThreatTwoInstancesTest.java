package dev.sessionguard.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database read Slack's audit logs: one reads at a time, and every anomaly is one
 * card, whichever instance filed it and however often the logs are read, also when the reader stops.
 */
@Tag("slow")
@Tag("postgres")
class ThreatTwoInstancesTest {

    @Test
    void twoInstancesPostOneCardPerAnomalyAndTheSecondTakesOverWhenTheFirstStops() throws Exception {
        assumeTrue(TestDatabases.postgresUrl().isPresent(), TestDatabases.PG_SKIPPED);
        Secret url = TestDatabases.freshPostgresSchema();
        List<String> people = IntStream.range(0, 30).mapToObj(i -> String.format("W%09d", i)).toList();
        try (FakeSlack slack = Org.register(FakeSlack.start())) {
            Map<String, String> env = slack.auditLogs().configure(TestApp.environment(slack));
            env.put(ServerSettings.DATABASE_URL, url.reveal());
            env.put(ThreatSettings.POLL_SECONDS, "5");
            Instant at = Instant.now().minusSeconds(120);
            for (int i = 0; i < people.size(); i++) {
                slack.auditLogs().anomaly(people.get(i), at.plusSeconds(i), List.of("asn"));
            }
            TestApp two;
            try (TestApp one = TestApp.start(env)) {
                two = TestApp.start(env);
                Await.until(ThreatEndToEndTest.CARD_WAIT, () -> cards(slack).size() == people.size(),
                        () -> cards(slack).size() + " cards of " + people.size());
                // Further reads, by whichever instance holds the lease, repeat nothing.
                int reads = slack.auditLogs().requests().size();
                Await.until(Duration.ofSeconds(15), () -> slack.auditLogs().requests().size() >= reads + 2,
                        "two more reads");
            }
            try (two) {
                // The first instance stopped and let its lease go: the second reads what comes next.
                slack.auditLogs().anomaly("W0000NEW1", Instant.now().minusSeconds(2), List.of("tor"));
                Await.until(Duration.ofSeconds(20), () -> cards(slack).size() == people.size() + 1,
                        () -> cards(slack).size() + " cards");
            }
            assertThat(cards(slack).stream().map(c -> c.param("text")).distinct()).hasSize(people.size() + 1);
        }
    }

    private static List<RecordedCall> cards(FakeSlack slack) {
        return slack.calls("chat.postMessage").stream().filter(c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("anomaly")).toList();
    }
}
