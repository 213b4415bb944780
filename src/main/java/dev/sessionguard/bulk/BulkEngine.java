package dev.sessionguard.bulk;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs a bulk sign-out one chunk at a time from a given chunk on, checkpointing each settled chunk, and stopping
 * between chunks when cancelled or interrupted. Knows nothing of approval, storage or Slack's UI.
 *
 * <p>A chunk that fails with an error about the token or the install (say {@code invalid_auth}) halts the run
 * instead of going on: every later chunk would fail the same way, and an admin in an incident needs to hear
 * "fix the token, then resume" at once, not after nine more failed calls at Tier 2. That chunk is not checkpointed,
 * so resuming sends it again. Any other whole-chunk failure (rate limit after retries, a Slack outage) is that
 * chunk's outcome, checkpointed, and the run goes on: the next chunk may well get through.
 */
public final class BulkEngine {

    /** Errors about the token, the install or our request, not about the people: the same for every chunk. */
    private static final Set<String> HALTING = Set.of(
            "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope",
            "not_allowed_token_type", "not_an_admin", "feature_not_enabled", SlackErrors.NOT_INSTALLED,
            "org_login_required", "team_added_to_org", "ekm_access_denied", "two_factor_setup_required",
            "accesslimited", "invalid_arguments", "too_many_users", "method_deprecated");

    public enum Ending {
        /** Every chunk from the start chunk on is settled. */
        FINISHED,
        /** Stopped between chunks because the run was cancelled. */
        CANCELLED,
        /** Stopped because the thread was interrupted (shutdown); resume from {@link Report#nextChunk()}. */
        INTERRUPTED,
        /** Stopped on an error every later chunk would share; {@link Report#stopCode()} says which. */
        HALTED
    }

    /**
     * What one run did.
     *
     * @param nextChunk the chunk a resumed run starts from ({@code chunks} when all are settled)
     * @param stopCode  Slack's error code that halted the run, else null
     * @param settled   outcomes of the chunks this run checkpointed, in order
     * @param unsettled outcomes of the chunk that halted or was interrupted, not checkpointed; empty otherwise
     */
    public record Report(Ending ending, int chunks, int fromChunk, int nextChunk, String stopCode,
            List<TargetResult> settled, List<TargetResult> unsettled) {
    }

    private final BulkSender sender;

    public BulkEngine(BulkSender sender) {
        this.sender = sender;
    }

    public BulkEngine(BulkApi api) {
        this(new BulkSender(api));
    }

    /**
     * @param userIds   the whole job's people, in the order it was stored in (see {@link BulkChunks})
     * @param fromChunk the first chunk to send: 0, or the checkpointed chunk after which a restart resumes
     * @param cancelled asked before each chunk
     * @throws IllegalArgumentException unless {@code 0 <= fromChunk <= chunk count}
     */
    public Report run(List<String> userIds, ResetScope scope, int fromChunk, Checkpoint checkpoint,
            BooleanSupplier cancelled) {
        BulkChunks chunks = BulkChunks.of(userIds);
        if (fromChunk < 0 || fromChunk > chunks.count()) {
            throw new IllegalArgumentException("fromChunk " + fromChunk + " of " + chunks.count() + " chunks");
        }
        List<TargetResult> settled = new ArrayList<>();
        for (int i = fromChunk; i < chunks.count(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                return report(Ending.INTERRUPTED, chunks, fromChunk, i, null, settled, List.of());
            }
            if (cancelled.getAsBoolean()) {
                return report(Ending.CANCELLED, chunks, fromChunk, i, null, settled, List.of());
            }
            List<TargetResult> outcomes = sender.send(chunks.chunk(i), scope);
            String halt = firstCode(outcomes, HALTING);
            if (halt != null) {
                return report(Ending.HALTED, chunks, fromChunk, i, halt, settled, outcomes);
            }
            if (firstCode(outcomes, Set.of(SlackErrors.INTERRUPTED)) != null) {
                // SlackCalls gave up waiting to retry: whether Slack got those calls is unknown, so send again on resume.
                return report(Ending.INTERRUPTED, chunks, fromChunk, i, null, settled, outcomes);
            }
            checkpoint.settled(i, outcomes);
            settled.addAll(outcomes);
        }
        return report(Ending.FINISHED, chunks, fromChunk, chunks.count(), null, settled, List.of());
    }

    private static Report report(Ending ending, BulkChunks chunks, int fromChunk, int nextChunk, String stopCode,
            List<TargetResult> settled, List<TargetResult> unsettled) {
        return new Report(ending, chunks.count(), fromChunk, nextChunk, stopCode, List.copyOf(settled),
                List.copyOf(unsettled));
    }

    private static String firstCode(List<TargetResult> outcomes, Set<String> codes) {
        return outcomes.stream().map(TargetResult::errorCode).filter(c -> c != null && codes.contains(c))
                .findFirst().orElse(null);
    }
}
