package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditChain;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.AuditStore.StoredRecord;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every audit store must do, run on each real engine by a subclass. */
abstract class AuditStoreContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    MutableClock clock = new MutableClock(T0);
    Database db;
    AuditStore store;

    /** A URL for a fresh, empty database. */
    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabase());
        store = new JdbcAuditStore(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static AuditRecord record(int n) {
        return new AuditRecord(T0.plusSeconds(n), "W0000ADMIN", AuditRecord.SESSION_RESET, AuditRecord.Outcome.SUCCEEDED,
                "All sessions", "laptop stolen #" + n + ", \"quoted\" <!channel> ünïcødé",
                null, List.of(new TargetResult("W0000ALICE", TargetResult.Status.DONE, null, "Signed out")));
    }

    @Test
    void appendsLinkIntoOneChainFromGenesis() {
        StoredRecord a = store.append(record(1));
        StoredRecord b = store.append(record(2));
        StoredRecord c = store.append(record(3));

        assertThat(List.of(a.seq(), b.seq(), c.seq())).containsExactly(1L, 2L, 3L);
        assertThat(a.prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(b.prevHash()).isEqualTo(a.hash());
        assertThat(c.prevHash()).isEqualTo(b.hash());
        AuditStore.Verification v = store.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.records()).isEqualTo(3);
        assertThat(v.headHash()).isEqualTo(c.hash());
    }

    @Test
    void recordsComeBackExactlyAsWrittenNewestFirst() {
        store.append(record(1));
        store.append(record(2));

        List<StoredRecord> recent = store.recent(10);

        assertThat(recent).extracting(StoredRecord::seq).containsExactly(2L, 1L);
        assertThat(recent.get(0).record()).isEqualTo(record(2));
    }

    @Test
    void emptyStoreVerifies() {
        assertThat(store.verify().intact()).isTrue();
        assertThat(store.verify().records()).isZero();
    }

    @Test
    void alteringARecordsContentBreaksTheChainAtThatRecord() throws SQLException {
        appendThree();

        sql("UPDATE audit_record SET body = replace(body, 'laptop', 'lapt0p') WHERE seq = 2");

        AuditStore.Verification v = store.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(2);
        assertThat(v.problem()).contains("record #2").contains("altered");
    }

    @Test
    void alteringOnlyAnIndexedColumnIsCaught() throws SQLException {
        appendThree();

        sql("UPDATE audit_record SET actor_id = 'W0000OTHER' WHERE seq = 3");

        assertThat(store.verify().brokenAt()).isEqualTo(3);
    }

    @Test
    void removingARecordFromTheMiddleIsCaught() throws SQLException {
        appendThree();

        sql("DELETE FROM audit_outbox WHERE seq = 2");
        sql("DELETE FROM audit_record WHERE seq = 2");

        AuditStore.Verification v = store.verify();
        assertThat(v.brokenAt()).isEqualTo(2);
        assertThat(v.problem()).contains("missing");
    }

    @Test
    void removingTheLastRecordIsCaught() throws SQLException {
        appendThree();

        sql("DELETE FROM audit_outbox WHERE seq = 3");
        sql("DELETE FROM audit_record WHERE seq = 3");

        AuditStore.Verification v = store.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(3);
    }

    @Test
    void rewritingARecordWithAFreshHashStillBreaksTheNextLink() throws SQLException {
        appendThree();
        StoredRecord second = store.recent(3).get(1);
        String forgedBody = "{\"forged\":true}";
        String forgedHash = AuditChain.hash(second.prevHash(), 2, forgedBody);

        sql("UPDATE audit_record SET body = '" + forgedBody + "', hash = '" + forgedHash + "' WHERE seq = 2");

        assertThat(store.verify().intact()).isFalse();
        assertThat(store.verify().brokenAt()).isIn(2L, 3L);
    }

    @Test
    void concurrentWritersStillBuildOneChain() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<StoredRecord>> futures = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int n = i;
            futures.add(writers.submit(() -> store.append(record(n))));
        }
        Set<Long> seqs = new HashSet<>();
        for (Future<StoredRecord> f : futures) {
            seqs.add(f.get(60, TimeUnit.SECONDS).seq());
        }
        writers.shutdown();

        assertThat(seqs).hasSize(120);
        assertThat(store.verify().intact()).isTrue();
        assertThat(store.verify().records()).isEqualTo(120);
    }

    @Test
    void verifyDuringConcurrentAppendsNeverReportsABrokenChain() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> appends = writer.submit(() -> {
            for (int i = 0; i < 200; i++) {
                store.append(record(i));
            }
        });
        List<AuditStore.Verification> seen = new ArrayList<>();
        while (!appends.isDone()) {
            seen.add(store.verify());
        }
        appends.get(60, TimeUnit.SECONDS);
        writer.shutdown();

        assertThat(seen).isNotEmpty().allSatisfy(v -> assertThat(v.intact()).as(String.valueOf(v.problem())).isTrue());
        assertThat(store.verify().records()).isEqualTo(200);
    }

    @Test
    void eachDueRecordGoesToOneClaimerOnly() {
        appendThree();

        List<AuditStore.Due> first = store.claimDue("a", 2, Duration.ofMinutes(1));
        List<AuditStore.Due> second = store.claimDue("b", 10, Duration.ofMinutes(1));
        List<AuditStore.Due> third = store.claimDue("c", 10, Duration.ofMinutes(1));

        assertThat(first).extracting(d -> d.stored().seq()).containsExactly(1L, 2L);
        assertThat(second).extracting(d -> d.stored().seq()).containsExactly(3L);
        assertThat(third).isEmpty();
    }

    @Test
    void deliveredRecordsAreNeverClaimedAgain() {
        appendThree();
        store.claimDue("a", 10, Duration.ofMinutes(1)).forEach(d ->
                store.delivered(d.stored().seq(), "a", "C0000AUDIT", "1700000000.00010" + d.stored().seq()));

        clock.advance(Duration.ofHours(1));

        assertThat(store.claimDue("b", 10, Duration.ofMinutes(1))).isEmpty();
        assertThat(store.backlog()).isZero();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldClaimerCanNoLongerMarkIt() {
        store.append(record(1));
        store.claimDue("crashed", 10, Duration.ofMinutes(1));

        clock.advance(Duration.ofSeconds(61));
        List<AuditStore.Due> takenOver = store.claimDue("survivor", 10, Duration.ofMinutes(1));
        store.delivered(1, "crashed", "C0000AUDIT", "1.1");

        assertThat(takenOver).extracting(d -> d.stored().seq()).containsExactly(1L);
        assertThat(store.backlog()).isEqualTo(1);
        store.delivered(1, "survivor", "C0000AUDIT", "1.2");
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aFailedRecordWaitsUntilItsNextAttemptAndCountsAttempts() {
        store.append(record(1));
        store.claimDue("a", 10, Duration.ofMinutes(1));
        store.failed(1, "a", "service_unavailable", clock.instant().plusSeconds(30));

        assertThat(store.claimDue("a", 10, Duration.ofMinutes(1))).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        List<AuditStore.Due> due = store.claimDue("a", 10, Duration.ofMinutes(1));
        assertThat(due).hasSize(1);
        assertThat(due.get(0).attempts()).isEqualTo(1);
    }

    @Test
    void exportReturnsRecordsSinceAnInstantOldestFirst() {
        appendThree();
        List<Long> exported = new ArrayList<>();

        store.export(T0.plusSeconds(2), r -> exported.add(r.seq()));

        assertThat(exported).containsExactly(2L, 3L);
    }

    private void appendThree() {
        store.append(record(1));
        store.append(record(2));
        store.append(record(3));
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
