package dev.sessionguard.bulk;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit records of a bulk job's life. Every one names the job in its {@code detail} ("Bulk job 7K3M…: …"), and
 * every one after the request refers to the request's record ({@code ref}), so the audit channel shows one message
 * per job, redrawn in place from the job as it is ({@link BulkChannelView}).
 *
 * <p>The people of a job are kept in the job store, tens of thousands of rows; the chain holds their SHA-256 in the
 * request (so the stored list can be checked against it), the exclusions by name, each chunk's counts, and at the
 * end every person Slack did not confirm.
 */
public final class BulkRecords {

    public static final String REQUEST = "bulk.request";
    public static final String APPROVE = "bulk.approve";
    public static final String DENY = "bulk.deny";
    public static final String EXPIRE = "bulk.expire";
    public static final String CANCEL = "bulk.cancel";
    /** A job that stopped on an error, made runnable again by an admin. */
    public static final String RESUME = "bulk.resume";
    /** Written ahead of each run (the first, and every resume): nothing is sent until it is stored. */
    public static final String START = "bulk.start";
    public static final String PROGRESS = "bulk.progress";
    public static final String FINISH = "bulk.finish";
    /** The people Slack did not confirm, as a reply in the job message's thread. */
    public static final String FAILURES = "bulk.failures";
    /** A press or request that was refused; a message of its own. */
    public static final String REFUSED = "bulk.refused";

    private static final Pattern JOB_ID = Pattern.compile("^" + Pattern.quote(BulkWords.JOB) + "([0-9A-Z]{10})\\b");

    private BulkRecords() {
    }

    /** The job a bulk record is about, from its detail. */
    public static Optional<String> jobId(AuditRecord r) {
        if (!r.action().startsWith("bulk.") || r.detail() == null) {
            return Optional.empty();
        }
        Matcher m = JOB_ID.matcher(r.detail());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static AuditRecord request(Instant at, BulkJob job, List<String> people, List<Exclusion> exclusions,
            int threshold) {
        String approval = job.needsApproval()
                ? "waits for a second admin's approval (more than " + threshold + " people)"
                : "needs no approval (" + threshold + " people or fewer)";
        List<TargetResult> left = exclusions.stream()
                .map(e -> new TargetResult(e.subject(), TargetResult.Status.NOT_ATTEMPTED, e.code(), e.words()))
                .toList();
        return new AuditRecord(at, job.requesterId(), REQUEST, Outcome.IN_PROGRESS, label(job), job.reason(),
                head(job) + "requested for " + job.targetCount() + " people (" + exclusions.size() + " left out); "
                        + approval + ". People, in order: sha256 " + digest(people) + ".", left, null);
    }

    static AuditRecord decision(Instant at, String action, String actorId, BulkJob job, String words) {
        return new AuditRecord(at, actorId, action, Outcome.SUCCEEDED, label(job), job.reason(), head(job) + words,
                List.of(), job.requestSeq());
    }

    static AuditRecord refused(Instant at, String actorId, String jobId, String what, String code, String words) {
        String head = jobId == null ? "Bulk sign-out: " : BulkWords.job(jobId) + ": ";
        return AuditRecord.refusal(at, actorId, REFUSED, null, null,
                head + what + " refused (" + code + "): " + words, List.of(), "Not attempted");
    }

    static AuditRecord started(Instant at, BulkJob job) {
        String approvedBy = job.needsApproval() ? "approved by <@" + job.decidedBy() + ">" : "no approval needed";
        String from = job.nextChunk() == 0 ? "started" : "resumed at chunk " + (job.nextChunk() + 1);
        return new AuditRecord(at, job.requesterId(), START, Outcome.IN_PROGRESS, label(job), job.reason(),
                head(job) + from + " of " + job.chunks() + " (" + job.targetCount() + " people, " + approvedBy + ").",
                List.of(), job.requestSeq());
    }

    static AuditRecord progress(Instant at, BulkJob job, int chunk, List<TargetResult> outcomes) {
        long queued = outcomes.stream().filter(t -> t.status() == TargetResult.Status.DONE).count();
        return new AuditRecord(at, job.requesterId(), PROGRESS, Outcome.IN_PROGRESS, label(job), job.reason(),
                head(job) + "chunk " + (chunk + 1) + " of " + job.chunks() + " settled: " + queued + " " + BulkWords.QUEUED + ", "
                        + (outcomes.size() - queued) + " not.", List.of(), job.requestSeq());
    }

    static AuditRecord finished(Instant at, BulkJob job, String words) {
        Outcome outcome = job.failed() == 0 && job.notAttempted() == 0 && job.done() > 0 ? Outcome.SUCCEEDED
                : job.done() == 0 ? Outcome.FAILED : Outcome.PARTLY_FAILED;
        return new AuditRecord(at, job.requesterId(), FINISH, outcome, label(job), job.reason(), head(job) + words,
                List.of(), job.requestSeq());
    }

    static AuditRecord failures(Instant at, BulkJob job, List<TargetResult> notConfirmed) {
        return new AuditRecord(at, job.requesterId(), FAILURES, Outcome.FAILED, label(job), job.reason(),
                head(job) + notConfirmed.size() + " people were not confirmed by Slack.", notConfirmed,
                job.requestSeq());
    }

    private static String head(BulkJob job) {
        return BulkWords.job(job.id()) + ": ";
    }

    private static String label(BulkJob job) {
        return BulkWords.scope(job);
    }

    /** SHA-256 of the user IDs in order, one per line: anyone can recompute it from the job's export. */
    static String digest(List<String> people) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : people) {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
