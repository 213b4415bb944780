package dev.sessionguard.bench;

import dev.sessionguard.support.JarProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one {@link PerfBench} run, and their Markdown. */
final class Report {

    Duration startup;
    /** Start to /healthz in ms, of the start-up series: the first on a new database, then restarts. */
    PerfBench.Startups startups;
    JarProcess.Usage idle;
    JarProcess.Usage after10k;
    JarProcess.Usage afterLoad;
    JarProcess.Usage afterBurst;
    LoadPhases.Result tenThousand;
    final List<LoadPhases.Result> levels = new ArrayList<>();
    OpenLoop.Outcome modal;
    OpenLoop.Outcome burst;
    /** The first {@code perLevel} of that load, on a path the JIT hasn't compiled yet, then the next. */
    LoadPhases.Result aliceFirst;
    LoadPhases.Result aliceLevel;
    OpenLoop.Outcome shortcuts;
    Probes probes;
    String shortcutNoticesDropped;
    long appWarnings;
    long appErrors;
    int verifyRecords;
    AuditBench.Verified verifySqlite;
    AuditBench.Verified verifyPg;
    final List<AuditBench.Appended> appendSqlite = new ArrayList<>();
    final List<AuditBench.Appended> appendPg = new ArrayList<>();
    double seconds;
    String loadBefore;
    String loadAfter;

    String markdown(PerfBench.Options o) {
        StringBuilder md = new StringBuilder();
        if (!levels.isEmpty()) {
            appMarkdown(o, md);
        }
        auditMarkdown(md);
        md.append(String.format(Locale.ROOT, "%nThe whole run took %.0f s. Load average (1, 5, 15 min) at the start: "
                + "%s; at the end: %s.%n", seconds, loadBefore, loadAfter));
        return md.toString();
    }

    private void appMarkdown(PerfBench.Options o, StringBuilder md) {
        md.append("### Ack latency and throughput (`/session-reset help`, closed loop, ")
                .append(o.perLevel().toSeconds()).append(" s per level)\n\n")
                .append("| connections | requests | errors | p50 | p95 | p99 | max | req/s |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadPhases.Result r : levels) {
            Latencies l = r.latencies();
            md.append(String.format(Locale.ROOT, "| %d | %,d | %d | %s | %s | %s | %s | %,.0f |%n", r.concurrency(),
                    r.requests(), r.errors(), ms(l.percentileMillis(50)), ms(l.percentileMillis(95)),
                    ms(l.percentileMillis(99)), ms(l.maxMillis()), r.throughput()));
        }
        md.append("\nFirst answer seen: `").append(oneLine(levels.get(0).sampleBody())).append("`\n\n");

        md.append("### Ack of a modal-opening command (`/session-reset @alice`, closed loop, ")
                .append(aliceLevel.concurrency()).append(" connections, ").append(o.perLevel().toSeconds())
                .append(" s twice, its response_url refusing so busy notices fall back to DMs)\n\n")
                .append("| seconds into the load | requests | errors | p50 | p95 | p99 | max | req/s |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(aliceRow("0 to " + o.perLevel().toSeconds() + " (the JIT still compiling this path)",
                        aliceFirst))
                .append(aliceRow(o.perLevel().toSeconds() + " to " + 2 * o.perLevel().toSeconds(), aliceLevel))
                .append('\n');

        md.append("### Opening the form (`/session-reset`, ").append(modal.sent())
                .append(" commands at 10 a second, no tier limits)\n\n")
                .append(String.format(Locale.ROOT, "- command to `views.open` at the fake: p50 %s, p99 %s, max %s "
                                + "(%d of %d commands reached `views.open`)%n",
                        ms(modal.toViewsOpen().percentileMillis(50)), ms(modal.toViewsOpen().percentileMillis(99)),
                        ms(modal.toViewsOpen().maxMillis()), modal.toViewsOpen().count(), modal.sent()))
                .append(String.format(Locale.ROOT, "- their ack: p50 %s, p99 %s; errors %d%n%n",
                        ms(modal.ackLatency().percentileMillis(50)), ms(modal.ackLatency().percentileMillis(99)),
                        modal.ackErrors()));

        md.append("### Burst (open loop, 300 `/session-reset` a second for ").append(o.burst().toSeconds())
                .append(" s, Tier 4 limits: ").append(PerfBench.TIER4_CALLS).append(" a minute on ")
                .append(String.join(", ", PerfBench.TIER4_METHODS)).append(")\n\n")
                .append("| sent | opened within 3 s | told \"busy\" | neither (silent) | ack errors | acks over 3 s "
                        + "| ack p50 | ack p99 | reached views.open | views.open 429s | to views.open p50 | p99 |\n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %,d | %,d | %s | %s | %,d | %,d | %s | %s |%n%n",
                        burst.sent(), burst.opened(), burst.toldBusy(), burst.silent(), burst.ackErrors(),
                        burst.ackOver3s(), ms(burst.ackLatency().percentileMillis(50)),
                        ms(burst.ackLatency().percentileMillis(99)), burst.toViewsOpen().count(),
                        burst.viewsOpen429s(), ms(burst.toViewsOpen().percentileMillis(50)),
                        ms(burst.toViewsOpen().percentileMillis(99))));

        md.append("### Global-shortcut burst (open loop, ").append(PerfBench.SHORTCUTS_PER_SECOND)
                .append(" presses a second for ").append(PerfBench.SHORTCUT_BURST.toSeconds())
                .append(" s, no response_url, Tier 4 limits and chat.postMessage ").append(PerfBench.TIER4_CALLS)
                .append(" a minute)\n\n")
                .append("| sent | opened within 3 s | told \"busy\" | neither | ack errors | acks over 3 s | ack p50 | ack p99 "
                        + "| ack max |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %,d | %,d | %s | %s | %s |%n%n",
                        shortcuts.sent(), shortcuts.opened(), shortcuts.toldBusy(), shortcuts.silent(),
                        shortcuts.ackErrors(), shortcuts.ackOver3s(), ms(shortcuts.ackLatency().percentileMillis(50)),
                        ms(shortcuts.ackLatency().percentileMillis(99)), ms(shortcuts.ackLatency().maxMillis())))
                .append(String.format(Locale.ROOT, "- probes during the burst and %d s after, one every %d ms: "
                                + "`/healthz` p50 %s, p99 %s, max %s; signed `help` p50 %s, p99 %s, max %s; %d failed%n",
                        PerfBench.AFTER.toSeconds(), Probes.EVERY.toMillis(), ms(probes.health.percentileMillis(50)),
                        ms(probes.health.percentileMillis(99)), ms(probes.health.maxMillis()),
                        ms(probes.help.percentileMillis(50)), ms(probes.help.percentileMillis(99)),
                        ms(probes.help.maxMillis()), probes.failures))
                .append("- busy notices that did not reach their person, from `/metrics`: ")
                .append(shortcutNoticesDropped).append("\n\n");

        md.append("### The process\n\n")
                .append(String.format(Locale.ROOT, "- start to `/healthz` 200: %.2f s (the run's own start, a new database,"
                        + " the bench's JVM cold too)%n", startup.toMillis() / 1000.0))
                .append(startups == null ? "" : "- start-up series after the run (" + PerfBench.STARTUPS + " of each, in"
                        + " turn, after one not counted): " + startups.line() + "\n")
                .append(usage("idle (2 s after ready)", idle))
                .append(usage("after 10,000 requests (16 connections, "
                        + String.format(Locale.ROOT, "%,.0f req/s, %d errors)", tenThousand.throughput(),
                        tenThousand.errors()), after10k))
                .append(usage("after the ack levels", afterLoad))
                .append(usage("after the burst", afterBurst))
                .append(String.format(Locale.ROOT, "- the app logged %,d WARN and %,d ERROR lines in all%n%n",
                        appWarnings, appErrors));

    }

    private void auditMarkdown(StringBuilder md) {
        md.append("### Audit trail\n\n")
                .append(verify("SQLite", verifySqlite))
                .append(verifyPg == null ? "- PostgreSQL: not run (`SESSION_GUARD_TEST_PG_URL` unset)\n"
                        : verify("PostgreSQL", verifyPg));
        for (AuditBench.Appended a : appendSqlite) {
            md.append(append("SQLite", a));
        }
        for (AuditBench.Appended a : appendPg) {
            md.append(append("PostgreSQL", a));
        }
    }

    /** The machine's load average (1, 5, 15 min): other work on the 2 cores shows here. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String usage(String when, JarProcess.Usage u) {
        return String.format(Locale.ROOT, "- %s: RSS %.0f MiB, %d threads%n", when, u.rssMib(), u.threads());
    }

    private static String verify(String db, AuditBench.Verified v) {
        return String.format(Locale.ROOT, "- `verify()` on %s: %,d records in %.2f s, %,.0f records/s (%s)%n", db,
                v.records(), v.seconds(), v.perSecond(), v.intact() ? "intact" : "BROKEN");
    }

    private static String append(String db, AuditBench.Appended a) {
        return String.format(Locale.ROOT, "- `append` on %s, %d thread%s: %,d records in %.1f s, %,.0f records/s%n",
                db, a.threads(), a.threads() == 1 ? "" : "s", a.records(), a.seconds(), a.perSecond());
    }

    private static String aliceRow(String when, LoadPhases.Result r) {
        Latencies a = r.latencies();
        return String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s | %s | %,.0f |%n", when, r.requests(),
                r.errors(), ms(a.percentileMillis(50)), ms(a.percentileMillis(95)), ms(a.percentileMillis(99)),
                ms(a.maxMillis()), r.throughput());
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v < 10 ? "%.2f ms" : "%.1f ms", v);
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replace('\n', ' ').replace('`', '\'');
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }

    /** The middle value (the upper one of an even count). */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
