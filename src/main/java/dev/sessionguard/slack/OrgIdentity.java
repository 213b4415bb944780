package dev.sessionguard.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import java.util.Optional;

/**
 * The Enterprise Grid org whose sessions the admin token can reset, from {@code auth.test} on that token.
 * Remembered once known; an admin from any other org is refused, whatever their role there.
 */
public class OrgIdentity {

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;
    private volatile String orgId;

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
        SlackResult<AuthTestResponse> r = calls.call("auth.test", () -> slack.authTest(q -> q.token(tokens.admin().reveal())));
        if (r.ok() && r.response().getEnterpriseId() != null && !r.response().getEnterpriseId().isBlank()) {
            orgId = r.response().getEnterpriseId();
        }
        return Optional.ofNullable(orgId);
    }
}
