package dev.sessionguard.support;

import java.util.List;

/**
 * A person {@link FakeSlack} answers {@code users.info} for. Build fluently; each step returns a copy:
 * <pre>{@code FakeUser.member("W0000ALICE").name("alice").orgAdmin()}</pre>
 * By default a plain, active, full member of the fake's org ({@code enterpriseId == null}) in workspace
 * {@code T0000TEAM1}.
 *
 * <p>Flags map onto Slack's fields this way: {@code orgAdmin} sets {@code enterprise_user.is_admin};
 * {@code orgOwner} also {@code enterprise_user.is_owner}; {@code primaryOwner} also
 * {@code enterprise_user.is_primary_owner}. Org roles also show as workspace admin/owner at the top level.
 * {@code workspaceAdminOnly} sets only the top-level {@code is_admin}.
 *
 * @param enterpriseId null for the fake's own org, else the other org's id (Slack Connect)
 * @param teams        workspace ids; null for the default ({@code T0000TEAM1}, or {@code T0000OTHER} in another org)
 */
public record FakeUser(String id, String name, String enterpriseId, List<String> teams,
                       boolean isOrgAdmin, boolean isOrgOwner, boolean isPrimaryOwner, boolean isWorkspaceAdmin,
                       boolean isBot, boolean isDeleted, boolean isGuest, boolean isSingleChannelGuest) {

    public FakeUser {
        teams = teams == null ? null : List.copyOf(teams);
    }

    /** A member of the fake's org, named after its id until {@link #name(String)}. */
    public static FakeUser member(String id) {
        return new FakeUser(id, id.toLowerCase(), null, null,
                false, false, false, false, false, false, false, false);
    }

    /** Sets the handle ({@code name}); {@code real_name} is derived from it. */
    public FakeUser name(String name) {
        return new FakeUser(id, name, enterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** Org Admin: {@code enterprise_user.is_admin}. */
    public FakeUser orgAdmin() {
        return new FakeUser(id, name, enterpriseId, teams, true, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** Org Owner: {@code enterprise_user.is_owner} and {@code is_admin}. */
    public FakeUser orgOwner() {
        return new FakeUser(id, name, enterpriseId, teams, true, true, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** Primary Org Owner: {@code enterprise_user.is_primary_owner}, {@code is_owner} and {@code is_admin}. */
    public FakeUser primaryOwner() {
        return new FakeUser(id, name, enterpriseId, teams, true, true, true,
                isWorkspaceAdmin, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** Workspace admin without any org role: top-level {@code is_admin} only. */
    public FakeUser workspaceAdminOnly() {
        return new FakeUser(id, name, enterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                true, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** A bot user: {@code is_bot}, with a {@code profile.bot_id}. */
    public FakeUser bot() {
        return new FakeUser(id, name, enterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, true, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** A deactivated account: {@code deleted: true}. */
    public FakeUser deactivated() {
        return new FakeUser(id, name, enterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, true, isGuest, isSingleChannelGuest);
    }

    /** A multi-channel guest: {@code is_restricted}. */
    public FakeUser guest() {
        return new FakeUser(id, name, enterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, true, isSingleChannelGuest);
    }

    /** A single-channel guest: {@code is_restricted} and {@code is_ultra_restricted}. */
    public FakeUser singleChannelGuest() {
        return new FakeUser(id, name, enterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, true, true);
    }

    /** A member of another org (Slack Connect): {@code enterprise_user.enterprise_id} is {@code otherEnterpriseId}. */
    public FakeUser fromOtherOrg(String otherEnterpriseId) {
        return new FakeUser(id, name, otherEnterpriseId, teams, isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }

    /** The workspaces the user belongs to; the first is their {@code team_id}. */
    public FakeUser teams(String... teamIds) {
        if (teamIds.length == 0) {
            throw new IllegalArgumentException("at least one team id");
        }
        return new FakeUser(id, name, enterpriseId, List.of(teamIds), isOrgAdmin, isOrgOwner, isPrimaryOwner,
                isWorkspaceAdmin, isBot, isDeleted, isGuest, isSingleChannelGuest);
    }
}
