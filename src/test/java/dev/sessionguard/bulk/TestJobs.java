package dev.sessionguard.bulk;

import dev.sessionguard.bulk.BulkJob.State;
import dev.sessionguard.signout.ResetScope;
import java.time.Instant;

/** Bulk jobs as the store would hand them over, built field by field for view tests. */
final class TestJobs {

    static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");
    static final String REQUESTER = "W0000ADMIN";
    static final String APPROVER = "W0000OTHER";

    String id = "7K3M9Q2XZP";
    String requesterId = REQUESTER;
    ResetScope scope = ResetScope.ALL;
    String reason = "INC-1234: leaked session cookies";
    State state = State.AWAITING_APPROVAL;
    int targetCount = 10_000;
    int nextChunk = 0;
    int done = 0;
    int failed = 0;
    int notAttempted = 0;
    int excluded = 12;
    boolean needsApproval = true;
    Instant approvalExpiresAt = CREATED.plusSeconds(1800);
    String decidedBy;
    String cancelledBy;
    Instant startedAt;
    Instant finishedAt;
    BulkJob.Halt halt;

    static TestJobs awaiting() {
        return new TestJobs();
    }

    static TestJobs running(int chunksDone) {
        TestJobs j = new TestJobs();
        j.state = State.RUNNING;
        j.decidedBy = APPROVER;
        j.nextChunk = chunksDone;
        j.done = chunksDone * BulkChunks.MAX_PER_CALL;
        j.startedAt = CREATED.plusSeconds(60);
        return j;
    }

    TestJobs state(State s) {
        state = s;
        return this;
    }

    BulkJob job() {
        return new BulkJob(id, requesterId, null, scope, reason, state, targetCount, nextChunk, done, failed,
                notAttempted, excluded, needsApproval, CREATED, CREATED, approvalExpiresAt, decidedBy, cancelledBy,
                null, null, 1L, startedAt, finishedAt, halt);
    }
}
