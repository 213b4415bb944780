package dev.sessionguard.doctor;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.sessionguard.config.SlackSettings;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.slackapi.AuditLogs;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Threat response's two checks: the audit logs token ({@code auth.test}: it works, has {@code auditlogs:read}, is of
 * this org) and Slack's Audit Logs API answering it. Only the second can tell an Org Owner's token from an Org
 * Admin's: {@code auth.test} answers both alike, the Audit Logs API takes only an Org Owner's.
 */
final class AuditLogsChecks {

    static final String TOKEN = "audit logs token";
    static final String API = "audit logs API";
    static final String SCOPE = "auditlogs:read";

    private static final String SET_TOKEN = "set " + ThreatSettings.AUDIT_LOGS_TOKEN + " to the user token (xoxp-...) "
            + "of an Org Owner (Org Admins' are not accepted) from an app installed on the org with the " + SCOPE
            + " user scope";
    private static final String REINSTALL_WITH_SCOPE = "as an Org Owner, add the " + SCOPE + " user scope to the app "
            + "the token comes from, reinstall it on the org and set " + ThreatSettings.AUDIT_LOGS_TOKEN
            + " to the new user token";
    private static final String CHECK_URL = "check that " + ThreatSettings.AUDIT_LOGS_URL + " is Slack's Audit Logs "
            + "API (" + ThreatSettings.DEFAULT_AUDIT_LOGS_URL + ", or leave it unset) and that no proxy answers in its place";

    private final MethodsClient slack;
    private final SlackCalls calls;
    private final ThreatSettings threat;
    private final AuditLogs api;

    AuditLogsChecks(MethodsClient slack, SlackCalls calls, ThreatSettings threat, AuditLogs api) {
        this.slack = slack;
        this.calls = calls;
        this.threat = threat;
        this.api = api;
    }

    /**
     * @param admin the admin token's {@code auth.test}, if it worked: the org the audit logs token must be of
     * @param bot   the bot token's, the org to compare with when the admin token did not work
     */
    void run(Doctor.Report report, Optional<AuthTestResponse> admin, Optional<AuthTestResponse> bot) {
        if (checkToken(report, admin, bot)) {
            checkApi(report);
        } else {
            report.skip(API, "the audit logs token did not pass its check");
        }
    }

    private boolean checkToken(Doctor.Report report, Optional<AuthTestResponse> admin, Optional<AuthTestResponse> bot) {
        SlackResult<AuthTestResponse> r = calls.call("auth.test",
                () -> slack.authTest(q -> q.token(threat.auditLogsToken().reveal())));
        if (!r.ok()) {
            String error = r.error();
            if (Doctor.unreachable(error)) {
                report.fail(TOKEN, "auth.test did not reach Slack's Web API (" + error + ")",
                        "check the network and " + SlackSettings.API_URL + ", then run doctor again");
            } else {
                report.fail(TOKEN, "Slack refused it (" + error + "): " + refusal(error), SET_TOKEN);
            }
            return false;
        }
        AuthTestResponse auth = r.response();
        List<String> wrong = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        Optional<Set<String>> granted = Doctor.grantedScopes(auth);
        if (granted.isEmpty()) {
            wrong.add("Slack's auth.test answer had no X-OAuth-Scopes header, so its scopes are unknown");
            fixes.add("check that " + SlackSettings.API_URL + " points at Slack's Web API ("
                    + SlackSettings.DEFAULT_API_URL + ")");
        } else if (!granted.get().contains(SCOPE)) {
            wrong.add("it lacks " + SCOPE + ", without which Slack does not show the audit logs");
            fixes.add(REINSTALL_WITH_SCOPE);
        }
        Optional<Org> ours = org(admin, "the admin token's").or(() -> org(bot, "the bot token's"));
        String org = auth.getEnterpriseId();
        String sameOrg;
        if (org == null || org.isBlank()) {
            wrong.add("it is not from an Enterprise Grid org");
            fixes.add(SET_TOKEN);
            sameOrg = "";
        } else if (ours.isPresent() && !ours.get().id().equals(org)) {
            wrong.add("it is of the org " + org + " while " + ours.get().whose() + " is " + ours.get().id());
            fixes.add("set " + ThreatSettings.AUDIT_LOGS_TOKEN + " to an Org Owner's user token of " + ours.get().id()
                    + ", with " + SCOPE + ": Session Guard signs out people of that org only");
            sameOrg = "";
        } else {
            sameOrg = ours.map(o -> ", of the same org as " + o.whose() + " (" + org + ")")
                    .orElse(", of the org " + org + " (not compared: neither the admin nor the bot token worked)");
        }
        String who = "authenticates as " + Doctor.named(auth.getUser(), auth.getUserId()) + " in "
                + Doctor.named(auth.getTeam(), auth.getTeamId());
        if (wrong.isEmpty()) {
            report.ok(TOKEN, who + ", has " + SCOPE + sameOrg);
            return true;
        }
        report.fail(TOKEN, who + ", but " + String.join("; ", wrong), String.join("; ", fixes));
        return false;
    }

    /** One entry of the logs, asked for the way the watcher asks: the only proof the token may read them. */
    private void checkApi(Doctor.Report report) {
        AuditLogs.Page page = api.probe();
        if (page.ok()) {
            report.ok(API, "Slack's Audit Logs API answered the token, so it is an Org Owner's and may read the "
                    + "org's anomalies");
            return;
        }
        AuditLogs.Failure f = page.failure();
        String answered = "Slack's Audit Logs API answered " + (f.status() > 0 ? f.status() + " " : "") + f.error();
        if (f.rateLimited()) {
            report.fail(API, answered + (f.retryAfter() > 0 ? " (retry after " + f.retryAfter() + " s)" : "")
                    + ": Slack limits these calls across the org", "run doctor again in a minute; if this goes on, "
                    + "another app reading the org's audit logs may be using up the limit");
        } else if ("invalid_authentication".equals(f.error())) {
            report.fail(API, answered + ": the token is not an Org Owner's, or it was revoked", SET_TOKEN);
        } else if ("missing_scope".equals(f.error())) {
            report.fail(API, answered + ": the token lacks " + SCOPE, REINSTALL_WITH_SCOPE);
        } else if (AuditLogs.IO_ERROR.equals(f.error())) {
            report.fail(API, "Slack's Audit Logs API did not answer (" + f.error() + ")",
                    "check the network and " + ThreatSettings.AUDIT_LOGS_URL + ", then run doctor again");
        } else if (AuditLogs.MALFORMED_RESPONSE.equals(f.error()) || f.status() == 404) {
            report.fail(API, answered + ": that is not Slack's Audit Logs API", CHECK_URL);
        } else if (f.transientError()) {
            report.fail(API, answered + ": Slack had trouble", "run doctor again in a few minutes");
        } else {
            report.fail(API, answered, "fix what Slack reported, then run doctor again");
        }
    }

    /** An org id and whose token it came from, e.g. "the admin token's". */
    private record Org(String whose, String id) {
    }

    /** The org of an {@code auth.test} answer, when it has one. */
    private static Optional<Org> org(Optional<AuthTestResponse> auth, String whose) {
        return auth.map(AuthTestResponse::getEnterpriseId).filter(id -> !id.isBlank()).map(id -> new Org(whose, id));
    }

    /** Why Slack refused the token, in words about this token (SlackErrors' words are about the app's own two). */
    private static String refusal(String error) {
        return switch (error) {
            case "invalid_auth", "not_authed" -> "Slack did not accept the token";
            case "token_revoked" -> "the token was revoked";
            case "token_expired" -> "the token expired";
            case "account_inactive" -> "the token's owner is deactivated";
            default -> "Slack did not accept it";
        };
    }
}
