package dev.sessionguard.bench;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.people.DirectorySync;
import dev.sessionguard.people.UserLists;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.JarProcess;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 20's directory figures (bench/directory; results in docs/PERFORMANCE.md):
 * <ul>
 *   <li>{@code sync}: a full sync of {@code --people} split over {@code --workspaces}, against a fake Slack that
 *       limits {@code users.list} to 20 calls per {@code --window} seconds per workspace (Slack's Tier 2 with
 *       Slack's own 60 s windows by default) and answers each call in {@code --latency-ms}: time, calls, 429s.</li>
 *   <li>{@code rss}: the jar, with the README's JVM options, fills a {@code --people} directory from the fake;
 *       its RSS once it holds them all.</li>
 * </ul>
 */
public final class DirectoryBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int people = Integer.parseInt(opts.getOrDefault("people", "20000"));
        int workspaces = Integer.parseInt(opts.getOrDefault("workspaces", "1"));
        int window = Integer.parseInt(opts.getOrDefault("window", "60"));
        int latency = Integer.parseInt(opts.getOrDefault("latency-ms", "100"));
        try (FakeSlack slack = FakeSlack.start()) {
            List<String> teams = new ArrayList<>();
            for (int w = 0; w < workspaces; w++) {
                teams.add(w == 0 ? "T0000TEAM1" : String.format("T%09d", w));
            }
            for (int i = 0; i < people; i++) {
                slack.user(FakeUser.member(String.format("W%09d", i)).name("p" + i).teams(teams.get(i % workspaces)));
            }
            slack.latency(Duration.ofMillis(latency));
            // The fake's limit is per method, not per workspace: one workspace's budget times the workspaces.
            slack.limit("users.list", 20 * workspaces, Duration.ofSeconds(window));
            if (opts.containsKey("rss")) {
                rss(slack, people, Path.of(opts.getOrDefault("jar", "target/session-guard.jar")));
            } else {
                sync(slack, people, workspaces, window, latency);
            }
        }
    }

    private static void sync(FakeSlack slack, int people, int workspaces, int window, int latency) {
        Database db = Database.open(TestDatabases.freshSqlite());
        try {
            JdbcPeople store = new JdbcPeople(db, Clock.systemUTC());
            UserLists lists = new UserLists(Slack.getInstance(slack.slackConfig()).methods(),
                    Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                    SlackCalls.withDefaults().withoutRetries());
            DirectorySync sync = new DirectorySync(store, lists, "bench", DirectorySync.Timing.slackTier2(
                    Duration.ofHours(24)), Clock.systemUTC(), DirectorySync.Waits.REAL);
            DirectorySync.Outcome outcome = sync.syncNow();
            DirectorySync.Run run = sync.lastRun();
            System.out.printf("directory sync: %,d people in %d workspace(s), users.list limited to 20 per %d s per "
                    + "workspace, %d ms a call%n", people, workspaces, window, latency);
            System.out.printf("  outcome %s: %,d stored, %.1f s, %d list calls (%d users.list, %d auth.teams.list), "
                    + "%d answered 429%n", outcome, store.count(), run == null ? -1.0 : run.took().toMillis() / 1000.0,
                    slack.calls().size(), slack.calls("users.list").size(), slack.calls("auth.teams.list").size(),
                    slack.rateLimited("users.list"));
            long other = slack.calls().stream().filter(c -> !c.method().equals("users.list")
                    && !c.method().equals("auth.teams.list")).count();
            System.out.printf("  per-person calls: %d%n", other);
        } finally {
            db.close();
        }
    }

    private static void rss(FakeSlack slack, int people, Path jar) throws Exception {
        Path dir = Files.createTempDirectory("directory-bench");
        Map<String, String> env = new HashMap<>(TestApp.environment(slack));
        env.put(ServerSettings.DATABASE_URL, "jdbc:sqlite:" + dir.resolve("audit.db"));
        List<String> jvm = JarProcess.readmeOptions(jar);
        try (JarProcess app = JarProcess.start(jar, jvm, env, dir)) {
            JarProcess.Usage idle = app.usage();
            long t0 = System.nanoTime();
            boolean full = Await.untilOrTimeout(Duration.ofMinutes(10), Duration.ofSeconds(1), () -> {
                try {
                    return app.metric("session_guard_directory_last_sync_timestamp_seconds").matches(".* [1-9].*");
                } catch (Exception e) {
                    return false;
                }
            });
            double took = (System.nanoTime() - t0) / 1e9;
            JarProcess.Usage after = app.usage();
            System.out.printf("jar with %s: ready RSS %.0f MiB; directory %s after %.0f s: %s; RSS %.0f MiB, %d threads%n",
                    String.join(" ", jvm.subList(0, 2)), idle.rssMib(), full ? "filled" : "NOT filled", took,
                    app.metric("session_guard_directory_people"), after.rssMib(), after.threads());
            System.out.printf("  users.list calls %d, 429s %d, WARN lines %d, ERROR lines %d%n",
                    slack.calls("users.list").size(), slack.rateLimited("users.list"), app.logLines("WARN"),
                    app.logLines("ERROR"));
        }
    }
}
