package dev.sessionguard.doctor;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.conversations.ConversationsInfoResponse;
import com.slack.api.model.Conversation;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.config.SlackSettings;
import dev.sessionguard.gtr.JwksProbe;
import dev.sessionguard.people.People;
import dev.sessionguard.slackapi.AuditLogs;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.Tokens;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code session-guard doctor}: checks the configuration against Slack with read-only calls
 * ({@code auth.test}, {@code conversations.info}, one entry of the audit logs) and prints one line per check, so an admin can fix
 * an install before the first real sign-out fails. The output never contains a secret.
 */
public final class Doctor {

    static final String BOT_TOKEN = "bot token";
    static final String BOT_SCOPES = "bot scopes";
    static final String ADMIN_TOKEN = "admin token";
    static final String ADMIN_SCOPES = "admin scopes";
    static final String ORG_INSTALL = "org-wide install";
    static final String AUDIT_CHANNEL = "audit channel";
    /** OAuth mode only: is there a stored install whose tokens open with the key? */
    static final String INSTALLATION = "installation";
    /** Universal Logout only: the identity provider's signing keys. */
    static final String GTR_KEYS = "Universal Logout keys";
    /** Threat response only: the audit logs token, then Slack's Audit Logs API answering it. */
    static final String AUDIT_LOGS_TOKEN = AuditLogsChecks.TOKEN;
    static final String AUDIT_LOGS_API = AuditLogsChecks.API;
    /** The local user directory: a state, not a check (a new install has none yet), so never counted. */
    static final String DIRECTORY = "user directory";
    private static final String REINSTALL = "as an Org Owner or Org Admin, open https://<your host>/slack/install, pick the "
            + "organization (not a workspace) and Allow";

    /**
     * What the bot token is used for: the command, audit posts, users.info, conversations.info on a private channel;
     * and for incident mode channel members, user groups, pasted emails, the CSV of a job's failures and breach lists
     * uploaded as files.
     */
    private static final List<String> BOT_SCOPES_USED = List.of("commands", "chat:write", "users:read", "groups:read",
            "channels:read", "usergroups:read", "users:read.email", "files:write", "files:read");
    /** usergroups.users.list, only called when an admin group is configured. */
    private static final String GROUP_SCOPE = "usergroups:read";
    private static final List<String> ADMIN_SCOPES_USED = List.of("admin.users:read", "admin.users:write");

    private final MethodsClient slack;
    private final Settings settings;
    private final SlackCalls calls;
    private final Tokens tokens;
    private final boolean oauth;
    /** Present when threat response is on. */
    private final Optional<AuditLogsChecks> auditLogs;

    /** Checks the tokens in the environment. */
    public Doctor(Slack slack, Settings settings, SlackCalls calls) {
        this(slack, settings, Tokens.fixed(settings.slack().botToken(), settings.slack().adminToken()), calls);
    }

    /**
     * @param slack  the app's client ({@code SessionGuard.slackClient}): its Web API methods, and its HTTP client for
     *               the Audit Logs API, which has a base URL of its own
     * @param tokens in OAuth mode, the stored install's
     */
    public Doctor(Slack slack, Settings settings, Tokens tokens, SlackCalls calls) {
        this.slack = slack.methods();
        this.settings = settings;
        this.calls = calls;
        this.tokens = tokens;
        this.oauth = settings.oauth().isPresent();
        this.auditLogs = settings.threat().map(threat -> new AuditLogsChecks(this.slack, calls, threat,
                new AuditLogs(slack, threat.auditLogsUrl(), threat.auditLogsToken())));
    }

    /**
     * Adds a line on the user directory: how many people, when its last full sync finished.
     *
     * @param people null when there is no database yet (the app never started here)
     */
    public Doctor directory(People people) {
        this.directoryPeople = people;
        this.directoryShown = true;
        return this;
    }

    private People directoryPeople;
    private boolean directoryShown;

    /** Runs every check, printing a line for each and a summary; 0 when all passed, else 1. */
    public int run(PrintStream out) {
        Report report = new Report(out);
        if (oauth && !checkInstallation(report)) {
            List.of(BOT_TOKEN, BOT_SCOPES, ADMIN_TOKEN, ADMIN_SCOPES, ORG_INSTALL, AUDIT_CHANNEL)
                    .forEach(check -> report.skip(check, "there is no installation to check"));
            return finish(report);
        }

        Optional<AuthTestResponse> bot = checkToken(report, BOT_TOKEN, SlackSettings.BOT_TOKEN, tokens.bot().reveal(),
                "the Bot User OAuth Token (xoxb-...) from OAuth & Permissions");
        if (bot.isPresent()) {
            List<String> botScopes = new ArrayList<>(BOT_SCOPES_USED);
            settings.guard().adminGroup().filter(group -> !botScopes.contains(GROUP_SCOPE)).ifPresent(g -> botScopes.add(GROUP_SCOPE));
            checkScopes(report, BOT_SCOPES, bot.get(), botScopes,
                    "under OAuth & Permissions > Bot Token Scopes, then reinstall the app to the org");
        } else {
            report.skip(BOT_SCOPES, "the bot token did not work");
        }

        Optional<AuthTestResponse> admin = checkToken(report, ADMIN_TOKEN, SlackSettings.ADMIN_TOKEN,
                tokens.admin().reveal(),
                "the User OAuth Token (xoxp-...) of the Org Owner or Org Admin who installed the app org-wide");
        if (admin.isPresent()) {
            checkScopes(report, ADMIN_SCOPES, admin.get(), ADMIN_SCOPES_USED, oauth
                    ? "under OAuth & Permissions > User Token Scopes, then " + REINSTALL
                    : "under OAuth & Permissions > User Token Scopes, reinstall the app to the org and update "
                            + SlackSettings.ADMIN_TOKEN + " with the new token");
            checkOrgInstall(report, admin.get());
        } else {
            report.skip(ADMIN_SCOPES, "the admin token did not work");
            report.skip(ORG_INSTALL, "the admin token did not work");
        }

        if (bot.isPresent()) {
            checkAuditChannel(report);
        } else {
            report.skip(AUDIT_CHANNEL, "it is read with the bot token, which did not work");
        }
        settings.gtr().ifPresent(gtr -> checkJwks(report, gtr));
        auditLogs.ifPresent(checks -> checks.run(report, admin, bot));
        return finish(report);
    }

    /** The directory's state after the checks, then the summary. */
    private int finish(Report report) {
        if (directoryShown) {
            report.info(DIRECTORY, directoryState(directoryPeople));
        }
        return report.finish();
    }

    static String directoryState(People people) {
        String untilThen = "bulk previews ask Slack about each person (about 100 a minute) until one has";
        if (people == null) {
            return "no database yet, so no full sync has finished: " + untilThen;
        }
        try {
            long count = people.count();
            return people.lastFullSync()
                    .map(t -> String.format("%,d people, last full sync finished %s", count, t))
                    .orElse(String.format("%,d people, no full sync has finished yet: %s", count, untilThen));
        } catch (RuntimeException e) {
            return "could not be read (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** OAuth mode: both tokens are stored, not revoked, and open with SESSION_GUARD_ENCRYPTION_KEY. */
    private boolean checkInstallation(Report report) {
        List<String> problems = new ArrayList<>();
        for (Runnable read : List.<Runnable>of(tokens::bot, tokens::admin)) {
            try {
                read.run();
            } catch (Tokens.NotInstalledException e) {
                if (!problems.contains(e.getMessage())) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (problems.isEmpty()) {
            report.ok(INSTALLATION, "the org's bot and admin tokens are stored and open with " + OAuthSettings.ENCRYPTION_KEY);
            return true;
        }
        report.fail(INSTALLATION, String.join("; ", problems), REINSTALL + " (if " + OAuthSettings.ENCRYPTION_KEY
                + " was changed, that stores the tokens under the new key); then run doctor again");
        return false;
    }

    private Optional<AuthTestResponse> checkToken(Report report, String check, String variable, String token,
                                                  String whatItShouldBe) {
        SlackResult<AuthTestResponse> r = calls.call("auth.test", () -> slack.authTest(q -> q.token(token)));
        if (r.ok()) {
            AuthTestResponse a = r.response();
            report.ok(check, "authenticates as " + named(a.getUser(), a.getUserId()) + " in "
                    + named(a.getTeam(), a.getTeamId()));
            return Optional.of(a);
        }
        String error = r.error();
        if (unreachable(error)) {
            report.fail(check, "auth.test did not reach Slack's Web API (" + error + "): "
                    + SlackErrors.describe(error), "check the network and " + SlackSettings.API_URL + ", then run doctor again");
        } else {
            report.fail(check, "Slack refused it (" + error + "): " + SlackErrors.describe(error),
                    oauth ? REINSTALL + " to store new tokens" : "check that " + variable + " holds " + whatItShouldBe);
        }
        return Optional.empty();
    }

    private static void checkScopes(Report report, String check, AuthTestResponse auth, List<String> needed,
                                    String whereToAdd) {
        Optional<Set<String>> granted = grantedScopes(auth);
        if (granted.isEmpty()) {
            report.fail(check, "Slack's auth.test answer had no X-OAuth-Scopes header, so the granted scopes are unknown",
                    "check that " + SlackSettings.API_URL + " points at Slack's Web API (" + SlackSettings.DEFAULT_API_URL + ")");
            return;
        }
        List<String> missing = needed.stream().filter(s -> !granted.get().contains(s)).toList();
        if (missing.isEmpty()) {
            report.ok(check, "has " + String.join(", ", needed));
        } else {
            report.fail(check, "missing " + String.join(", ", missing),
                    "add " + String.join(", ", missing) + " " + whereToAdd);
        }
    }

    private void checkOrgInstall(Report report, AuthTestResponse admin) {
        String org = admin.getEnterpriseId();
        if (admin.isEnterpriseInstall() && org != null && !org.isBlank()) {
            report.ok(ORG_INSTALL, "installed on the Enterprise Grid org " + org);
            return;
        }
        String found = org == null || org.isBlank()
                ? "the admin token is not from an Enterprise Grid org"
                : "the admin token is from an install to one workspace (" + admin.getTeamId() + "), not to the org "
                        + org;
        report.fail(ORG_INSTALL, found, "an Org Owner or Org Admin must install the app at the org level (Install to "
                + "Organization), not to one workspace, then " + (oauth ? "run doctor again" : "update " + SlackSettings.ADMIN_TOKEN));
    }

    private void checkAuditChannel(Report report) {
        String id = settings.guard().auditChannel();
        SlackResult<ConversationsInfoResponse> r = calls.call("conversations.info",
                () -> slack.conversationsInfo(q -> q.token(tokens.bot().reveal()).channel(id)));
        if (!r.ok()) {
            String error = r.error();
            if ("channel_not_found".equals(error)) {
                // Slack hides a private channel from a bot that is not in it, so this is also "not invited".
                report.fail(AUDIT_CHANNEL, "Slack found no channel " + id + " that the bot can see",
                        "check that " + GuardSettings.AUDIT_CHANNEL + " is the channel's ID (channel details, at the bottom) "
                                + "and invite the bot there with /invite @session-guard");
            } else if ("missing_scope".equals(error)) {
                report.fail(AUDIT_CHANNEL, "the bot token may not read private channels (missing_scope)",
                        "add groups:read under OAuth & Permissions > Bot Token Scopes, then reinstall the app to the org");
            } else {
                report.fail(AUDIT_CHANNEL, "Slack could not read channel " + id + " (" + error + "): "
                        + SlackErrors.describe(error), "fix what Slack reported, then run doctor again");
            }
            return;
        }
        Conversation channel = r.response().getChannel();
        String name = channel == null || channel.getName() == null ? id : "#" + channel.getName() + " (" + id + ")";
        List<String> wrong = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (channel == null || !channel.isPrivate()) {
            wrong.add("it is not private");
            fixes.add("use a private channel, so only security staff read the audit trail, and set "
                    + GuardSettings.AUDIT_CHANNEL + " to its ID");
        }
        if (channel == null || !channel.isMember()) {
            wrong.add("the bot is not a member");
            fixes.add("in that channel, invite the bot with /invite @session-guard");
        }
        if (channel != null && channel.isArchived()) {
            wrong.add("it is archived");
            fixes.add("unarchive it or choose another private channel");
        }
        if (wrong.isEmpty()) {
            report.ok(AUDIT_CHANNEL, name + " is private and the bot is a member");
        } else {
            report.fail(AUDIT_CHANNEL, name + ": " + String.join("; ", wrong), String.join("; ", fixes));
        }
    }

    /** Universal Logout: the IdP's JWKS answers and holds a key that can check its RS256 or ES256 tokens. */
    private static void checkJwks(Report report, GtrSettings gtr) {
        JwksProbe.Result r = JwksProbe.probe(gtr.jwksUrl());
        if (r.ok()) {
            report.ok(GTR_KEYS, r.found());
        } else {
            report.fail(GTR_KEYS, r.found(), "check that " + GtrSettings.GTR_ISSUER + " is the identity provider's issuer "
                    + "(Okta: https://<your org>.okta.com) or set " + GtrSettings.GTR_JWKS_URL + " to the URL of its "
                    + "signing keys, and that this host can reach it; then run doctor again");
        }
    }

    /** The scopes from the X-OAuth-Scopes header; the SDK hands headers over with lower-case names. */
    static Optional<Set<String>> grantedScopes(AuthTestResponse auth) {
        Map<String, List<String>> headers = auth.getHttpResponseHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("X-OAuth-Scopes") && e.getValue() != null)
                .findFirst()
                .map(e -> e.getValue().stream()
                        .flatMap(v -> Arrays.stream(v.split(",")))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()));
    }

    static boolean unreachable(String error) {
        return SlackErrors.kind(error) == SlackErrors.Kind.UNREACHABLE;
    }

    static String named(String name, String id) {
        if (name == null || name.isBlank()) {
            return String.valueOf(id);
        }
        return id == null ? name : name + " (" + id + ")";
    }

    /** Prints the lines and counts them. */
    static final class Report {
        private final PrintStream out;
        private int ok;
        private int failed;
        private int skipped;

        Report(PrintStream out) {
            this.out = out;
        }

        void ok(String check, String found) {
            ok++;
            out.println("ok    " + check + ": " + found);
        }

        void fail(String check, String wrong, String fix) {
            failed++;
            out.println("FAIL  " + check + ": " + withoutFinalStop(wrong) + ". Fix: " + fix);
        }

        /** A state worth knowing that is neither passed nor failed: printed, not counted. */
        void info(String what, String state) {
            out.println("info  " + what + ": " + withoutFinalStop(state));
        }

        void skip(String check, String why) {
            skipped++;
            out.println("SKIP  " + check + ": not checked because " + why);
        }

        int finish() {
            int total = ok + failed + skipped;
            if (failed == 0 && skipped == 0) {
                out.println("All " + total + " checks passed.");
                out.flush();
                return 0;
            }
            out.println(failed + " of " + total + " checks failed" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                    + ". Fix the FAIL lines, then run doctor again.");
            out.flush();
            return 1;
        }

        private static String withoutFinalStop(String text) {
            String t = text.strip();
            return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        }
    }
}
