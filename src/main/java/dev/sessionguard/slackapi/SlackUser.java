package dev.sessionguard.slackapi;

import java.util.List;

/**
 * What Session Guard needs to know about a person, from {@code users.info}.
 * Org-level roles come from {@code enterprise_user}; the top-level flags describe one workspace only.
 */
public record SlackUser(
        String id,
        String name,
        String enterpriseId,
        boolean orgAdmin,
        boolean orgOwner,
        boolean primaryOwner,
        boolean bot,
        boolean deactivated,
        List<String> teams) {

    public boolean isOrgAdminOrOwner() {
        return orgAdmin || orgOwner;
    }
}
