package dev.sessionguard.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real app: the directory fills itself after start, events keep it fresh, /metrics shows it. */
@Tag("slow")
class DirectoryEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    FakeSlack slack;
    TestApp app;
    Database db;
    JdbcPeople people;

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        slack.user(FakeUser.member("W0000ADA").name("ada").orgAdmin());
        slack.user(FakeUser.member("W0000BOB").name("bob").teams("T0000TEAM1", "T0000TEAM2"));
        slack.user(FakeUser.member("U0000ROBOT").name("robot").bot());
        app = TestApp.start(slack);
        db = Database.open(new Secret(app.databaseUrl()));
        people = new JdbcPeople(db, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        db.close();
        slack.close();
    }

    @Test
    void theDirectoryFillsAfterStartAndEventsKeepItFresh() {
        Await.until(WAIT, () -> people.lastFullSync().isPresent(), "the first full sync");
        assertThat(people.count()).isEqualTo(3);
        assertThat(people.byIds(List.of("W0000BOB")).get("W0000BOB").workspaces())
                .containsExactlyInAnyOrder("T0000TEAM1", "T0000TEAM2");
        assertThat(slack.calls("users.list")).hasSize(2).allSatisfy(c -> assertThat(c.param("team_id")).isNotNull());
        assertThat(slack.calls("users.info")).isEmpty();
        assertThat(gauge("session_guard_directory_people")).isEqualTo(3);
        assertThat(gauge("session_guard_directory_last_sync_timestamp_seconds"))
                .isEqualTo(people.lastFullSync().orElseThrow().getEpochSecond());

        // Newer than the listing (updated 1700000000): applied.
        assertThat(app.slack().event(envelope("user_change", user("W0000BOB", "bob.new@example.com", true,
                1_700_000_100L))).statusCode()).isEqualTo(200);
        Person bob = people.byIds(List.of("W0000BOB")).get("W0000BOB");
        assertThat(bob.deleted()).isTrue();
        assertThat(bob.email()).isEqualTo("bob.new@example.com");

        // Older than what is stored now: ignored.
        assertThat(app.slack().event(envelope("user_change", user("W0000BOB", "bob.old@example.com", false,
                1_700_000_050L))).statusCode()).isEqualTo(200);
        assertThat(people.byIds(List.of("W0000BOB")).get("W0000BOB")).isEqualTo(bob);

        assertThat(app.slack().event(envelope("team_join", user("W0000NEW", "new@example.com", false,
                1_700_000_200L))).statusCode()).isEqualTo(200);
        assertThat(people.byEmails(List.of("NEW@example.com"))).containsKey("new@example.com");
        assertThat(gauge("session_guard_directory_people")).isEqualTo(4);
        assertThat(slack.calls()).extracting(c -> c.method())
                .as("events are stored without asking Slack").containsOnly("auth.test", "auth.teams.list", "users.list");
    }

    private long gauge(String name) {
        String body = app.get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+]+)$").matcher(body);
        assertThat(m.find()).as("%s in /metrics", name).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    static JsonObject user(String id, String email, boolean deleted, long updated) {
        return JsonParser.parseString("""
                {"id": "%s", "team_id": "T0000TEAM1", "name": "x", "deleted": %s, "is_admin": false,
                 "is_owner": false, "is_primary_owner": false, "is_bot": false, "is_app_user": false,
                 "updated": %d, "profile": {"email": "%s"},
                 "enterprise_user": {"id": "%s", "enterprise_id": "E0000ORG1", "enterprise_name": "Example Org",
                   "is_admin": false, "is_owner": false, "is_primary_owner": false, "teams": ["T0000TEAM1"]}}
                """.formatted(id, deleted, updated, email, id)).getAsJsonObject();
    }

    static JsonObject envelope(String type, JsonObject user) {
        JsonObject envelope = SlackRequests.appHomeOpened("W0000ADA");
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.add("user", user);
        event.addProperty("cache_ts", 1_700_000_000L);
        event.addProperty("event_ts", "1700000000.000100");
        envelope.add("event", event);
        return envelope;
    }
}
