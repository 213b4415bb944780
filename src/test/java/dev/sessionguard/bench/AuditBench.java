package dev.sessionguard.bench;

import dev.sessionguard.audit.AuditChain;
import dev.sessionguard.audit.AuditCodec;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail's speed: {@code verify()} over a long chain, and {@code append} one after another and from
 * several threads at once. The long chain is written straight into {@code audit_record} in one transaction,
 * each row hashed exactly as {@code JdbcAuditStore} hashes it, so {@code verify()} checks a valid chain; only
 * the outbox rows are left out, which verify does not read.
 */
final class AuditBench {

    record Verified(long records, double seconds, boolean intact) {
        double perSecond() {
            return records / seconds;
        }
    }

    record Appended(int threads, long records, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    private AuditBench() {
    }

    /** A typical reset record: one admin signing out one person. */
    static AuditRecord record(long n, Instant at) {
        return new AuditRecord(at, "W0000ADMIN", AuditRecord.SESSION_RESET, AuditRecord.Outcome.SUCCEEDED,
                "All sessions", "bench " + n, null,
                List.of(new TargetResult("W" + (100000 + n % 900000), TargetResult.Status.DONE, null, null)));
    }

    static Verified verify(Secret url, int records) throws SQLException {
        try (Database db = Database.open(url)) {
            fill(db, records);
            AuditStore store = new JdbcAuditStore(db, Clock.systemUTC());
            long start = System.nanoTime();
            AuditStore.Verification v = store.verify();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Verified(v.records(), seconds, v.intact());
        }
    }

    private static void fill(Database db, int records) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            String prev = AuditChain.GENESIS;
            Instant at = Instant.parse("2026-01-01T00:00:00Z");
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_record "
                    + "(seq, recorded_at, recorded_ms, actor_id, action, outcome, body, prev_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (long seq = 1; seq <= records; seq++) {
                    Instant when = at.plusMillis(seq * 10);
                    AuditRecord r = record(seq, when);
                    String body = AuditCodec.canonical(r);
                    String hash = AuditChain.hash(prev, seq, body);
                    s.setLong(1, seq);
                    s.setString(2, r.at().toString());
                    s.setLong(3, r.at().toEpochMilli());
                    s.setString(4, r.actorId());
                    s.setString(5, r.action());
                    s.setString(6, r.outcome().name());
                    s.setString(7, body);
                    s.setString(8, prev);
                    s.setString(9, hash);
                    s.addBatch();
                    prev = hash;
                    if (seq % 10_000 == 0) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
                s.setLong(1, records);
                s.setString(2, prev);
                s.executeUpdate();
            }
            c.commit();
        }
    }

    /** {@code threads} appending for {@code seconds} each, on a fresh store. */
    static Appended append(Secret url, int threads, double seconds) throws Exception {
        try (Database db = Database.open(url)) {
            JdbcAuditStore store = new JdbcAuditStore(db, Clock.systemUTC());
            AtomicLong done = new AtomicLong();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    while (System.nanoTime() < deadline) {
                        store.append(record(done.incrementAndGet(), Instant.now()));
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.MINUTES);
            return new Appended(threads, done.get(), (System.nanoTime() - start) / 1e9);
        }
    }
}
