package dev.sessionguard.bulk;

import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One bulk sign-out as the store keeps it. The people themselves are read per chunk
 * ({@link BulkJobStore#chunk}), so listing jobs never loads tens of thousands of ids.
 *
 * @param id                short and opaque (10 characters of Crockford base32), safe to show in Slack
 * @param orgId             the org the request came from, for checking the requester again when it runs; may be null
 * @param scope             which sessions; null when the stored value is not a scope this build knows (such a job
 *                          is never sent: {@link BulkJobRunner} ends it {@link State#FAILED} with {@link Halt.Cause#SCOPE})
 * @param nextChunk         the first chunk whose outcomes are not stored yet
 * @param done              people Slack queued
 * @param failed            people Slack did not confirm (or whose outcome is unknown)
 * @param notAttempted      people not sent to Slack because it could not succeed
 * @param excluded          people (or lines, channels, groups) the preview left out; never sent
 * @param needsApproval     whether a second admin must approve it (over the approval threshold)
 * @param approvalExpiresAt after this, the job can no longer be approved (for a draft: no longer submitted)
 * @param decidedBy         who approved or denied it; null while it awaits approval, or when none was needed
 * @param cancelledBy       who cancelled it; null unless cancelled
 * @param claimedBy         the instance running it, or null; its claim lapses at {@code claimedUntil}
 * @param requestSeq        the audit record of the request, whose message every later record updates; null until
 *                          it is stored
 * @param startedAt         when the first chunk was claimed; null before
 * @param finishedAt        when it reached a final state; null before
 * @param halt              why a {@code FAILED} job stopped, as stored when it did; null otherwise (and for jobs
 *                          that stopped before this was stored)
 */
public record BulkJob(String id, String requesterId, String orgId, ResetScope scope, String reason, State state,
        int targetCount, int nextChunk, int done, int failed, int notAttempted, int excluded, boolean needsApproval,
        Instant createdAt, Instant updatedAt, Instant approvalExpiresAt, String decidedBy, String cancelledBy,
        String claimedBy, Instant claimedUntil, Long requestSeq, Instant startedAt, Instant finishedAt, Halt halt) {

    /**
     * Why a run stopped before its last chunk.
     *
     * @param code  for {@link Cause#REQUESTER} the admin check's code ({@code not_org_admin} …), for
     *              {@link Cause#SLACK} Slack's error code
     * @param words for {@link Cause#REQUESTER} the admin check's own words; may be null
     */
    public record Halt(Cause cause, String code, String words) {

        /**
         * The admin check's codes for "Slack could not say" (users.info or the admin group could not be read): the
         * requester may well still be an admin, so a later run may pass. Every other refusal is a fact about the
         * requester (not an org admin, deactivated, another org, out of the admin group) that no retry changes.
         */
        private static final Set<String> UNCONFIRMED = Set.of("lookup_failed", "group_check_failed");

        public enum Cause {
            /** The requester did not pass the admin check that each run makes before it sends anything. */
            REQUESTER,
            /** Slack answered a whole chunk with an error every later chunk would share. */
            SLACK,
            /** The stored scope is not one this build knows: sending under a guessed scope could end the wrong sessions. */
            SCOPE
        }

        /**
         * Whether pressing Resume can get the rest sent: every run checks the requester again before it sends, so a
         * job stopped because its requester is no longer an admin would only stop again, and one whose scope is
         * unknown would stop again too.
         */
        public boolean resumable() {
            return switch (cause) {
                case SLACK -> true;
                case REQUESTER -> code != null && UNCONFIRMED.contains(code); // Set.of refuses contains(null)
                case SCOPE -> false;
            };
        }
    }

    /** Resume can get the rest sent: stopped with chunks left, for a cause a later run may not meet again. */
    public boolean resumable() {
        return state == State.FAILED && !allChunksDone() && (halt == null || halt.resumable());
    }

    public enum State {
        /** What a preview showed, kept until its requester submits it; nothing is sent and nobody can approve it. */
        DRAFT, AWAITING_APPROVAL, APPROVED, RUNNING, DONE, CANCELLED, DENIED, EXPIRED, FAILED;

        /** Nothing more will be sent for a job in this state. */
        public boolean isFinal() {
            return this != DRAFT && this != AWAITING_APPROVAL && this != APPROVED && this != RUNNING;
        }
    }

    /** How many chunks of {@link BulkChunks#MAX_PER_CALL} people the job has; the last may be shorter. */
    public int chunks() {
        return (targetCount + BulkChunks.MAX_PER_CALL - 1) / BulkChunks.MAX_PER_CALL;
    }

    /** Every chunk's outcomes are stored. */
    public boolean allChunksDone() {
        return nextChunk >= chunks();
    }

    /** How many people chunk {@code index} holds (zero past the end). */
    public int chunkSize(int index) {
        int start = index * BulkChunks.MAX_PER_CALL;
        return Math.max(0, Math.min(BulkChunks.MAX_PER_CALL, targetCount - start));
    }

    /** People sent to Slack so far, with an outcome stored. */
    public int settled() {
        return done + failed + notAttempted;
    }

    /** From the first claim to the end (or to {@code now} while it runs); zero before it started. */
    public Duration elapsed(Instant now) {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        Instant end = finishedAt != null ? finishedAt : now;
        return end.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, end);
    }
}
