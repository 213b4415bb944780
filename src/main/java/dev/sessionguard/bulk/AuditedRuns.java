package dev.sessionguard.bulk;

import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.TargetResult;
import java.time.Clock;
import java.util.List;

/**
 * A bulk job's runs as the audit trail and the admin gate see them: the requester checked again and the start
 * written ahead before anything is sent, each chunk's outcomes, and the end in words, with who was not confirmed.
 */
public final class AuditedRuns implements BulkJobRunner.Hooks {

    private final AdminGate gate;
    private final AuditLog audit;
    private final BulkJobStore store;
    private final Clock clock;

    public AuditedRuns(AdminGate gate, AuditLog audit, BulkJobStore store, Clock clock) {
        this.gate = gate;
        this.audit = audit;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public BulkJobRunner.Stop starting(BulkJob job) {
        GateDecision requester = gate.check(job.requesterId(), job.orgId());
        if (!requester.allowed()) {
            // Recorded once the job is stored FAILED with this reason (ended), so its message, drawn from
            // the job when the record is delivered, says why.
            return BulkJobRunner.Stop.requester(requester.code(), requester.reason());
        }
        if (!audit.record(BulkRecords.started(clock.instant(), job))) {
            return BulkJobRunner.Stop.later("the audit trail can't be written; trying again shortly");
        }
        return null;
    }

    @Override
    public void chunkSettled(BulkJob job, int chunk, List<TargetResult> outcomes) {
        audit.record(BulkRecords.progress(clock.instant(), job, chunk, outcomes));
    }

    @Override
    public void ended(BulkJob job, BulkEngine.Report report) {
        if (report.ending() == BulkEngine.Ending.INTERRUPTED) {
            return;
        }
        if (BulkJobRunner.UNKNOWN_SCOPE.equals(report.stopCode())) {
            audit.record(BulkRecords.finished(clock.instant(), job, "not run: its stored scope is not one this "
                    + "version of Session Guard knows, so nothing more was sent."));
            return;
        }
        if (BulkJobRunner.NOT_STARTED.equals(report.stopCode())) {
            String code = job.halt() == null ? "unknown" : job.halt().code();
            audit.record(BulkRecords.finished(clock.instant(), job, "not run: its requester no longer passes "
                    + "the admin check (" + code + "), so nothing more was sent."));
            return;
        }
        audit.record(BulkRecords.finished(clock.instant(), job, endWords(job, report)));
        List<TargetResult> notConfirmed = store.results(job.id()).stream()
                .filter(t -> t.status() != TargetResult.Status.DONE).toList();
        if (!notConfirmed.isEmpty()) {
            audit.record(BulkRecords.failures(clock.instant(), job, notConfirmed));
        }
    }

    private static String endWords(BulkJob job, BulkEngine.Report report) {
        String counts = job.done() + " of " + job.targetCount() + " people " + BulkWords.QUEUED + " to sign out, "
                + job.failed() + " failed, " + job.notAttempted() + " not attempted, " + job.excluded() + " left out.";
        return switch (report.ending()) {
            case FINISHED -> "finished: " + counts;
            case CANCELLED -> "cancelled by <@" + job.cancelledBy() + ">: " + counts
                    + " Chunks already sent stay sent.";
            case HALTED -> "stopped: Slack answered `" + report.stopCode() + "` for the whole chunk, which every later "
                    + "chunk would get too; " + counts;
            case INTERRUPTED -> "interrupted.";
        };
    }
}
