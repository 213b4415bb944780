package dev.sessionguard.bench;

import com.slack.api.Slack;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.bulk.BulkApi;
import dev.sessionguard.bulk.BulkEngine;
import dev.sessionguard.bulk.BulkJob;
import dev.sessionguard.bulk.BulkJobRunner;
import dev.sessionguard.bulk.BulkJobStore;
import dev.sessionguard.bulk.BulkSender;
import dev.sessionguard.bulk.PacedBulkApi;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.signout.ResetScope;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long incident mode takes to sign out N people at Tier 2, on the real path: a job created and approved in a
 * SQLite {@link JdbcBulkJobStore}, run by {@link BulkJobRunner#runOne()} through {@link BulkEngine}, the
 * {@link PacedBulkApi} and {@link SessionAdminApi} over HTTP to a {@link FakeSlack} that enforces Tier 2 itself.
 *
 * <p>Tier 2 is 20 calls a minute; both the fake and the pacer use 20 calls per a shortened window (3 s unless told)
 * so a run takes seconds. Only the waiting scales with the window: each full window a run waits out ends
 * (60 s − window) later at the real window, and everything after it with it, so the time at 60 s is the measured
 * time plus (⌈calls / 20⌉ − 1) × (60 s − window). That holds while 20 calls take less than the window, which the
 * "of it waiting" column shows. Not a test (no *Test name, so Surefire skips it): run it with
 * {@code bench/run [window-seconds [people ...]]}.
 */
public final class BulkBench {

    private static final String RESET_BULK = "admin.users.session.resetBulk";
    private static final int TIER2_CALLS = PacedBulkApi.TIER2_CALLS;
    private static final Duration REAL_WINDOW = PacedBulkApi.TIER2_WINDOW;

    /** One run's numbers. */
    record Run(String label, int people, int calls, int rateLimited, long done, long failed, String state,
            Duration setup, Duration wall, Duration waited, int lowerBoundCalls) {
    }

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        List<Integer> sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).map(Integer::parseInt).toList()
                : List.of(1_000, 10_000, 50_000);
        double scale = (double) REAL_WINDOW.toNanos() / window.toNanos();

        System.out.printf(Locale.ROOT, "Bulk sign-out at Tier 2 (%d calls per %d s, scaled %.0f× from %d s), %s,"
                        + " %d cores, Java %s%n", TIER2_CALLS, window.toSeconds(), scale, REAL_WINDOW.toSeconds(),
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        run("warm-up (not reported)", 2_000, -1, window);
        List<Run> runs = new ArrayList<>();
        for (int people : sizes) {
            runs.add(run(String.format(Locale.ROOT, "%,d people", people), people, -1, window));
        }
        runs.add(run("1,000 people, 1 refused", 1_000, 617, window));
        print(runs, window);
    }

    /** @param refused the index of the one person Slack refuses, or -1 for none */
    private static Run run(String label, int people, int refused, Duration window) throws Exception {
        List<String> targets = people(people);
        try (FakeSlack fake = FakeSlack.start(); Slack slack = Slack.getInstance(fake.slackConfig());
                Database db = Database.open(TestDatabases.freshSqlite())) {
            fake.limit(RESET_BULK, TIER2_CALLS, window);
            if (refused >= 0) {
                String bad = targets.get(refused);
                fake.respond(RESET_BULK, c -> {
                    List<String> ids = List.of(c.param("user_ids").split(","));
                    if (!ids.contains(bad)) {
                        return FakeResponse.ok();
                    }
                    return FakeResponse.error(ids.size() == 1 ? "user_not_found" : BulkSender.FAILED_FOR_SOME_USERS);
                });
            }
            long setupStart = System.nanoTime();
            JdbcBulkJobStore store = new JdbcBulkJobStore(db, Clock.systemUTC());
            BulkJob job = store.create("W0000ADMIN", ResetScope.ALL, "bench", targets, Duration.ofMinutes(30));
            if (!(store.approve(job.id(), "W0000OWNER") instanceof BulkJobStore.Change.Made)) {
                throw new IllegalStateException("the bench job was not approved");
            }
            Duration setup = Duration.ofNanos(System.nanoTime() - setupStart);

            SessionAdminApi sessions = new SessionAdminApi(slack.methods(),
                    Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                    SlackCalls.withDefaults());
            WaitingTime time = new WaitingTime();
            BulkApi paced = new PacedBulkApi(BulkApi.of(sessions), TIER2_CALLS, window, time);
            BulkJobRunner runner = new BulkJobRunner(store, new BulkEngine(paced), "bench", Duration.ofMinutes(10));

            long runStart = System.nanoTime();
            runner.runOne().orElseThrow(() -> new IllegalStateException("the runner found no job"));
            Duration wall = Duration.ofNanos(System.nanoTime() - runStart);

            List<TargetResult> results = store.results(job.id());
            if (results.size() != people) {
                throw new IllegalStateException(results.size() + " outcomes for " + people + " people");
            }
            return new Run(label, people, fake.calls(RESET_BULK).size(), fake.rateLimited(RESET_BULK),
                    results.stream().filter(r -> r.status() == Status.DONE).count(),
                    results.stream().filter(r -> r.status() == Status.FAILED).count(),
                    store.find(job.id()).orElseThrow().state().name(), setup, wall,
                    Duration.ofNanos(time.waited.get()), ceilDiv(people, 1000));
        }
    }

    private static void print(List<Run> runs, Duration window) {
        System.out.println();
        System.out.println("| run | resetBulk calls (bound) | 429s | done / failed | job | setup | wall | of it waiting"
                + " | at 60 s | bound at 60 s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Run r : runs) {
            // Each full window the run waited out ends (60 s - window) later at Tier 2, and so does all after it.
            int windowsWaited = ceilDiv(r.calls, TIER2_CALLS) - 1;
            Duration atRealWindow = r.wall.plus(REAL_WINDOW.minus(window).multipliedBy(windowsWaited));
            String bound = r.label.contains("refused")
                    ? "≤ " + (r.lowerBoundCalls + 2 * ceilLog2(1000))
                    : Integer.toString(r.lowerBoundCalls);
            System.out.printf(Locale.ROOT, "| %s | %d (%s) | %d | %,d / %,d | %s | %s | %s | %s | %s | %s |%n",
                    r.label, r.calls, bound, r.rateLimited, r.done, r.failed, r.state, secs(r.setup), secs(r.wall),
                    secs(r.waited), secs(atRealWindow), secs(lowerBoundTime(r.calls)));
        }
        System.out.printf(Locale.ROOT, "%nwindow %d s; \"at 60 s\" = wall + (⌈calls / 20⌉ − 1) × (60 s − %d s);"
                + " \"bound at 60 s\" = (⌈calls / 20⌉ − 1) × 60 s, the first 20 calls going at once.%n",
                window.toSeconds(), window.toSeconds());
    }

    /** The least time {@code calls} calls can take at 20 per 60 s when a burst of 20 may go at once. */
    private static Duration lowerBoundTime(int calls) {
        return REAL_WINDOW.multipliedBy(Math.max(0, ceilDiv(calls, TIER2_CALLS) - 1));
    }

    private static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int ceilLog2(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    private static List<String> people(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format("W%010d", i));
        }
        return ids;
    }

    /** The system clock, adding up how long the pacer slept, to show that each window was waited out. */
    private static final class WaitingTime implements PacedBulkApi.Time {
        final AtomicLong waited = new AtomicLong();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            long start = System.nanoTime();
            try {
                PacedBulkApi.Time.SYSTEM.sleep(nanos);
            } finally {
                waited.addAndGet(System.nanoTime() - start);
            }
        }
    }
}
