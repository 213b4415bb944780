package dev.sessionguard.bulk;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable side of incident mode: bulk sign-out jobs that wait for a second admin, then run chunk by chunk on
 * whichever instance holds the claim, and resume where they stopped after a crash.
 *
 * <p>State changes answer with a {@link Change}: either the job as it is now, or why nothing changed. A refusal
 * never changes anything, so callers can retry or report it as they see fit.
 */
public interface BulkJobStore {

    /**
     * Stores what a preview shows as a {@link BulkJob.State#DRAFT}: its people in this order and who was left out,
     * in one step. Only its requester can submit it, within {@code submitWindow}; until then nothing runs.
     */
    BulkJob draft(Draft draft, Duration submitWindow);

    /** What a preview resolved: the people to sign out (distinct, in order) and the exclusions shown. */
    record Draft(String requesterId, String orgId, ResetScope scope, String reason, List<String> targets,
            List<Exclusion> exclusions) {
        public Draft {
            targets = List.copyOf(targets);
            exclusions = List.copyOf(exclusions);
        }
    }

    /**
     * The requester submits the draft they were shown: it then awaits approval for {@code approvalWindow}, or, when
     * {@code needsApproval} is false, is approved at once. Refused for anyone else, a draft past its submit window
     * ({@link Why#APPROVAL_EXPIRED}), or a job that is no longer a draft.
     */
    Change submit(String id, String requesterId, boolean needsApproval, Duration approvalWindow);

    /** A draft then submitted, as one step: for tests and tools that skip the preview. */
    default BulkJob create(String requesterId, ResetScope scope, String reason, List<String> targets,
            Duration approvalWindow) {
        BulkJob draft = draft(new Draft(requesterId, null, scope, reason, targets, List.of()), approvalWindow);
        return ((Change.Made) submit(draft.id(), requesterId, true, approvalWindow)).job();
    }

    /** Links the audit record of the job's request, so later records update its message. */
    void recorded(String id, long requestSeq);

    /** Who the preview left out, in the order shown. */
    List<Exclusion> exclusions(String id);

    Optional<BulkJob> find(String id);

    /** Every person of the job, in order (empty for an unknown job). */
    List<String> targets(String id);

    /** The people of chunk {@code index}, in order. */
    List<String> chunk(String id, int index);

    /** The outcomes stored so far, in the job's order. */
    List<TargetResult> results(String id);

    /** The newest jobs first, whatever their state. */
    List<BulkJob> recent(int limit);

    /** Jobs awaiting approval, approved or running (not drafts), oldest first. */
    List<BulkJob> unfinished();

    /** Drafts past their submit window are deleted with their people; returns how many. */
    int deleteStaleDrafts();

    /** Only a job awaiting approval, not expired, and by someone other than its requester. */
    Change approve(String id, String approverId);

    /** Only a job awaiting approval. */
    Change deny(String id, String denierId);

    /** Marks every job whose approval window has passed as expired, and returns them. */
    List<BulkJob> expireDue();

    /**
     * Stops a job that has not finished. A running job keeps its claim, so its runner can still store the
     * outcomes of the chunk it was sending; it learns of the cancel from that checkpoint's answer.
     */
    Change cancel(String id, String byUserId);

    /**
     * Makes a job that stopped on an error ({@code FAILED}, chunks left) runnable again, from its stored chunk, and
     * forgets why it stopped.
     */
    Change resume(String id, String byUserId);

    /**
     * Takes the oldest runnable job (approved, or running under a claim that lapsed) for {@code claimer} until
     * {@code lease} from now. Among instances racing for a job, exactly one gets it.
     */
    Optional<BulkJob> claim(String claimer, Duration lease);

    /**
     * Stores the outcomes of chunk {@code chunkIndex}, one per person in the chunk's order, and moves on to the
     * next chunk: only if it is the next chunk and {@code claimer} still holds the claim.
     */
    Change checkpoint(String id, int chunkIndex, List<TargetResult> outcomes, String claimer);

    /** Extends {@code claimer}'s claim to {@code lease} from now. */
    Change renew(String id, String claimer, Duration lease);

    /**
     * Ends the claimer's run: {@code DONE} (only once every chunk is stored) or {@code FAILED}. A job cancelled
     * meanwhile stays cancelled. The claim is released either way.
     */
    default Change finish(String id, String claimer, BulkJob.State end) {
        return finish(id, claimer, end, null);
    }

    /** {@link #finish}, storing why a {@code FAILED} run stopped ({@code halt}, may be null); resume clears it. */
    Change finish(String id, String claimer, BulkJob.State end, BulkJob.Halt halt);

    /** What a state change did. */
    sealed interface Change {

        record Made(BulkJob job) implements Change {
        }

        /** @param job the job as it is, unchanged; empty only for {@link Why#NO_SUCH_JOB} */
        record Refused(Why why, Optional<BulkJob> job) implements Change {
        }
    }

    enum Why {
        NO_SUCH_JOB,
        /** The job is not in a state that allows this (e.g. approving a running job). */
        WRONG_STATE,
        APPROVAL_EXPIRED,
        /** The requester tried to approve their own job: a second admin must. */
        OWN_REQUEST,
        /** Only the admin who was shown a draft's preview can submit it. */
        NOT_REQUESTER,
        /** The caller does not hold the job's claim (another instance took it over, or it finished). */
        NOT_CLAIMER,
        /** Not the next chunk: already stored, or one before it is not (or, for finish, chunks remain). */
        WRONG_CHUNK
    }
}
