package dev.sessionguard.support;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
 * @param flags        the roles and states below, each a yes/no
 */
public record FakeUser(String id, String name, String enterpriseId, List<String> teams, Set<Flag> flags) {

    /** What a person can be besides a plain active member. */
    public enum Flag { ORG_ADMIN, ORG_OWNER, PRIMARY_OWNER, WORKSPACE_ADMIN, BOT, DELETED, GUEST, SINGLE_CHANNEL_GUEST }

    public FakeUser {
        teams = teams == null ? null : List.copyOf(teams);
        flags = Set.copyOf(flags);
    }

    /** A member of the fake's org, named after its id until {@link #name(String)}. */
    public static FakeUser member(String id) {
        return new FakeUser(id, id.toLowerCase(), null, null, Set.of());
    }

    /** Sets the handle ({@code name}); {@code real_name} is derived from it. */
    public FakeUser name(String name) {
        return new FakeUser(id, name, enterpriseId, teams, flags);
    }

    /** Org Admin: {@code enterprise_user.is_admin}. */
    public FakeUser orgAdmin() {
        return with(Flag.ORG_ADMIN);
    }

    /** Org Owner: {@code enterprise_user.is_owner} and {@code is_admin}. */
    public FakeUser orgOwner() {
        return with(Flag.ORG_ADMIN, Flag.ORG_OWNER);
    }

    /** Primary Org Owner: {@code enterprise_user.is_primary_owner}, {@code is_owner} and {@code is_admin}. */
    public FakeUser primaryOwner() {
        return with(Flag.ORG_ADMIN, Flag.ORG_OWNER, Flag.PRIMARY_OWNER);
    }

    /** Workspace admin without any org role: top-level {@code is_admin} only. */
    public FakeUser workspaceAdminOnly() {
        return with(Flag.WORKSPACE_ADMIN);
    }

    /** A bot user: {@code is_bot}, with a {@code profile.bot_id}. */
    public FakeUser bot() {
        return with(Flag.BOT);
    }

    /** A deactivated account: {@code deleted: true}. */
    public FakeUser deactivated() {
        return with(Flag.DELETED);
    }

    /** A multi-channel guest: {@code is_restricted}. */
    public FakeUser guest() {
        return with(Flag.GUEST);
    }

    /** A single-channel guest: {@code is_restricted} and {@code is_ultra_restricted}. */
    public FakeUser singleChannelGuest() {
        return with(Flag.GUEST, Flag.SINGLE_CHANNEL_GUEST);
    }

    /** A member of another org (Slack Connect): {@code enterprise_user.enterprise_id} is {@code otherEnterpriseId}. */
    public FakeUser fromOtherOrg(String otherEnterpriseId) {
        return new FakeUser(id, name, otherEnterpriseId, teams, flags);
    }

    /** The workspaces the user belongs to; the first is their {@code team_id}. */
    public FakeUser teams(String... teamIds) {
        if (teamIds.length == 0) {
            throw new IllegalArgumentException("at least one team id");
        }
        return new FakeUser(id, name, enterpriseId, List.of(teamIds), flags);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** A copy with {@code added} set too. */
    private FakeUser with(Flag... added) {
        Set<Flag> all = EnumSet.noneOf(Flag.class);
        all.addAll(flags);
        all.addAll(List.of(added));
        return new FakeUser(id, name, enterpriseId, teams, all);
    }
}
