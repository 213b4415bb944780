package dev.sessionguard.oauth;

import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.builtin.oauth.OAuthV2SuccessHandler;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slack.SlackCalls;
import dev.sessionguard.slack.SlackResult;
import dev.sessionguard.storage.JdbcInstallationService;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once Slack has handed over an install's tokens ({@code oauth.v2.access}): an org-wide install by
 * someone who granted the admin scopes is stored and audited; anything else is refused, audited, and not stored,
 * with a page saying why and what to do.
 */
public final class OrgInstallHandler implements OAuthV2SuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(OrgInstallHandler.class);

    /** Why an install was not stored, in words for the installer's page and the audit trail. */
    public record Refusal(String code, String why, String whatToDo) {
    }

    private final JdbcInstallationService store;
    private final AuditLog audit;
    private final MethodsClient slack;
    private final SlackCalls calls;
    private final Clock clock;

    public OrgInstallHandler(JdbcInstallationService store, AuditLog audit, MethodsClient slack, SlackCalls calls,
                             Clock clock) {
        this.store = store;
        this.audit = audit;
        this.slack = slack;
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public Response handle(OAuthCallbackRequest request, Response response, OAuthV2AccessResponse o) {
        String installer = o.getAuthedUser() == null || o.getAuthedUser().getId() == null
                ? "unknown" : o.getAuthedUser().getId();
        Optional<Refusal> refusal = refusal(o, store.latestEnterpriseId());
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            log.warn("Refused an install by {} ({})", installer, r.code());
            audit.record(new AuditRecord(clock.instant(), installer, AuditRecord.APP_INSTALL, AuditRecord.Outcome.REFUSED,
                    null, null, "Refused (" + r.code() + "): " + r.why(), List.of()));
            return page(response, 403, InstallPages.refused(r.why(), r.whatToDo()));
        }
        OrgInstallation installation = new OrgInstallation(o.getEnterprise().getId(), o.getEnterprise().getName(),
                o.getAppId(), installer, o.getAuthedUser().getScope(), new Secret(o.getAuthedUser().getAccessToken()),
                botId(o.getAccessToken()), o.getBotUserId(), o.getScope(), new Secret(o.getAccessToken()),
                clock.instant());
        store.save(installation);
        log.info("Stored the org-wide install on {} by {}", installation.enterpriseId(), installer);
        audit.record(new AuditRecord(clock.instant(), installer, AuditRecord.APP_INSTALL, AuditRecord.Outcome.SUCCEEDED,
                null, null, "Installed org-wide on " + orgName(installation) + " with the installer's user scopes "
                        + installation.installerScope() + " and the bot scopes " + installation.botScope()
                        + "; any earlier install of this org was replaced", List.of()));
        return page(response, 200, InstallPages.installed(installation));
    }

    /**
     * Empty when the install can be stored.
     *
     * @param installedOrg the org this deployment already serves, if any
     */
    public static Optional<Refusal> refusal(OAuthV2AccessResponse o, Optional<String> installedOrg) {
        String org = o.getEnterprise() == null ? null : o.getEnterprise().getId();
        if (org == null || org.isBlank()) {
            return Optional.of(new Refusal("not_enterprise_grid",
                    "Slack says this workspace is not part of an Enterprise Grid organization, and Session Guard's "
                            + "sign-outs exist only on Enterprise Grid.",
                    "Install it on an Enterprise Grid organization, as an Org Owner or Org Admin."));
        }
        if (!o.isEnterpriseInstall()) {
            String team = o.getTeam() == null ? "" : " (" + (o.getTeam().getName() != null ? o.getTeam().getName()
                    : o.getTeam().getId()) + ")";
            return Optional.of(new Refusal("workspace_install",
                    "It was installed to one workspace" + team + ", not to the organization. Session Guard signs people "
                            + "out with Slack's admin methods, which work only with an org-wide install.",
                    "An Org Owner or Org Admin opens " + OAuthPaths.INSTALL + " again and, on Slack's page, picks the "
                            + "organization in the menu at the top right instead of a workspace. Slack has added the "
                            + "app to that one workspace; a workspace admin can remove it under Manage apps."));
        }
        List<String> missing = missingAdminScopes(o);
        if (!missing.isEmpty()) {
            String who = o.getAuthedUser() == null ? "The installer" : "The installer (" + o.getAuthedUser().getId() + ")";
            return Optional.of(new Refusal("missing_admin_scope",
                    who + " did not grant " + String.join(" and ", missing) + ". Slack gives those permissions only "
                            + "to Org Owners and Org Admins, and only with an org-wide install.",
                    "Ask an Org Owner or Org Admin to open " + OAuthPaths.INSTALL + " and install the app to the "
                            + "organization. The app's User Token Scopes (OAuth & Permissions) must include "
                            + String.join(" and ", OAuthScopes.USER_LIST) + "."));
        }
        if (o.getAccessToken() == null || o.getAccessToken().isBlank()) {
            return Optional.of(new Refusal("no_bot_token", "Slack returned no bot token for this install.",
                    "Give the app the Bot Token Scopes of manifest.yml (OAuth & Permissions), then install again."));
        }
        if (o.getRefreshToken() != null || o.getAuthedUser().getRefreshToken() != null) {
            return Optional.of(new Refusal("token_rotation",
                    "Token rotation is turned on for this Slack app, so its tokens expire after 12 hours; Session "
                            + "Guard keeps tokens that do not expire and does not refresh them.",
                    "Use a Slack app created from Session Guard's manifest.yml, where token rotation is off."));
        }
        if (installedOrg.isPresent() && !installedOrg.get().equals(org)) {
            return Optional.of(new Refusal("another_org",
                    "This Session Guard already serves the organization " + installedOrg.get()
                            + "; one deployment serves one organization.",
                    "Uninstall it from that organization first (its tokens are then deleted), or run a separate "
                            + "deployment, with its own database, for this one."));
        }
        return Optional.empty();
    }

    private static List<String> missingAdminScopes(OAuthV2AccessResponse o) {
        if (o.getAuthedUser() == null || o.getAuthedUser().getAccessToken() == null
                || o.getAuthedUser().getAccessToken().isBlank()) {
            return OAuthScopes.USER_LIST;
        }
        String scope = o.getAuthedUser().getScope() == null ? "" : o.getAuthedUser().getScope();
        Set<String> granted = Arrays.stream(scope.split(",")).map(String::trim).collect(Collectors.toSet());
        return OAuthScopes.USER_LIST.stream().filter(s -> !granted.contains(s)).toList();
    }

    /** The bot's B… ID, which Bolt uses to ignore the app's own events; not essential, so a failure only logs. */
    private String botId(String botToken) {
        SlackResult<AuthTestResponse> r = calls.call("auth.test", () -> slack.authTest(q -> q.token(botToken)));
        if (!r.ok()) {
            log.warn("auth.test with the new bot token failed ({}); storing the install without the bot ID", r.error());
            return null;
        }
        return r.response().getBotId();
    }

    private static String orgName(OrgInstallation i) {
        return i.enterpriseName() == null || i.enterpriseName().isBlank()
                ? i.enterpriseId() : i.enterpriseName() + " (" + i.enterpriseId() + ")";
    }

    static Response page(Response response, int status, String html) {
        response.setStatusCode(status);
        response.setContentType("text/html; charset=utf-8");
        response.setBody(html);
        return response;
    }
}
