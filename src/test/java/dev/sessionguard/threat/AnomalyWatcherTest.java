package dev.sessionguard.threat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.slackapi.AuditLogEntry;
import dev.sessionguard.slackapi.AuditLogs;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAnomalyStore;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watcher's reads against a scripted feed and a real SQLite store: pages newest first, filed oldest first, each
 * entry once; the watermark moves only after a whole read; Slack's refusals and 429s move nothing.
 */
class AnomalyWatcherTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(60);

    private Database db;
    private JdbcAuditStore audit;
    private JdbcAnomalyStore store;
    private final MutableClock clock = new MutableClock(NOW);
    /** What the feed answers, one page a call, and what it was asked. */
    private final List<AuditLogs.Page> pages = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.freshSqlite());
        audit = new JdbcAuditStore(db, clock);
        store = new JdbcAnomalyStore(db, audit, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private AnomalyWatcher watcher(String instance) {
        ThreatService service = new ThreatService(store, null, null, null, null, null, () -> { }, clock,
                ThreatService.Automatic.OFF, ThreatService.Counts.NONE, seq -> java.util.Optional.empty());
        return new AnomalyWatcher((oldest, cursor, limit) -> {
            asked.add(oldest + "/" + cursor + "/" + limit);
            return pages.isEmpty() ? new AuditLogs.Page(List.of(), null, null) : pages.remove(0);
        }, store, service, instance, INTERVAL, clock);
    }

    static AuditLogEntry anomaly(String id, String user, Instant at, String... reasons) {
        return new AuditLogEntry(id, at, AuditLogEntry.ANOMALY, user, "E0000ORG1", List.of(reasons), "203.0.113.9",
                "Mozilla/5.0", "Lisbon, Portugal", "1234", null, null);
    }

    private List<String> actions() {
        return audit.recent(100).stream().map(r -> r.record().action() + " " + r.record().detail()).toList();
    }

    @Test
    void readsEveryPageThenFilesOldestFirstOnceAndMovesTheWatermark() throws Exception {
        Instant a = NOW.minusSeconds(300);
        pages.add(new AuditLogs.Page(List.of(anomaly("e3", "W0000CAROL", a.plusSeconds(20), "tor"),
                anomaly("e2", "W0000ALICE", a.plusSeconds(10), "asn")), "next", null));
        pages.add(new AuditLogs.Page(List.of(anomaly("e1", "W0000ALICE", a, "session_fingerprint")), null, null));

        assertThat(watcher("one").read()).isEqualTo(INTERVAL);

        assertThat(asked).containsExactly(NOW.minus(AnomalyWatcher.FIRST_LOOK_BACK).getEpochSecond() + "/null/200",
                NOW.minus(AnomalyWatcher.FIRST_LOOK_BACK).getEpochSecond() + "/next/200");
        assertThat(store.watermark()).hasValue(a.plusSeconds(20).getEpochSecond());
        // Alice's two anomalies are one card, filed in the order Slack logged them: the first made it.
        List<AuditStore.StoredRecord> records = audit.recent(100);
        assertThat(records).hasSize(3);
        AnomalyCard alice = store.card(ThreatService.cardId(anomaly("e1", "W0000ALICE", a))).orElseThrow();
        assertThat(alice.count()).isEqualTo(2);
        assertThat(alice.reasons()).containsExactly("session_fingerprint", "asn");
        assertThat(alice.latest().entryId()).isEqualTo("e2");

        // The next read reaches back the overlap behind the watermark, and the same entries again file nothing.
        pages.add(new AuditLogs.Page(List.of(anomaly("e3", "W0000CAROL", a.plusSeconds(20), "tor")), null, null));
        asked.clear();
        watcher("one").read();
        assertThat(asked).containsExactly((a.plusSeconds(20).getEpochSecond() - AnomalyWatcher.OVERLAP.toSeconds())
                + "/null/200");
        assertThat(audit.recent(100)).hasSize(3);
    }

    @Test
    void aRefusedReadMovesNothingAndWaitsAPoll() throws Exception {
        store.advance(NOW.minusSeconds(100).getEpochSecond());
        pages.add(new AuditLogs.Page(List.of(), null, new AuditLogs.Failure("invalid_authentication", 401, 0)));

        assertThat(watcher("one").read()).isEqualTo(INTERVAL);

        assertThat(asked).hasSize(1); // a refusal is not tried again within the read
        assertThat(store.watermark()).hasValue(NOW.minusSeconds(100).getEpochSecond());
        assertThat(audit.recent(10)).isEmpty();
    }

    @Test
    void aPageThatFailsAfterAnEarlierOneFilesNothingOfTheRead() throws Exception {
        pages.add(new AuditLogs.Page(List.of(anomaly("e2", "W0000ALICE", NOW.minusSeconds(10), "asn")), "next", null));
        pages.add(new AuditLogs.Page(List.of(), null, new AuditLogs.Failure("missing_scope", 403, 0)));

        watcher("one").read();

        // The newer page alone would move the watermark past the older entries still unread.
        assertThat(store.watermark()).isEmpty();
        assertThat(audit.recent(10)).isEmpty();
    }

    @Test
    void aRateLimitedPageIsTriedAgainAfterSlacksRetryAfterWithinTheRead() throws Exception {
        pages.add(new AuditLogs.Page(List.of(), null, new AuditLogs.Failure("ratelimited", 429, 1)));
        pages.add(new AuditLogs.Page(List.of(anomaly("e1", "W0000ALICE", NOW.minusSeconds(10), "tor")), null, null));

        long started = System.nanoTime();
        watcher("one").read();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1)).isEqualTo(asked.get(0)); // the same page: same oldest, same cursor
        assertThat(actions()).hasSize(1).allSatisfy(a -> assertThat(a).startsWith(ThreatRecords.DETECTED));
    }

    @Test
    void anotherInstancesLeaseMeansNoReadUntilItLapses() throws Exception {
        assertThat(store.lease("other", NOW.plusSeconds(30))).isTrue();

        watcher("one").read();
        assertThat(asked).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        watcher("one").read();
        assertThat(asked).hasSize(1);
    }

    @Test
    void closingLetsTheLeaseGoForTheNextInstance() throws Exception {
        AnomalyWatcher one = watcher("one");
        one.read();
        assertThat(store.lease("two", NOW.plusSeconds(30))).isFalse();
        one.close();
        assertThat(store.lease("two", NOW.plusSeconds(30))).isTrue();
    }
}
