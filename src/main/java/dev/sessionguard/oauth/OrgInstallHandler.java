package dev.sessionguard.oauth;

import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.builtin.oauth.OAuthV2SuccessHandler;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthRevokeResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once Slack has handed over an install's tokens ({@code oauth.v2.access}): an org-wide install by
 * someone who granted the admin scopes is stored and audited; anything else is refused, audited, and not stored,
 * its tokens are revoked at Slack, and a page says why and what to do.
 */
public final class OrgInstallHandler implements OAuthV2SuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(OrgInstallHandler.class);

    /** Why an install was not stored, in words for the installer's page and the audit trail. */
    public record Refusal(String code, String why, String whatToDo) {
    }

    private final InstallStore store;
    private final AuditLog audit;
    private final MethodsClient slack;
    private final SlackCalls calls;
    private final Clock clock;
    private final Runnable onInstalled;

    public OrgInstallHandler(InstallStore store, AuditLog audit, MethodsClient slack, SlackCalls calls,
                             Clock clock) {
        this(store, audit, slack, calls, clock, () -> { });
    }

    /** @param onInstalled told after an install was stored, e.g. to forget the org served until then */
    public OrgInstallHandler(InstallStore store, AuditLog audit, MethodsClient slack, SlackCalls calls,
                             Clock clock, Runnable onInstalled) {
        this.store = store;
        this.audit = audit;
        this.slack = slack;
        this.calls = calls;
        this.clock = clock;
        this.onInstalled = onInstalled;
    }

    @Override
    public Response handle(OAuthCallbackRequest request, Response response, OAuthV2AccessResponse o) {
        String installer = o.getAuthedUser() == null || o.getAuthedUser().getId() == null
                ? "unknown" : o.getAuthedUser().getId();
        Optional<Refusal> refusal = refusal(o, store.latestEnterpriseId());
        if (refusal.isPresent()) {
            return refuse(response, o, installer, refusal.get());
        }
        OrgInstallation installation = new OrgInstallation(o.getEnterprise().getId(), o.getEnterprise().getName(),
                o.getAppId(), installer, o.getAuthedUser().getScope(), new Secret(o.getAuthedUser().getAccessToken()),
                botId(o.getAccessToken()), o.getBotUserId(), o.getScope(), new Secret(o.getAccessToken()),
                clock.instant());
        // The check above is repeated here, with the replace, as one step: another org may be installing too.
        Optional<String> otherOrg = store.saveUnlessAnotherOrg(installation);
        if (otherOrg.isPresent()) {
            return refuse(response, o, installer, anotherOrg(otherOrg.get()));
        }
        onInstalled.run();
        log.info("Stored the org-wide install on {} by {}", installation.enterpriseId(), installer);
        audit.record(new AuditRecord(clock.instant(), installer, AuditRecord.APP_INSTALL, AuditRecord.Outcome.SUCCEEDED,
                null, null, "Installed org-wide on " + orgName(installation) + " with the installer's user scopes "
                        + installation.installerScope() + " and the bot scopes " + installation.botScope()
                        + "; any earlier install of this org was replaced", List.of()));
        return page(response, 200, InstallPages.installed(installation));
    }

    /** Not stored: the tokens Slack just issued are revoked, and the refusal audited and explained. */
    private Response refuse(Response response, OAuthV2AccessResponse o, String installer, Refusal r) {
        String tokens = revokeIssuedTokens(o);
        log.warn("Refused an install by {} ({})", installer, r.code());
        audit.record(new AuditRecord(clock.instant(), installer, AuditRecord.APP_INSTALL, AuditRecord.Outcome.REFUSED,
                null, null, "Refused (" + r.code() + "): " + r.why() + (tokens == null ? "" : " " + tokens),
                List.of()));
        return page(response, 403, InstallPages.refused(r.why(), r.whatToDo(), tokens));
    }

    /**
     * Hands back, with {@code auth.revoke}, each token Slack issued for a refused install, so none stays live at
     * Slack unused. Best effort: a failure is said, not retried later. A token that is also the stored install's
     * (Slack issues the same bot token again when an org reinstalls) is kept.
     *
     * @return what happened to the tokens, in words for the page and the audit trail; null when Slack issued none
     */
    private String revokeIssuedTokens(OAuthV2AccessResponse o) {
        Map<String, String> issued = new LinkedHashMap<>();
        if (o.getAccessToken() != null && !o.getAccessToken().isBlank()) {
            issued.put("the bot token", o.getAccessToken());
        }
        if (o.getAuthedUser() != null && o.getAuthedUser().getAccessToken() != null
                && !o.getAuthedUser().getAccessToken().isBlank()) {
            issued.put("the installer's user token", o.getAuthedUser().getAccessToken());
        }
        if (issued.isEmpty()) {
            return null;
        }
        Set<String> stored;
        try {
            stored = storedTokens(o.getEnterprise() == null ? null : o.getEnterprise().getId());
        } catch (InstallStore.UndecryptableException e) {
            log.warn("Kept the tokens of a refused install: the stored install can't be opened to compare them");
            return "The tokens Slack issued for it were not revoked, because the install already stored can't be "
                    + "opened to tell them apart from its own; removing the app where it was added (Manage apps) "
                    + "revokes them.";
        }
        List<String> revoked = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> token : issued.entrySet()) {
            if (stored.contains(token.getValue())) {
                kept.add(token.getKey());
                continue;
            }
            SlackResult<AuthRevokeResponse> r = calls.call("auth.revoke",
                    () -> slack.authRevoke(q -> q.token(token.getValue())));
            if (r.ok() || ALREADY_DEAD.contains(r.error())) {
                revoked.add(token.getKey());
            } else {
                failed.add(token.getKey() + " (" + r.error() + ")");
            }
        }
        log.info("Refused install: {} token(s) revoked, {} kept as the stored install's, {} not revoked",
                revoked.size(), kept.size(), failed.size());
        List<String> words = new ArrayList<>();
        if (!revoked.isEmpty()) {
            words.add("Session Guard revoked " + String.join(" and ", revoked) + " that Slack issued for it, so it "
                    + "keeps no access from it.");
        }
        if (!failed.isEmpty()) {
            words.add("Session Guard could not revoke " + String.join(" and ", failed) + "; removing the app where "
                    + "it was added (Manage apps) revokes " + (failed.size() == 1 ? "it." : "them."));
        }
        if (!kept.isEmpty()) {
            words.add("Slack issued " + String.join(" and ", kept) + " of the install already stored, which "
                    + (kept.size() == 1 ? "was" : "were") + " kept.");
        }
        return String.join(" ", words);
    }

    /** Slack's answers for a token that is no longer live: nothing left to revoke. */
    private static final Set<String> ALREADY_DEAD = Set.of("token_revoked", "invalid_auth", "account_inactive");

    /** The tokens of the stored installs of {@code org} and of the org served, which must stay live. */
    private Set<String> storedTokens(String org) {
        Set<String> tokens = new HashSet<>();
        List<OrgInstallation> installs = new ArrayList<>();
        store.latest().ifPresent(installs::add);
        store.find(org).ifPresent(installs::add);
        for (OrgInstallation i : installs) {
            if (i.botToken() != null) {
                tokens.add(i.botToken().reveal());
            }
            if (i.adminToken() != null) {
                tokens.add(i.adminToken().reveal());
            }
        }
        return tokens;
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
                            + "organization in the menu at the top right instead of a workspace. If the app still "
                            + "shows in that one workspace, a workspace admin can remove it under Manage apps."));
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
            return Optional.of(anotherOrg(installedOrg.get()));
        }
        return Optional.empty();
    }

    static Refusal anotherOrg(String installedOrg) {
        return new Refusal("another_org",
                "This Session Guard already serves the organization " + installedOrg
                        + "; one deployment serves one organization.",
                "Uninstall it from that organization first (its tokens are then deleted), or run a separate "
                        + "deployment, with its own database, for this one.");
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
