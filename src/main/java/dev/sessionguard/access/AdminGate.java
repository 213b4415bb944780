package dev.sessionguard.access;

import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.OrgIdentity;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackUser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;

/**
 * The only check on the person who invokes Session Guard: Slack checks the admin token's owner,
 * not the invoker. Asked when a command or shortcut arrives and again before anything is changed.
 * {@link #check} never uses a cached answer, so a demoted admin is refused at once at every submission and button;
 * only {@link #checkToOpen}, which merely fills in a form, may reuse a recent "allowed". Fails closed when Slack
 * can't answer.
 */
public class AdminGate {

    private static final String ONLY_ORG_ADMINS =
            "Only Org Owners and Org Admins of this Enterprise Grid org can sign people out with Session Guard.";

    private final Directory directory;
    private final OrgIdentity org;
    private final Optional<String> adminGroup;
    /** Recent "allowed" answers by invoker and request org; null when the cache is off. Refusals are never kept. */
    private final Cache<String, Boolean> allowedToOpen;

    public AdminGate(Directory directory, OrgIdentity org, Optional<String> adminGroup) {
        this(directory, org, adminGroup, Duration.ZERO);
    }

    /** @param openCache {@code SESSION_GUARD_ADMIN_CACHE_SECONDS}: how long an "allowed" may open forms; zero for never */
    public AdminGate(Directory directory, OrgIdentity org, Optional<String> adminGroup, Duration openCache) {
        this.directory = directory;
        this.org = org;
        this.adminGroup = adminGroup;
        this.allowedToOpen = openCache.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(openCache).maximumSize(10_000).build();
    }

    /**
     * For opening a form only: an admin who opens several forms in a row is checked once (a {@code users.info} call
     * less on the trigger's 3 seconds). Never use it before a change: the submission calls {@link #check}.
     */
    public GateDecision checkToOpen(String invokerId, String requestOrgId) {
        if (allowedToOpen != null && allowedToOpen.getIfPresent(key(invokerId, requestOrgId)) != null) {
            return GateDecision.ALLOWED;
        }
        return check(invokerId, requestOrgId);
    }

    /**
     * @param invokerId    the user who sent the request
     * @param requestOrgId the enterprise ID Slack put on the signed request, if any
     */
    public GateDecision check(String invokerId, String requestOrgId) {
        GateDecision decision = decide(invokerId, requestOrgId);
        if (allowedToOpen != null) {
            // A fresh refusal also ends a cached "allowed": a demoted admin can't open forms either.
            if (decision.allowed()) {
                allowedToOpen.put(key(invokerId, requestOrgId), Boolean.TRUE);
            } else {
                allowedToOpen.invalidate(key(invokerId, requestOrgId));
            }
        }
        return decision;
    }

    private static String key(String invokerId, String requestOrgId) {
        return invokerId + "/" + requestOrgId;
    }

    private GateDecision decide(String invokerId, String requestOrgId) {
        Optional<String> orgId = resolveOrg(requestOrgId);
        if (orgId.isEmpty()) {
            return GateDecision.refuse("org_mismatch",
                    "This request did not come from the Enterprise Grid org Session Guard is installed on.");
        }
        Directory.Lookup lookup = directory.lookup(invokerId);
        if (lookup.user().isEmpty()) {
            return GateDecision.refuse("lookup_failed",
                    "Session Guard could not confirm your role, so it did nothing. "
                            + SlackErrors.describe(lookup.error()));
        }
        SlackUser invoker = lookup.user().get();
        if (invoker.deactivated()) {
            return GateDecision.refuse("deactivated", ONLY_ORG_ADMINS);
        }
        if (!orgId.get().equals(invoker.enterpriseId())) {
            return GateDecision.refuse("other_org", ONLY_ORG_ADMINS + " Your account belongs to another org.");
        }
        if (!invoker.isOrgAdminOrOwner()) {
            return GateDecision.refuse("not_org_admin",
                    ONLY_ORG_ADMINS + " Workspace admins, members and guests can't.");
        }
        if (adminGroup.isPresent()) {
            var members = directory.groupMembers(adminGroup.get());
            if (!members.ok()) {
                return GateDecision.refuse("group_check_failed",
                        "Session Guard could not check the admin user group, so it did nothing. "
                                + SlackErrors.describe(members.error()));
            }
            if (!members.response().contains(invokerId)) {
                return GateDecision.refuse("not_in_admin_group",
                        "You are an org admin, but Session Guard is limited to members of its admin user group.");
            }
        }
        return GateDecision.ALLOWED;
    }

    /**
     * The admin token's org when Slack tells us, and a request from a different org is then never accepted.
     * When auth.test on the admin token fails, the org on the Slack-signed request stands in; the
     * admin.* calls themselves will fail on that token anyway.
     */
    private Optional<String> resolveOrg(String requestOrgId) {
        Optional<String> tokenOrg = org.orgId();
        boolean requestHasOrg = requestOrgId != null && !requestOrgId.isBlank();
        if (tokenOrg.isPresent()) {
            return requestHasOrg && !tokenOrg.get().equals(requestOrgId) ? Optional.empty() : tokenOrg;
        }
        return requestHasOrg ? Optional.of(requestOrgId) : Optional.empty();
    }
}
