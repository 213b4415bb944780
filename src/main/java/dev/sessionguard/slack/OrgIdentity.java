package dev.sessionguard.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.sessionguard.config.Secret;
import java.util.Optional;

/**
 * The Enterprise Grid org whose sessions the admin token can reset, from {@code auth.test} on that token.
 * Remembered once known; an admin from any other org is refused, whatever their role there.
 */
public class OrgIdentity {

    private final MethodsClient slack;
    private final Secret adminToken;
    private final SlackCalls calls;
    private volatile String orgId;

    public OrgIdentity(MethodsClient slack, Secret adminToken, SlackCalls calls) {
        this.slack = slack;
        this.adminToken = adminToken;
        this.calls = calls;
    }

    /** The org ID, or empty when Slack could not tell us (auth failure, or not a Grid install). */
    public Optional<String> orgId() {
        String known = orgId;
        if (known != null) {
            return Optional.of(known);
        }
        SlackResult<AuthTestResponse> r = calls.call("auth.test", () -> slack.authTest(q -> q.token(adminToken.reveal())));
        if (r.ok() && r.response().getEnterpriseId() != null && !r.response().getEnterpriseId().isBlank()) {
            orgId = r.response().getEnterpriseId();
        }
        return Optional.ofNullable(orgId);
    }
}
