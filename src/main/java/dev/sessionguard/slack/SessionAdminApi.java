package dev.sessionguard.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetResponse;
import dev.sessionguard.config.Secret;

/**
 * Slack's {@code admin.users.session.*} methods, always with the org admin user token:
 * the bot token gets {@code not_allowed_token_type}, and Bolt's context client carries the bot token.
 */
public class SessionAdminApi {

    private final MethodsClient slack;
    private final Secret adminToken;
    private final SlackCalls calls;

    public SessionAdminApi(MethodsClient slack, Secret adminToken, SlackCalls calls) {
        this.slack = slack;
        this.adminToken = adminToken;
        this.calls = calls;
    }

    /** {@code admin.users.session.reset}; for all sessions neither flag is set. */
    public SlackResult<AdminUsersSessionResetResponse> reset(String userId, boolean webOnly, boolean mobileOnly) {
        return calls.call("admin.users.session.reset", () -> slack.adminUsersSessionReset(q -> q
                .token(adminToken.reveal())
                .userId(userId)
                .webOnly(webOnly)
                .mobileOnly(mobileOnly)));
    }
}
