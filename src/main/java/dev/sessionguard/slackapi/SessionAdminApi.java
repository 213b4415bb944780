package dev.sessionguard.slackapi;

import java.util.Map;
import java.util.HashMap;
import java.util.ArrayList;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.admin.users.AdminUsersSessionClearSettingsResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionGetSettingsResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionInvalidateResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionListResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetBulkResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionResetResponse;
import com.slack.api.methods.response.admin.users.AdminUsersSessionSetSettingsResponse;
import java.util.List;

/**
 * Slack's {@code admin.users.session.*} methods, always with the org admin user token:
 * the bot token gets {@code not_allowed_token_type}, and Bolt's context client carries the bot token.
 */
public class SessionAdminApi {

    /** The most {@code admin.users.session.list} returns per page. */
    public static final int LIST_PAGE_LIMIT = 1000;
    /** The most user IDs {@code setSettings} (and, to be safe, get/clearSettings) take in one call. */
    public static final int SETTINGS_BATCH = 1000;

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;

    public SessionAdminApi(MethodsClient slack, Tokens tokens, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.calls = calls;
    }

    /** {@code admin.users.session.reset}; for all sessions neither flag is set. */
    public SlackResult<AdminUsersSessionResetResponse> reset(String userId, boolean webOnly, boolean mobileOnly) {
        return calls.call("admin.users.session.reset", () -> slack.adminUsersSessionReset(q -> q
                .token(tokens.admin().reveal())
                .userId(userId)
                .webOnly(webOnly)
                .mobileOnly(mobileOnly)));
    }

    /**
     * {@code admin.users.session.resetBulk} for at most 1,000 people. {@code ok} means Slack queued the sign-outs,
     * not that they are done; {@code failed_for_some_users} does not say who.
     */
    public SlackResult<AdminUsersSessionResetBulkResponse> resetBulk(List<String> userIds, boolean webOnly,
            boolean mobileOnly) {
        return calls.call("admin.users.session.resetBulk", () -> slack.adminUsersSessionResetBulk(q -> q
                .token(tokens.admin().reveal())
                .userIds(userIds)
                .webOnly(webOnly)
                .mobileOnly(mobileOnly)));
    }

    /**
     * One page of one person's sessions in one workspace (or the org). Slack takes {@code user_id} only
     * together with {@code team_id}. The SDK keeps {@code session_id} as a String, so ids above 32 bits survive.
     *
     * @param cursor null for the first page
     */
    public SlackResult<AdminUsersSessionListResponse> list(String userId, String teamId, String cursor) {
        return calls.call("admin.users.session.list", () -> slack.adminUsersSessionList(q -> q
                .token(tokens.admin().reveal())
                .userId(userId)
                .teamId(teamId)
                .limit(LIST_PAGE_LIMIT)
                .cursor(cursor == null || cursor.isBlank() ? null : cursor)));
    }

    /**
     * {@code admin.users.session.invalidate}. Slack's docs require {@code user_id}, which the SDK's typed
     * request lacks, so the form fields are sent as they are.
     *
     * @param teamId the session's team from the listing, or null
     */
    public SlackResult<AdminUsersSessionInvalidateResponse> invalidate(String userId, String teamId, long sessionId) {
        return calls.call("admin.users.session.invalidate", () -> slack.postFormWithTokenAndParseResponse(form -> {
            form.add("user_id", userId).add("session_id", Long.toString(sessionId));
            if (teamId != null && !teamId.isBlank()) {
                form.add("team_id", teamId);
            }
            return form;
        }, "admin.users.session.invalidate", tokens.admin().reveal(), AdminUsersSessionInvalidateResponse.class));
    }

    /** {@code admin.users.session.getSettings} for at most {@link #SETTINGS_BATCH} people. */
    public SlackResult<AdminUsersSessionGetSettingsResponse> getSettings(List<String> userIds) {
        return calls.call("admin.users.session.getSettings", () -> slack.adminUsersSessionGetSettings(q -> q
                .token(tokens.admin().reveal())
                .userIds(userIds)));
    }

    /**
     * {@code admin.users.session.setSettings} for at most {@link #SETTINGS_BATCH} people.
     *
     * @param durationSeconds 28,800 to 315,569,520; the caller checks
     */
    public SlackResult<AdminUsersSessionSetSettingsResponse> setSettings(List<String> userIds, int durationSeconds,
            boolean desktopAppBrowserQuit) {
        return calls.call("admin.users.session.setSettings", () -> slack.adminUsersSessionSetSettings(q -> q
                .token(tokens.admin().reveal())
                .userIds(userIds)
                .duration(durationSeconds)
                .desktopAppBrowserQuit(desktopAppBrowserQuit)));
    }

    /** {@code admin.users.session.clearSettings} for at most {@link #SETTINGS_BATCH} people. */
    public SlackResult<AdminUsersSessionClearSettingsResponse> clearSettings(List<String> userIds) {
        return calls.call("admin.users.session.clearSettings", () -> slack.adminUsersSessionClearSettings(q -> q
                .token(tokens.admin().reveal())
                .userIds(userIds)));
    }

    /**
     * Each person's session policy as {@code admin.users.session.getSettings} reports it, in batches of
     * {@link #SETTINGS_BATCH}, one per person in the order given. Checks nobody: callers have just checked the invoker.
     */
    public List<CurrentPolicy> policies(List<String> userIds) {
        List<CurrentPolicy> out = new ArrayList<>();
        for (List<String> batch : settingsBatches(userIds)) {
            SlackResult<AdminUsersSessionGetSettingsResponse> r = getSettings(batch);
            if (!r.ok()) {
                batch.forEach(id -> out.add(CurrentPolicy.unknown(id, r.error())));
                continue;
            }
            Map<String, CurrentPolicy> found = new HashMap<>();
            if (r.response().getSessionSettings() != null) {
                for (var s : r.response().getSessionSettings()) {
                    found.put(s.getUserId(), CurrentPolicy.set(s.getUserId(), s.getDuration(), s.getDesktopAppBrowserQuit()));
                }
            }
            if (r.response().getNoSettingsApplied() != null) {
                r.response().getNoSettingsApplied().forEach(id -> found.putIfAbsent(id, CurrentPolicy.orgDefault(id)));
            }
            batch.forEach(id -> out.add(found.getOrDefault(id, CurrentPolicy.notReturned(id))));
        }
        return out;
    }

    /** {@code ids} in batches of at most {@link #SETTINGS_BATCH}, as the settings methods take them. */
    public static List<List<String>> settingsBatches(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += SETTINGS_BATCH) {
            out.add(ids.subList(i, Math.min(ids.size(), i + SETTINGS_BATCH)));
        }
        return out;
    }
}
