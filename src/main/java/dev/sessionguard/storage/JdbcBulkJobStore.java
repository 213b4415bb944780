package dev.sessionguard.storage;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.bulk.BulkChunks;
import dev.sessionguard.bulk.BulkJob;
import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.bulk.BulkJobStore;
import dev.sessionguard.bulk.Exclusion;
import dev.sessionguard.signout.ResetScope;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link BulkJobStore} in SQLite or PostgreSQL, with plain JDBC.
 *
 * <p>Every state change is one conditional {@code UPDATE} that names the state (and claimer, and chunk) it
 * expects, so the database decides races: on PostgreSQL a second writer waits for the row and then finds the
 * condition false; on SQLite the single write lock orders them. The {@code UPDATE} also comes first in each
 * transaction, so on SQLite a transaction never reads before it holds the write lock (a read-then-write
 * transaction could fail at once with SQLITE_BUSY instead of waiting). Why a change was refused is read
 * afterwards, from the unchanged row.
 */
public final class JdbcBulkJobStore implements BulkJobStore {

    private static final String COLUMNS = "id, requester_id, scope, reason, state, target_count, next_chunk, "
            + "done_count, failed_count, not_attempted_count, created_ms, updated_ms, approval_expires_ms, "
            + "decided_by, cancelled_by, claimed_by, claimed_until_ms, org_id, excluded_count, needs_approval, "
            + "request_seq, started_ms, finished_ms, halt_cause, halt_code, halt_words";
    /** States in which a runner may still hold the claim and store outcomes. */
    private static final String CLAIMABLE_STATES = "('RUNNING', 'CANCELLED')";
    private static final String UNFINISHED_STATES = "('AWAITING_APPROVAL', 'APPROVED', 'RUNNING')";
    /** Crockford's base32: no I, L, O or U, so an id read aloud or retyped from Slack comes out right. */
    private static final char[] ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int ID_LENGTH = 10;
    private static final int ERROR_CODE_MAX = 100;
    private static final int WORDS_MAX = 500;
    private static final int SUBJECT_MAX = 500;

    private final Database db;
    private final Jdbc jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public JdbcBulkJobStore(Database db, Clock clock) {
        this.db = db;
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    @Override
    public BulkJob draft(Draft draft, Duration submitWindow) {
        Objects.requireNonNull(draft.requesterId(), "requesterId");
        Objects.requireNonNull(draft.scope(), "scope");
        Objects.requireNonNull(draft.reason(), "reason");
        List<String> targets = draft.targets();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a bulk job needs at least one person");
        }
        Set<String> seen = new HashSet<>();
        for (String t : targets) {
            if (!seen.add(Objects.requireNonNull(t, "target"))) {
                throw new IllegalArgumentException("a person is listed twice: " + t);
            }
        }
        long now = clock.millis();
        String id = newId();
        return jdbc.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO bulk_job (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, 1, NULL, NULL, NULL, NULL, NULL, NULL)")) {
                s.setString(1, id);
                s.setString(2, draft.requesterId());
                s.setString(3, draft.scope().name());
                s.setString(4, draft.reason());
                s.setString(5, State.DRAFT.name());
                s.setInt(6, targets.size());
                s.setLong(7, now);
                s.setLong(8, now);
                s.setLong(9, now + submitWindow.toMillis());
                s.setString(10, draft.orgId());
                s.setInt(11, draft.exclusions().size());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO bulk_job_target (job_id, pos, user_id) VALUES (?, ?, ?)")) {
                for (int pos = 0; pos < targets.size(); pos++) {
                    s.setString(1, id);
                    s.setInt(2, pos);
                    s.setString(3, targets.get(pos));
                    s.addBatch();
                    if ((pos + 1) % BulkChunks.MAX_PER_CALL == 0) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO bulk_job_exclusion (job_id, pos, subject, code, words) VALUES (?, ?, ?, ?, ?)")) {
                List<Exclusion> exclusions = draft.exclusions();
                for (int pos = 0; pos < exclusions.size(); pos++) {
                    Exclusion e = exclusions.get(pos);
                    s.setString(1, id);
                    s.setInt(2, pos);
                    s.setString(3, clip(e.subject(), SUBJECT_MAX));
                    s.setString(4, clip(e.code(), ERROR_CODE_MAX));
                    s.setString(5, clip(e.words(), WORDS_MAX));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return read(c, id).orElseThrow();
        });
    }

    @Override
    public Change submit(String id, String requesterId, boolean needsApproval, Duration approvalWindow) {
        long now = clock.millis();
        State next = needsApproval ? State.AWAITING_APPROVAL : State.APPROVED;
        return change(id, c -> update(c, "UPDATE bulk_job SET state = ?, needs_approval = ?, approval_expires_ms = ?, "
                + "updated_ms = ? WHERE id = ? AND state = 'DRAFT' AND requester_id = ? AND approval_expires_ms > ?",
                next.name(), needsApproval ? 1 : 0, now + approvalWindow.toMillis(), now, id, requesterId, now),
                job -> {
                    if (job.state() != State.DRAFT) {
                        return Why.WRONG_STATE;
                    }
                    return job.requesterId().equals(requesterId) ? Why.APPROVAL_EXPIRED : Why.NOT_REQUESTER;
                });
    }

    @Override
    public void recorded(String id, long requestSeq) {
        jdbc.inTransaction(c -> update(c, "UPDATE bulk_job SET request_seq = ? WHERE id = ? AND request_seq IS NULL",
                requestSeq, id));
    }

    @Override
    public List<Exclusion> exclusions(String id) {
        return jdbc.withConnection(c -> {
            List<Exclusion> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT subject, code, words FROM bulk_job_exclusion "
                    + "WHERE job_id = ? ORDER BY pos")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Exclusion(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int deleteStaleDrafts() {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            String stale = "(SELECT id FROM bulk_job WHERE state = 'DRAFT' AND approval_expires_ms <= " + now + ")";
            update(c, "DELETE FROM bulk_job_target WHERE job_id IN " + stale);
            update(c, "DELETE FROM bulk_job_exclusion WHERE job_id IN " + stale);
            return update(c, "DELETE FROM bulk_job WHERE state = 'DRAFT' AND approval_expires_ms <= ?", now);
        });
    }

    @Override
    public Optional<BulkJob> find(String id) {
        return jdbc.withConnection(c -> read(c, id));
    }

    @Override
    public List<String> targets(String id) {
        return userIds(id, 0, Integer.MAX_VALUE);
    }

    @Override
    public List<String> chunk(String id, int index) {
        long start = (long) index * BulkChunks.MAX_PER_CALL;
        return userIds(id, start, start + BulkChunks.MAX_PER_CALL);
    }

    private List<String> userIds(String id, long fromPos, long toPos) {
        return jdbc.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT user_id FROM bulk_job_target "
                    + "WHERE job_id = ? AND pos >= ? AND pos < ? ORDER BY pos")) {
                s.setString(1, id);
                s.setLong(2, fromPos);
                s.setLong(3, toPos);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<TargetResult> results(String id) {
        return jdbc.withConnection(c -> {
            List<TargetResult> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, status, error_code, words "
                    + "FROM bulk_job_target WHERE job_id = ? AND status IS NOT NULL ORDER BY pos")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TargetResult(rs.getString(1), TargetResult.Status.valueOf(rs.getString(2)),
                                rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<BulkJob> recent(int limit) {
        return jdbc.withConnection(c -> jobs(c, "SELECT " + COLUMNS + " FROM bulk_job WHERE state <> 'DRAFT' "
                + "ORDER BY created_ms DESC, id LIMIT " + Math.max(0, limit)));
    }

    @Override
    public List<BulkJob> unfinished() {
        return jdbc.withConnection(c -> jobs(c, "SELECT " + COLUMNS + " FROM bulk_job "
                + "WHERE state IN " + UNFINISHED_STATES + " ORDER BY created_ms, id"));
    }

    @Override
    public Change approve(String id, String approverId) {
        long now = clock.millis();
        return change(id, c -> update(c, "UPDATE bulk_job SET state = 'APPROVED', decided_by = ?, updated_ms = ? "
                + "WHERE id = ? AND state = 'AWAITING_APPROVAL' AND approval_expires_ms > ? AND requester_id <> ?",
                approverId, now, id, now, approverId), job -> {
                    if (job.state() != State.AWAITING_APPROVAL) {
                        return Why.WRONG_STATE;
                    }
                    return job.requesterId().equals(approverId) ? Why.OWN_REQUEST : Why.APPROVAL_EXPIRED;
                });
    }

    @Override
    public Change deny(String id, String denierId) {
        return change(id, c -> update(c, "UPDATE bulk_job SET state = 'DENIED', decided_by = ?, updated_ms = ?, "
                + "finished_ms = ? WHERE id = ? AND state = 'AWAITING_APPROVAL'", denierId, clock.millis(), clock.millis(), id),
                job -> Why.WRONG_STATE);
    }

    @Override
    public List<BulkJob> expireDue() {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("UPDATE bulk_job SET state = 'EXPIRED', updated_ms = ?, "
                    + "finished_ms = ? WHERE state = 'AWAITING_APPROVAL' AND approval_expires_ms <= ? RETURNING id")) {
                s.setLong(1, now);
                s.setLong(2, now);
                s.setLong(3, now);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<BulkJob> expired = new ArrayList<>();
            for (String id : ids) {
                read(c, id).ifPresent(expired::add);
            }
            expired.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
            return expired;
        });
    }

    @Override
    public Change cancel(String id, String byUserId) {
        return change(id, c -> update(c, "UPDATE bulk_job SET state = 'CANCELLED', cancelled_by = ?, updated_ms = ?, "
                // A running job's runner still stores the chunk it was sending; it ends the job's clock at finish.
                + "finished_ms = CASE WHEN state = 'RUNNING' THEN NULL ELSE ? END "
                + "WHERE id = ? AND state IN " + UNFINISHED_STATES, byUserId, clock.millis(), clock.millis(), id),
                job -> Why.WRONG_STATE);
    }

    @Override
    public Change resume(String id, String byUserId) {
        return change(id, c -> update(c, "UPDATE bulk_job SET state = 'APPROVED', finished_ms = NULL, updated_ms = ?, "
                + "halt_cause = NULL, halt_code = NULL, halt_words = NULL "
                + "WHERE id = ? AND state = 'FAILED' AND next_chunk * " + BulkChunks.MAX_PER_CALL + " < target_count",
                clock.millis(), id), job -> Why.WRONG_STATE);
    }

    @Override
    public Optional<BulkJob> claim(String claimer, Duration lease) {
        long now = clock.millis();
        // PostgreSQL: SKIP LOCKED lets racing claimers pass a row another is taking; the loser finds none.
        // SQLite: the statement runs under the database's single write lock, which makes it atomic.
        String lock = db.dialect() == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        return jdbc.inTransaction(c -> {
            String id = null;
            try (PreparedStatement s = c.prepareStatement("UPDATE bulk_job SET state = 'RUNNING', claimed_by = ?, "
                    + "claimed_until_ms = ?, updated_ms = ?, started_ms = COALESCE(started_ms, ?) WHERE id IN (SELECT id FROM bulk_job "
                    // A job that needs no approval runs only once its request is on record (request_seq), so its records
                    // all refer to the request's message; one that needs approval got its record before anyone could
                    // press Approve.
                    + "WHERE (state = 'APPROVED' AND (needs_approval = 1 OR request_seq IS NOT NULL)) "
                    + "OR (state = 'RUNNING' AND claimed_until_ms < ?) "
                    + "ORDER BY created_ms, id LIMIT 1" + lock + ") RETURNING id")) {
                s.setString(1, claimer);
                s.setLong(2, now + lease.toMillis());
                s.setLong(3, now);
                s.setLong(4, now);
                s.setLong(5, now);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getString(1);
                    }
                }
            }
            return id == null ? Optional.<BulkJob>empty() : read(c, id);
        });
    }

    @Override
    public Change checkpoint(String id, int chunkIndex, List<TargetResult> outcomes, String claimer) {
        int done = 0;
        int failed = 0;
        int notAttempted = 0;
        for (TargetResult r : outcomes) {
            switch (r.status()) {
                case DONE -> done++;
                case FAILED, UNKNOWN -> failed++;
                case NOT_ATTEMPTED -> notAttempted++;
                case PENDING -> throw new IllegalArgumentException("a checkpoint stores outcomes, not PENDING");
            }
        }
        int[] counts = {done, failed, notAttempted};
        // The claim is checked by name, not by lease time: a runner whose lease lapsed unnoticed still holds the
        // job until another instance actually takes it over, and then claimed_by no longer names it.
        return change(id, c -> {
            int updated = update(c, "UPDATE bulk_job SET next_chunk = next_chunk + 1, done_count = done_count + ?, "
                    + "failed_count = failed_count + ?, not_attempted_count = not_attempted_count + ?, "
                    + "updated_ms = ? WHERE id = ? AND next_chunk = ? AND claimed_by = ? AND state IN "
                    + CLAIMABLE_STATES + " AND next_chunk * " + BulkChunks.MAX_PER_CALL + " < target_count",
                    counts[0], counts[1], counts[2], clock.millis(), id, chunkIndex, claimer);
            if (updated == 1) {
                storeOutcomes(c, id, chunkIndex, outcomes);
            }
            return updated;
        }, job -> {
            Why why = claimRefusal(job, claimer);
            return why != null ? why : Why.WRONG_CHUNK;
        });
    }

    /** Within the checkpoint's transaction: any mismatch throws, which rolls the advance back too. */
    private void storeOutcomes(Connection c, String id, int chunkIndex, List<TargetResult> outcomes)
            throws SQLException {
        int expected = read(c, id).orElseThrow().chunkSize(chunkIndex);
        if (outcomes.size() != expected) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " of job " + id + " holds " + expected
                    + " people, not " + outcomes.size());
        }
        int start = chunkIndex * BulkChunks.MAX_PER_CALL;
        try (PreparedStatement s = c.prepareStatement("UPDATE bulk_job_target SET status = ?, error_code = ?, "
                + "words = ? WHERE job_id = ? AND pos = ? AND user_id = ?")) {
            for (int i = 0; i < outcomes.size(); i++) {
                TargetResult r = outcomes.get(i);
                s.setString(1, r.status().name());
                s.setString(2, clip(r.errorCode(), ERROR_CODE_MAX));
                s.setString(3, clip(r.words(), WORDS_MAX));
                s.setString(4, id);
                s.setInt(5, start + i);
                s.setString(6, r.userId());
                s.addBatch();
            }
            int[] rows = s.executeBatch();
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != 1 && rows[i] != Statement.SUCCESS_NO_INFO) {
                    throw new IllegalArgumentException("outcome " + i + " of chunk " + chunkIndex + " is for "
                            + outcomes.get(i).userId() + ", who is not at that place in job " + id);
                }
            }
        }
    }

    @Override
    public Change renew(String id, String claimer, Duration lease) {
        long now = clock.millis();
        return change(id, c -> update(c, "UPDATE bulk_job SET claimed_until_ms = ?, updated_ms = ? "
                + "WHERE id = ? AND claimed_by = ? AND state IN " + CLAIMABLE_STATES,
                now + lease.toMillis(), now, id, claimer), job -> {
                    Why why = claimRefusal(job, claimer);
                    return why != null ? why : Why.NOT_CLAIMER;
                });
    }

    @Override
    public Change finish(String id, String claimer, State end, BulkJob.Halt halt) {
        if (end != State.DONE && end != State.FAILED) {
            throw new IllegalArgumentException("a run finishes DONE or FAILED, not " + end);
        }
        String allStored = end == State.DONE
                ? " AND (state = 'CANCELLED' OR next_chunk * " + BulkChunks.MAX_PER_CALL + " >= target_count)" : "";
        // Why it stopped is read only for a job that is FAILED (one cancelled meanwhile stays cancelled).
        BulkJob.Halt kept = end == State.FAILED ? halt : null;
        return change(id, c -> update(c, "UPDATE bulk_job SET state = CASE WHEN state = 'CANCELLED' "
                + "THEN 'CANCELLED' ELSE ? END, claimed_by = NULL, claimed_until_ms = NULL, updated_ms = ?, "
                + "finished_ms = ?, halt_cause = ?, halt_code = ?, halt_words = ? "
                + "WHERE id = ? AND claimed_by = ? AND state IN " + CLAIMABLE_STATES + allStored,
                end.name(), clock.millis(), clock.millis(),
                kept == null || kept.cause() == null ? null : kept.cause().name(),
                kept == null ? null : clip(kept.code(), ERROR_CODE_MAX),
                kept == null ? null : clip(kept.words(), WORDS_MAX), id, claimer), job -> {
                    Why why = claimRefusal(job, claimer);
                    return why != null ? why : Why.WRONG_CHUNK;
                });
    }

    /** Why a claimer's change was refused, or null if the claim itself is fine. */
    private static Why claimRefusal(BulkJob job, String claimer) {
        if (job.state() != State.RUNNING && job.state() != State.CANCELLED) {
            return Why.WRONG_STATE;
        }
        return claimer.equals(job.claimedBy()) ? null : Why.NOT_CLAIMER;
    }

    // ------------------------------------------------------------------ JDBC plumbing

    /** Runs {@code write} (rows changed: 0 or 1) and answers with the job as it is after, or why it is unchanged. */
    private Change change(String id, Jdbc.Work<Integer> write, Function<BulkJob, Why> why) {
        return jdbc.inTransaction(c -> {
            int updated = write.run(c);
            Optional<BulkJob> job = read(c, id);
            if (job.isEmpty()) {
                return new Change.Refused(Why.NO_SUCH_JOB, Optional.empty());
            }
            return updated == 1 ? new Change.Made(job.get()) : new Change.Refused(why.apply(job.get()), job);
        });
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }

    private static Optional<BulkJob> read(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM bulk_job WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    private static List<BulkJob> jobs(Connection c, String sql) throws SQLException {
        List<BulkJob> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(job(rs));
            }
        }
        return out;
    }

    private static BulkJob job(ResultSet rs) throws SQLException {
        long claimedUntil = rs.getLong("claimed_until_ms");
        Instant until = rs.wasNull() ? null : Instant.ofEpochMilli(claimedUntil);
        long seq = rs.getLong("request_seq");
        Long requestSeq = rs.wasNull() ? null : seq;
        return new BulkJob(rs.getString("id"), rs.getString("requester_id"), rs.getString("org_id"),
                scope(rs.getString("scope")), rs.getString("reason"), State.valueOf(rs.getString("state")),
                rs.getInt("target_count"), rs.getInt("next_chunk"), rs.getInt("done_count"), rs.getInt("failed_count"),
                rs.getInt("not_attempted_count"), rs.getInt("excluded_count"), rs.getInt("needs_approval") != 0,
                Instant.ofEpochMilli(rs.getLong("created_ms")), Instant.ofEpochMilli(rs.getLong("updated_ms")),
                Instant.ofEpochMilli(rs.getLong("approval_expires_ms")), rs.getString("decided_by"),
                rs.getString("cancelled_by"), rs.getString("claimed_by"), until, requestSeq,
                instant(rs, "started_ms"), instant(rs, "finished_ms"), halt(rs));
    }

    /**
     * Null when the stored value is not a scope this build knows (written by a newer build, or by hand): the job
     * still reads, so lists and messages show it, but the runner refuses to send it rather than guess.
     */
    private static ResetScope scope(String stored) {
        for (ResetScope s : ResetScope.values()) {
            if (s.name().equals(stored)) {
                return s;
            }
        }
        return null;
    }

    /** Null when none is stored, or when its cause is one this build does not know. */
    private static BulkJob.Halt halt(ResultSet rs) throws SQLException {
        String cause = rs.getString("halt_cause");
        if (cause == null) {
            return null;
        }
        try {
            return new BulkJob.Halt(BulkJob.Halt.Cause.valueOf(cause), rs.getString("halt_code"),
                    rs.getString("halt_words"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private String newId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
