package dev.sessionguard.people;

import com.slack.api.model.User;
import java.util.LinkedHashSet;
import java.util.List;

/** A Slack {@link User} (from {@code users.list} or an event) as the directory keeps them. */
final class SlackPerson {

    /** Slackbot is a bot in every sense but Slack's {@code is_bot}. */
    private static final String SLACKBOT = "USLACKBOT";

    private SlackPerson() {
    }

    /**
     * @param listedIn the workspace whose listing held the person, or null for an event: it is added to
     *                 {@code enterprise_user.teams}, which is the whole list on Grid but absent elsewhere
     */
    static Person of(User u, String listedIn) {
        User.EnterpriseUser e = u.getEnterpriseUser();
        LinkedHashSet<String> workspaces = new LinkedHashSet<>();
        if (e != null && e.getTeams() != null) {
            workspaces.addAll(e.getTeams());
        }
        if (listedIn != null) {
            workspaces.add(listedIn);
        } else if (workspaces.isEmpty() && u.getTeamId() != null) {
            workspaces.add(u.getTeamId());
        }
        // The org's roles are in enterprise_user, the workspace's at the top level: either one protects.
        return new Person(u.getId(),
                u.getProfile() == null ? null : u.getProfile().getEmail(),
                u.isDeleted(),
                u.isBot() || u.isAppUser() || u.isWorkflowBot() || SLACKBOT.equals(u.getId()),
                u.isPrimaryOwner() || (e != null && e.isPrimaryOwner()),
                u.isOwner() || (e != null && e.isOwner()),
                u.isAdmin() || (e != null && e.isAdmin()),
                e == null ? null : e.getEnterpriseId(),
                List.copyOf(workspaces),
                u.getUpdated() == null ? 0 : u.getUpdated());
    }
}
