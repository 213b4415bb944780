package dev.sessionguard.storage;

import dev.sessionguard.audit.AuditChain;
import dev.sessionguard.audit.AuditCodec;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import dev.sessionguard.audit.TargetResult;
import java.util.function.Consumer;

/** The audit trail and its outbox in SQLite or PostgreSQL, with plain JDBC. */
public final class JdbcAuditStore implements AuditStore {

    private static final String COLUMNS = "seq, prev_hash, hash, body, recorded_at, actor_id, action, outcome";

    private final Database db;
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcAuditStore(Database db, Clock clock) {
        this.db = db;
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    /** The window of the per-admin sign-out limit. */
    static final Duration LIMIT_WINDOW = Duration.ofMinutes(1);

    @Override
    public StoredRecord append(AuditRecord record) {
        return jdbc.inTransaction(c -> {
            lockHead(c);
            return appendLocked(c, record);
        });
    }

    /**
     * Takes the chain's lock in the caller's transaction, for a store whose own rows and a record must commit
     * together (an anomaly's filing): before touching its own rows, so every writer takes the locks in one order.
     */
    static void lock(Connection c) throws SQLException {
        lockHead(c);
    }

    /** Appends in the caller's transaction, which holds {@link #lock}. */
    StoredRecord appendIn(Connection c, AuditRecord record) throws SQLException {
        return appendLocked(c, record);
    }

    @Override
    public Begun begin(AuditRecord intent, int signOuts, int maxPerMinute) {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            lockHead(c); // every instance's budget check and begin wait here: the sum can't be spent twice
            int recent;
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(sign_outs), 0) FROM audit_action "
                    + "WHERE actor_id = ? AND begun_ms > ?")) {
                s.setString(1, intent.actorId());
                s.setLong(2, now - LIMIT_WINDOW.toMillis());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    recent = rs.getInt(1);
                }
            }
            if (signOuts > 0 && recent + signOuts > maxPerMinute) {
                return new Begun.OverLimit(recent, maxPerMinute);
            }
            StoredRecord stored = appendLocked(c, intent);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_action (begin_seq, actor_id, sign_outs, "
                    + "begun_ms, heartbeat_ms, landed) VALUES (?, ?, ?, ?, ?, '[]')")) {
                s.setLong(1, stored.seq());
                s.setString(2, intent.actorId());
                s.setInt(3, signOuts);
                s.setLong(4, now);
                s.setLong(5, now);
                s.executeUpdate();
            }
            return new Begun.Started(stored);
        });
    }

    @Override
    public void landed(long beginSeq, List<TargetResult> soFar) {
        jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE audit_action SET landed = ?, heartbeat_ms = ? WHERE begin_seq = ?")) {
                s.setString(1, AuditCodec.targets(soFar));
                s.setLong(2, clock.millis());
                s.setLong(3, beginSeq);
                if (s.executeUpdate() != 1) {
                    throw new StorageException(new SQLException("no open action #" + beginSeq));
                }
            }
            return null;
        });
    }

    @Override
    public StoredRecord finish(long beginSeq, AuditRecord closing) {
        return jdbc.inTransaction(c -> {
            lockHead(c);
            StoredRecord stored = appendLocked(c, closing.closing(beginSeq));
            markFinished(c, beginSeq, stored.seq());
            return stored;
        });
    }

    @Override
    public int closeStale(Instant staleBefore, BiFunction<StoredRecord, List<TargetResult>, AuditRecord> closer) {
        List<Long> open = jdbc.withConnection(c -> {
            List<Long> seqs = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT begin_seq FROM audit_action "
                    + "WHERE finished_seq IS NULL AND heartbeat_ms < ? ORDER BY begin_seq")) {
                s.setLong(1, staleBefore.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                    }
                }
            }
            return seqs;
        });
        int closed = 0;
        for (long beginSeq : open) {
            closed += jdbc.inTransaction(c -> {
                lockHead(c);
                // Read again under the lock: another instance may have closed it, or its owner come back to life.
                String landed;
                try (PreparedStatement s = c.prepareStatement("SELECT landed FROM audit_action "
                        + "WHERE begin_seq = ? AND finished_seq IS NULL AND heartbeat_ms < ?")) {
                    s.setLong(1, beginSeq);
                    s.setLong(2, staleBefore.toEpochMilli());
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            return 0;
                        }
                        landed = rs.getString(1);
                    }
                }
                StoredRecord begun = query(c, "SELECT " + COLUMNS + " FROM audit_record WHERE seq = ?",
                        q -> q.setLong(1, beginSeq)).get(0);
                StoredRecord stored = appendLocked(c, closer.apply(begun, AuditCodec.parseTargets(landed)).closing(beginSeq));
                markFinished(c, beginSeq, stored.seq());
                return 1;
            });
        }
        return closed;
    }

    @Override
    public Optional<Delivered> delivery(long seq) {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT channel, message_ts FROM audit_outbox WHERE seq = ? AND delivered_at IS NOT NULL")) {
                s.setLong(1, seq);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getString(2) != null
                            ? Optional.of(new Delivered(rs.getString(1), rs.getString(2))) : Optional.<Delivered>empty();
                }
            }
        });
    }

    private static void markFinished(Connection c, long beginSeq, long finishedSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE audit_action SET finished_seq = ? WHERE begin_seq = ? AND finished_seq IS NULL")) {
            s.setLong(1, finishedSeq);
            s.setLong(2, beginSeq);
            s.executeUpdate();
        }
    }

    /** The last link of the chain: its seq and hash. */
    private record Head(long seq, String hash) {
    }

    private static Head head(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM audit_chain_head WHERE id = 1");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Head(rs.getLong(1), rs.getString(2));
        }
    }

    /** Touching the head row first takes the lock every appender waits on: one chain, whoever writes. */
    private static void lockHead(Connection c) throws SQLException {
        update(c, "UPDATE audit_chain_head SET seq = seq WHERE id = 1");
    }

    /** Within a transaction holding {@link #lockHead}: the record as the next link, with its outbox row. */
    private StoredRecord appendLocked(Connection c, AuditRecord record) throws SQLException {
        String body = AuditCodec.canonical(record);
        Head head = head(c);
        long seq = head.seq() + 1;
        String prevHash = head.hash();
        String hash = AuditChain.hash(prevHash, seq, body);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_record "
                + "(seq, recorded_at, recorded_ms, actor_id, action, outcome, body, prev_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            s.setString(2, record.at().toString());
            s.setLong(3, record.at().toEpochMilli());
            s.setString(4, record.actorId());
            s.setString(5, record.action());
            s.setString(6, record.outcome().name());
            s.setString(7, body);
            s.setString(8, prevHash);
            s.setString(9, hash);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
            s.setLong(1, seq);
            s.setString(2, hash);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_outbox (seq, attempts, next_attempt_ms) VALUES (?, 0, ?)")) {
            s.setLong(1, seq);
            s.setLong(2, clock.millis());
            s.executeUpdate();
        }
        return new StoredRecord(seq, prevHash, hash, record);
    }

    @Override
    public List<StoredRecord> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM audit_record ORDER BY seq DESC LIMIT ?", s -> s.setInt(1, limit));
    }

    @Override
    public void export(Instant since, Consumer<StoredRecord> sink) {
        // In a transaction so PostgreSQL streams with a cursor (fetch size) instead of loading every row.
        jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM audit_record WHERE recorded_ms >= ? ORDER BY seq")) {
                s.setLong(1, since.toEpochMilli());
                s.setFetchSize(500);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(stored(rs));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Verification verify() {
        // The head is read first and the scan stops there, so appends that land meanwhile are not mistaken
        // for tampering; the transaction lets PostgreSQL stream the rows.
        return jdbc.inTransaction(c -> {
            Head head = head(c);
            long headSeq = head.seq();
            String headHash = head.hash();
            long expectedSeq = 1;
            String prevHash = AuditChain.GENESIS;
            long count = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT seq, prev_hash, hash, body, recorded_at, actor_id, "
                    + "action, outcome FROM audit_record WHERE seq <= ? ORDER BY seq")) {
                s.setLong(1, headSeq);
                s.setFetchSize(500);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong("seq");
                        if (seq != expectedSeq) {
                            return broken(count, expectedSeq, "record #" + expectedSeq + " is missing", prevHash);
                        }
                        String problem = checkRow(rs, prevHash);
                        if (problem != null) {
                            return broken(count, seq, "record #" + seq + " " + problem, prevHash);
                        }
                        prevHash = rs.getString("hash");
                        expectedSeq++;
                        count++;
                    }
                }
            }
            if (headSeq != count || !headHash.equals(prevHash)) {
                long missing = Math.min(headSeq, count + 1);
                return broken(count, missing, "the chain ends at record #" + count + " but its head says #" + headSeq
                        + ": record #" + missing + " or later was removed", prevHash);
            }
            return new Verification(count, -1, null, prevHash);
        });
    }

    /** Null when the row checks out, else what is wrong with it. */
    private static String checkRow(ResultSet rs, String expectedPrevHash) throws SQLException {
        long seq = rs.getLong("seq");
        String body = rs.getString("body");
        if (!expectedPrevHash.equals(rs.getString("prev_hash"))) {
            return "does not link to the record before it (previous hash differs)";
        }
        if (!AuditChain.hash(expectedPrevHash, seq, body).equals(rs.getString("hash"))) {
            return "was altered (its content no longer matches its hash)";
        }
        AuditRecord r;
        try {
            r = AuditCodec.parse(body);
        } catch (RuntimeException e) {
            return "cannot be read";
        }
        if (!r.at().toString().equals(rs.getString("recorded_at")) || !r.actorId().equals(rs.getString("actor_id"))
                || !r.action().equals(rs.getString("action")) || !r.outcome().name().equals(rs.getString("outcome"))) {
            return "was altered (its columns disagree with its hashed content)";
        }
        return null;
    }

    private static Verification broken(long count, long seq, String problem, String headHash) {
        return new Verification(count, seq, problem, headHash);
    }

    @Override
    public List<Due> claimDue(String claimer, int limit, Duration lease) {
        long now = clock.millis();
        // PostgreSQL: SKIP LOCKED lets concurrent claimers pass each other's rows without waiting.
        // SQLite: the statement runs under the database's single write lock, which makes it atomic.
        String lock = db.dialect() == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        List<Long> claimed = jdbc.inTransaction(c -> {
            List<Long> seqs = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("UPDATE audit_outbox SET claimed_by = ?, claimed_until_ms = ? "
                    + "WHERE seq IN (SELECT seq FROM audit_outbox WHERE delivered_at IS NULL AND next_attempt_ms <= ? "
                    + "AND (claimed_until_ms IS NULL OR claimed_until_ms < ?) ORDER BY seq LIMIT ?" + lock + ") "
                    + "RETURNING seq")) {
                s.setString(1, claimer);
                s.setLong(2, now + lease.toMillis());
                s.setLong(3, now);
                s.setLong(4, now);
                s.setInt(5, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                    }
                }
            }
            return seqs;
        });
        if (claimed.isEmpty()) {
            return List.of();
        }
        List<Due> due = new ArrayList<>();
        jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT r.seq, r.prev_hash, r.hash, r.body, o.attempts "
                    + "FROM audit_record r JOIN audit_outbox o ON o.seq = r.seq WHERE r.seq = ?")) {
                for (long seq : claimed.stream().sorted().toList()) {
                    s.setLong(1, seq);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            due.add(new Due(stored(rs), rs.getInt("attempts")));
                        }
                    }
                }
            }
            return null;
        });
        return due;
    }

    @Override
    public void delivered(long seq, String claimer, String channel, String messageTs) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE audit_outbox SET delivered_at = ?, channel = ?, "
                    + "message_ts = ?, attempts = attempts + 1, last_error = NULL, claimed_by = NULL, "
                    + "claimed_until_ms = NULL WHERE seq = ? AND claimed_by = ?")) {
                s.setString(1, clock.instant().toString());
                s.setString(2, channel);
                s.setString(3, messageTs);
                s.setLong(4, seq);
                s.setString(5, claimer);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void failed(long seq, String claimer, String error, Instant nextAttempt) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE audit_outbox SET attempts = attempts + 1, "
                    + "last_error = ?, next_attempt_ms = ?, claimed_by = NULL, claimed_until_ms = NULL "
                    + "WHERE seq = ? AND claimed_by = ?")) {
                s.setString(1, error.length() > 200 ? error.substring(0, 200) : error);
                s.setLong(2, nextAttempt.toEpochMilli());
                s.setLong(3, seq);
                s.setString(4, claimer);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public long backlog() {
        return jdbc.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM audit_outbox WHERE delivered_at IS NULL");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    // ------------------------------------------------------------------ JDBC plumbing

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<StoredRecord> query(String sql, Binder binder) {
        return jdbc.withConnection(c -> query(c, sql, binder));
    }

    private static List<StoredRecord> query(Connection c, String sql, Binder binder) throws SQLException {
        List<StoredRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(stored(rs));
                }
            }
        }
        return out;
    }

    private static StoredRecord stored(ResultSet rs) throws SQLException {
        return new StoredRecord(rs.getLong("seq"), rs.getString("prev_hash"), rs.getString("hash"),
                AuditCodec.parse(rs.getString("body")));
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
