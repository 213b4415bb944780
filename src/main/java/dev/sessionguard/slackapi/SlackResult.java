package dev.sessionguard.slackapi;

/**
 * What one Slack Web API call came to, after any retries.
 *
 * @param response        the parsed response when Slack answered {@code ok: true}, else null
 * @param error           Slack's error code (or {@code http_NNN}, {@code network_error}) when it did not
 * @param retryAfter      seconds Slack asked us to wait, when rate limited
 * @param transientSeen   true when an attempt failed with a transient error: Slack warns that
 *                        part of the work may already be done
 * @param attempts        how many times the call was sent
 */
public record SlackResult<T>(T response, String error, long retryAfter, boolean transientSeen, int attempts) {

    public boolean ok() {
        return error == null;
    }

    boolean retryable() {
        return error != null && (SlackErrors.isTransient(error) || SlackErrors.RATELIMITED.equals(error));
    }

    SlackResult<T> afterAttempts(int count, boolean anyTransient) {
        return new SlackResult<>(response, error, retryAfter, anyTransient, count);
    }
}
