package dev.sessionguard.slackapi;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import java.util.List;

/**
 * Slack's Audit Logs API ({@code GET <base>logs}), read with an Org Owner's token. Entries come newest first and
 * are paged by cursor. The SDK's audit client can't be used as is: it models {@code details.reason} as a string,
 * and anomaly entries carry a list, so the SDK's HTTP client fetches the body and this class reads it.
 */
public final class AuditLogs {

    /** What the threat watcher asks for. */
    public static final List<String> SESSION_ACTIONS = List.of(AuditLogEntry.ANOMALY,
            AuditLogEntry.RESET_BY_ANOMALY_RESPONSE);

    /**
     * @param entries    this page, newest first; entries without an id are left out
     * @param nextCursor the next page's cursor, or null on the last page
     * @param failure    null when Slack answered the page
     */
    public record Page(List<AuditLogEntry> entries, String nextCursor, Failure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * @param error      Slack's error code ({@code ratelimited}, {@code invalid_authentication}, {@code missing_scope}
     *                   …), or {@code http_<status>}, {@code io_error}, {@code malformed_response}
     * @param status     the HTTP status, 0 when there was none
     * @param retryAfter seconds from Slack's {@code Retry-After} header, 0 when none
     */
    public record Failure(String error, int status, long retryAfter) {
        public boolean rateLimited() {
            return status == 429 || SlackErrors.RATELIMITED.equals(error);
        }

        /** Worth trying again soon: 5xx, no answer, a garbled one. */
        public boolean transientError() {
            return status >= 500 || status == 0;
        }
    }

    private final Slack slack;
    private final String baseUrl;
    private final Secret token;

    /** @param baseUrl ends with a slash, e.g. {@code https://api.slack.com/audit/v1/} */
    public AuditLogs(Slack slack, String baseUrl, Secret token) {
        this.slack = slack;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /**
     * One page of {@code actions} no older than {@code oldest} (Unix seconds), or the page {@code cursor} names.
     * Never throws: a failure is in the page.
     */
    public Page page(List<String> actions, long oldest, String cursor, int limit) {
        throw new UnsupportedOperationException("being written");
    }
}
