package dev.sessionguard.bulk;

import java.time.Instant;

/**
 * One bulk sign-out as the store keeps it. The people themselves are read per chunk
 * ({@link BulkJobStore#chunk}), so listing jobs never loads tens of thousands of ids.
 *
 * @param id                short and opaque (10 characters of Crockford base32), safe to show in Slack
 * @param scope             which sessions: ALL, WEB or MOBILE, as the engine names them
 * @param nextChunk         the first chunk whose outcomes are not stored yet
 * @param done              people Slack confirmed
 * @param failed            people Slack did not confirm (or whose outcome is unknown)
 * @param notAttempted      people not sent to Slack because it could not succeed
 * @param approvalExpiresAt after this, the job can no longer be approved
 * @param decidedBy         who approved or denied it; null while it awaits approval
 * @param cancelledBy       who cancelled it; null unless cancelled
 * @param claimedBy         the instance running it, or null; its claim lapses at {@code claimedUntil}
 */
public record BulkJob(String id, String requesterId, String scope, String reason, State state, int targetCount,
        int nextChunk, int done, int failed, int notAttempted, Instant createdAt, Instant updatedAt,
        Instant approvalExpiresAt, String decidedBy, String cancelledBy, String claimedBy, Instant claimedUntil) {

    public enum State {
        AWAITING_APPROVAL, APPROVED, RUNNING, DONE, CANCELLED, DENIED, EXPIRED, FAILED;

        /** Nothing more will be sent for a job in this state. */
        public boolean isFinal() {
            return this != AWAITING_APPROVAL && this != APPROVED && this != RUNNING;
        }
    }

    /** How many chunks of {@link BulkJobStore#CHUNK_SIZE} people the job has; the last may be shorter. */
    public int chunks() {
        return (targetCount + BulkJobStore.CHUNK_SIZE - 1) / BulkJobStore.CHUNK_SIZE;
    }

    /** Every chunk's outcomes are stored. */
    public boolean allChunksDone() {
        return nextChunk >= chunks();
    }

    /** How many people chunk {@code index} holds (zero past the end). */
    public int chunkSize(int index) {
        int start = index * BulkJobStore.CHUNK_SIZE;
        return Math.max(0, Math.min(BulkJobStore.CHUNK_SIZE, targetCount - start));
    }
}
