package dev.sessionguard.slackapi;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Enterprise Grid org whose sessions the admin token can reset, from {@code auth.test} on that token.
 * Remembered once known, until {@link #forget()}; an admin from any other org is refused, whatever their role there.
 */
public class OrgIdentity {

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;
    private volatile String orgId;
    private final AtomicLong forgotten = new AtomicLong();

    public OrgIdentity(MethodsClient slack, Tokens tokens, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.calls = calls;
    }

    /** The org ID, or empty when Slack could not tell us (auth failure, or not a Grid install). */
    public Optional<String> orgId() {
        String known = orgId;
        if (known != null) {
            return Optional.of(known);
        }
        long generation = forgotten.get();
        SlackResult<AuthTestResponse> r = calls.call("auth.test", () -> slack.authTest(q -> q.token(tokens.admin().reveal())));
        if (r.ok() && r.response().getEnterpriseId() != null && !r.response().getEnterpriseId().isBlank()) {
            String found = r.response().getEnterpriseId();
            synchronized (this) {
                // An answer about a token from before forget() is used once but not remembered.
                if (generation == forgotten.get()) {
                    orgId = found;
                }
            }
            return Optional.of(found);
        }
        return Optional.ofNullable(orgId);
    }

    /** Asks Slack again at the next check: the org was installed, uninstalled or its tokens revoked. */
    public void forget() {
        synchronized (this) {
            forgotten.incrementAndGet();
            orgId = null;
        }
    }
}
