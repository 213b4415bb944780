package dev.sessionguard.bulk;

import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackResult;
import java.time.Duration;
import java.util.List;

/** The one Slack call a bulk sign-out makes, {@code admin.users.session.resetBulk}; a seam so tests can fake Slack. */
@FunctionalInterface
public interface BulkApi {

    /** At most {@link BulkChunks#MAX_PER_CALL} people; {@code ok} means Slack queued them. */
    SlackResult<?> resetBulk(List<String> userIds, ResetScope scope);

    /** The real one, with the org admin token (and {@code SlackCalls}' bounded retries). */
    static BulkApi of(SessionAdminApi sessions) {
        return (userIds, scope) -> sessions.resetBulk(userIds, scope.webOnly(), scope.mobileOnly());
    }

    /**
     * {@code api} kept to {@code calls} per {@code window}, waiting when the window is full and after a 429;
     * Slack's Tier 2 is {@code paced(api, 20, Duration.ofMinutes(1))}. See {@link PacedBulkApi}.
     */
    static BulkApi paced(BulkApi api, int calls, Duration window) {
        return new PacedBulkApi(api, calls, window);
    }
}
