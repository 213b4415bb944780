package dev.sessionguard.slackapi;

import dev.sessionguard.edge.SocketMode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slack error codes in words an admin understands, each with what to do about it. */
public final class SlackErrors {

    public static final String RATELIMITED = "ratelimited";
    public static final String NETWORK_ERROR = "network_error";
    public static final String NOT_INSTALLED = "not_installed";
    public static final String INTERRUPTED = "interrupted";

    private static final Set<String> TRANSIENT = Set.of(
            "internal_error", "fatal_error", "service_unavailable", "request_timeout", NETWORK_ERROR);

    private static final Map<String, String> TEXTS = Map.ofEntries(
            // admin.users.session.reset and friends
            Map.entry("cannot_reset_primary_owner",
                    "Slack never resets the Primary Owner's sessions. Ask the Primary Owner to sign out themselves."),
            Map.entry("cannot_reset_bot", "Bots and apps have no sessions to reset."),
            Map.entry("user_not_found", "Slack could not find this person in the org. Check that they are an org member."),
            Map.entry("user_session_reset_failed", "Slack could not reset the sessions this time. Try again in a minute."),
            Map.entry("failed_for_some_users",
                    "Slack did not queue this sign-out and gave no reason. Try again in a minute."),
            Map.entry("session_not_found", "That session is already gone."),
            Map.entry("session_expired", "That session is already gone."),
            Map.entry("no_active_sessions", "No active sessions."),
            Map.entry("invalid_user_id", "That is not a valid user ID for this org."),
            Map.entry("invalid_duration", "Slack rejected the session duration. Use between 8 hours and 10 years."),
            Map.entry("too_many_users", "Too many people in one request for Slack. Choose fewer."),
            // the token behind admin.* calls
            Map.entry("not_an_admin",
                    "The admin token's owner is not an Org Owner or Org Admin. Reinstall the app org-wide as an Org Owner or Admin and update SLACK_ADMIN_TOKEN."),
            Map.entry("missing_scope",
                    "The token lacks a scope this needs (admin.users:read or admin.users:write). Add it under OAuth & Permissions and reinstall the app to the org."),
            Map.entry("not_allowed_token_type",
                    "Slack refused this kind of token. SLACK_ADMIN_TOKEN must be the org-level user token (xoxp-…), not a bot token."),
            Map.entry("invalid_auth", "Slack did not accept the token. Check SLACK_ADMIN_TOKEN and SLACK_BOT_TOKEN, or reinstall the app."),
            Map.entry("not_authed", "No token reached Slack. Check SLACK_ADMIN_TOKEN and SLACK_BOT_TOKEN."),
            Map.entry("account_inactive", "The token's owner is deactivated. Reinstall the app as an active Org Owner or Admin."),
            Map.entry("token_revoked", "The token was revoked. Reinstall the app to the org and update the tokens."),
            Map.entry("token_expired", "The token expired. Reinstall the app to the org or refresh the token."),
            Map.entry("feature_not_enabled",
                    "Slack says this is not available: session management needs Enterprise Grid. Check the app is installed on the Grid org."),
            Map.entry("org_login_required", "Slack is asking for an org login. Reinstall the app at the org level."),
            Map.entry("team_added_to_org", "The workspace was just moved into the org. Reinstall the app at the org level."),
            Map.entry("ekm_access_denied", "Enterprise Key Management denied access. Ask your EKM administrator."),
            Map.entry("two_factor_setup_required", "The token's owner must set up two-factor authentication first."),
            Map.entry("accesslimited", "Slack limited access for this method. Try again later, or check the org's app restrictions."),
            Map.entry("invalid_arguments", "Slack rejected the request's arguments. This is a Session Guard bug: please report it."),
            Map.entry("method_deprecated", "Slack retired this method. Update Session Guard."),
            Map.entry("not_in_channel", "The bot is not in the audit channel. Invite it with /invite @Session Guard."),
            Map.entry("channel_not_found", "The audit channel was not found. Check SESSION_GUARD_AUDIT_CHANNEL and invite the bot."),
            Map.entry("is_archived", "The audit channel is archived. Unarchive it or choose another channel."),
            Map.entry("no_such_subteam", "The admin user group was not found. Check SESSION_GUARD_ADMIN_GROUP."),
            // rate limits and transient trouble
            Map.entry(RATELIMITED, "Slack is rate limiting these calls and did not do this one. Wait a minute and try again."),
            Map.entry("internal_error",
                    "Slack had an internal error; part of the work may already be done. Check and try again."),
            Map.entry("fatal_error", "Slack had a serious error; part of the work may already be done. Check and try again."),
            Map.entry("service_unavailable",
                    "Slack is unavailable right now; part of the work may already be done. Try again shortly."),
            Map.entry("request_timeout",
                    "Slack timed out; part of the work may already be done. Check and try again."),
            Map.entry(NOT_INSTALLED,
                    "Session Guard is not installed on the org, or its install was revoked. An Org Owner or Admin must install it org-wide at /slack/install."),
            Map.entry(INTERRUPTED,
                    "Session Guard was stopping and gave up waiting for Slack; the request may or may not have arrived. Check and try again."),
            Map.entry(NETWORK_ERROR,
                    "Session Guard could not reach Slack; the request may or may not have arrived. Check and try again."));

    /** A Slack error code that says the token itself was refused, not the request. */
    private static final Set<String> TOKEN_REFUSED = Set.of("invalid_auth", "not_authed", "token_revoked",
            "token_expired", "account_inactive", "not_allowed_token_type");

    /** What kind of failure an error code is, for messages that must not call a network failure a bad token. */
    public enum Kind {
        /** Slack was not reached, or answered with an HTTP error instead of a Web API answer. */
        UNREACHABLE,
        /** Slack answered, and refused the token. */
        TOKEN_REFUSED,
        /** Slack answered with some other error. */
        OTHER
    }

    // Bolt's App.start says "The token is invalid (auth.test error: CODE)" when Slack answered with an error, and
    // "The token is invalid (error: MESSAGE)" for an IOException (MESSAGE is its message) or a SlackApiException
    // (MESSAGE starts "status: 503"), with no cause attached; so the text is all there is to go on.
    private static final Pattern BOLT_AUTH_TEST_ERROR = Pattern.compile("auth\\.test error: ([a-z0-9_]+)");
    private static final Pattern BOLT_HTTP_STATUS = Pattern.compile("\\(error: status: ([0-9]{3})(?:, error: ([a-z0-9_]+))?");
    private static final Pattern BOLT_IO_ERROR = Pattern.compile("The token is invalid \\(error: (.*)\\)$", Pattern.DOTALL);
    private static final Pattern ANY_TOKEN_REFUSAL = Pattern.compile("\\b(" + String.join("|", TOKEN_REFUSED) + ")\\b");

    /** Thrown where Slack could not be reached and the SDK left no exception to say so. */
    public static final class UnreachableException extends IllegalStateException {
        public UnreachableException(String detail) {
            super(detail);
        }
    }

    private SlackErrors() {
    }

    public static Kind kind(String code) {
        if (code == null) {
            return Kind.OTHER;
        }
        if (NETWORK_ERROR.equals(code) || code.startsWith("http_")) {
            return Kind.UNREACHABLE;
        }
        return TOKEN_REFUSED.contains(code) ? Kind.TOKEN_REFUSED : Kind.OTHER;
    }

    /**
     * Why Bolt's start (its {@code auth.test}, in Socket Mode also {@code apps.connections.open}) failed, in one
     * sentence that tells a network failure from a refused token. It never holds a token: Bolt's and the SDK's
     * messages name error codes, hosts and addresses only.
     */
    public static String startupProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return unreachable(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
            if (t instanceof UnreachableException) {
                return unreachable(t.getMessage());
            }
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        // SocketMode prefixes what went wrong after Bolt's start, i.e. with apps.connections.open and the app token.
        boolean socket = message.startsWith(SOCKET_MODE);
        StartToken token = socket ? StartToken.APP : StartToken.BOT;
        Matcher m = BOLT_AUTH_TEST_ERROR.matcher(message);
        if (m.find()) {
            return problem(StartToken.BOT, m.group(1));
        }
        m = BOLT_HTTP_STATUS.matcher(message);
        if (m.find()) {
            return m.group(2) != null ? problem(token, m.group(2)) : unreachable("HTTP " + m.group(1));
        }
        m = BOLT_IO_ERROR.matcher(message);
        if (m.find()) {
            return unreachable(m.group(1));
        }
        m = ANY_TOKEN_REFUSAL.matcher(message);
        if (m.find()) {
            return problem(token, m.group(1));
        }
        return "Slack did not accept the app (" + message + ")";
    }

    /** The prefix of Socket Mode start-up (edge.SocketMode)'s own failures. */
    public static final String SOCKET_MODE = "Socket Mode: ";

    /** The token Slack checks at start: the bot token (auth.test), or in Socket Mode the app-level token. */
    enum StartToken {
        BOT("the bot token", "that SLACK_BOT_TOKEN holds this app's Bot User OAuth Token (xoxb-…) from OAuth & "
                + "Permissions, or reinstall the app to the org"),
        APP("Socket Mode's app-level token", "that SLACK_APP_TOKEN holds an app-level token (xapp-…) of this app "
                + "with connections:write, from Basic Information > App-Level Tokens");

        final String name;
        final String check;

        StartToken(String name, String check) {
            this.name = name;
            this.check = check;
        }
    }

    /** The sentence for a Slack error code met at start-up. */
    static String problem(StartToken token, String code) {
        String text = describe(code);
        String sentence = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return switch (kind(code)) {
            case UNREACHABLE -> unreachable(code);
            case TOKEN_REFUSED -> "Slack refused " + token.name + " (" + code + "): check " + token.check;
            case OTHER -> "Slack did not accept the app (" + code + "): " + sentence;
        };
    }

    private static String unreachable(String detail) {
        return "Slack can't be reached (" + detail + "). Check the network, any proxy or firewall, and "
                + "SLACK_API_URL if it is set";
    }

    /** Error codes that are ordinary answers, e.g. an empty session list: not worth a warning. */
    private static final Set<String> ANSWERS = Set.of("no_active_sessions", "session_not_found", "session_expired", "push_limit_reached");

    public static boolean isAnswer(String code) {
        return code != null && ANSWERS.contains(code);
    }

    public static boolean isTransient(String code) {
        return code != null && (TRANSIENT.contains(code) || code.startsWith("http_5"));
    }

    /** A sentence for an admin, for any code, known or not. */
    public static String describe(String code) {
        if (code == null || code.isBlank()) {
            return "Slack gave no reason. Check the app's installation and try again.";
        }
        String text = TEXTS.get(code);
        if (text != null) {
            return text;
        }
        if (code.startsWith("http_5")) {
            return "Slack answered with a server error; part of the work may already be done. Check and try again.";
        }
        return "Slack refused this (" + code + "). Check the app's installation and try again.";
    }
}
