package dev.sessionguard.support;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.people.DirectorySync;
import dev.sessionguard.people.PeopleStore;
import dev.sessionguard.people.UserLists;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Fills a user directory the way the app does (a full {@link DirectorySync} from the fake's {@code users.list}), but
 * at once: tests register their people, then sync, instead of waiting for the app's own paced sync.
 */
public final class Directories {

    /** No pacing: the fake has no tier limits unless a test sets them. */
    static final DirectorySync.Timing AT_ONCE = new DirectorySync.Timing(Duration.ZERO, Duration.ofHours(24), 1000,
            Duration.ZERO, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(1));
    private static final Duration LEASE_WAIT = Duration.ofSeconds(30);

    private Directories() {
    }

    /** One full sync of {@code store} from {@code slack}, now. */
    public static void sync(PeopleStore store, FakeSlack slack) {
        UserLists lists = new UserLists(Slack.getInstance(slack.slackConfig()).methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                SlackCalls.withDefaults().withoutRetries());
        try (DirectorySync sync = new DirectorySync(store, lists, "test-" + UUID.randomUUID(), AT_ONCE,
                Clock.systemUTC(), DirectorySync.Waits.REAL)) {
            // The app's own sync may hold the lease: this one runs once it is free, so it sees every person.
            Await.until(LEASE_WAIT, () -> sync.syncNow() == DirectorySync.Outcome.SYNCED, "a full directory sync");
        }
    }

    /** One full sync into a running app's database, as a second instance would make it. */
    public static void sync(TestApp app, FakeSlack slack) {
        try (Database db = Database.open(new Secret(app.databaseUrl()))) {
            sync(new JdbcPeople(db, Clock.systemUTC()), slack);
        }
    }
}
