package dev.sessionguard.people;

import java.util.List;
import java.util.Locale;

/**
 * One person of the org as the local directory keeps them: what a preview needs to classify them without asking
 * Slack. Filled from {@code users.list} pages and the {@code user_change} / {@code team_join} events.
 *
 * @param email        lower-cased, or null when Slack gave none (bots, or no {@code users:read.email})
 * @param owner        the workspace's or the org's owner flag ({@code enterprise_user.is_owner}): either one counts
 * @param admin        likewise for admin
 * @param primaryOwner likewise for the primary owner
 * @param enterpriseId the org the person belongs to ({@code enterprise_user.enterprise_id}); null outside Grid
 * @param workspaces   the workspaces (team ids) the person is in
 * @param updated      Slack's {@code updated} (Unix seconds): a change older than the stored one is ignored
 */
public record Person(String id, String email, boolean deleted, boolean bot, boolean primaryOwner, boolean owner,
        boolean admin, String enterpriseId, List<String> workspaces, long updated) {

    public Person {
        email = email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
        workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    }
}
