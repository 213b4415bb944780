package dev.sessionguard.slackapi;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.User;
import java.util.List;
import java.util.Optional;

/** Who people are, read with the bot token. */
public class Directory {

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;

    public Directory(MethodsClient slack, Tokens tokens, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.calls = calls;
    }

    /** The person, or Slack's error code when they could not be read. */
    public Lookup lookup(String userId) {
        SlackResult<UsersInfoResponse> r = calls.call("users.info",
                () -> slack.usersInfo(q -> q.token(tokens.bot().reveal()).user(userId)));
        if (!r.ok()) {
            return new Lookup(Optional.empty(), r.error(), r.retryAfter());
        }
        if (r.response().getUser() == null) {
            return new Lookup(Optional.empty(), "user_not_found");
        }
        return new Lookup(Optional.of(toSlackUser(r.response().getUser())), null);
    }

    /**
     * The person with this email ({@code users.lookupByEmail}, which needs {@code users:read.email}), or Slack's
     * error code: {@code users_not_found} for an email nobody in the org has.
     */
    public Lookup lookupByEmail(String email) {
        SlackResult<UsersLookupByEmailResponse> r = calls.call("users.lookupByEmail",
                () -> slack.usersLookupByEmail(q -> q.token(tokens.bot().reveal()).email(email)));
        if (!r.ok()) {
            return new Lookup(Optional.empty(), r.error(), r.retryAfter());
        }
        if (r.response().getUser() == null) {
            return new Lookup(Optional.empty(), "users_not_found");
        }
        return new Lookup(Optional.of(toSlackUser(r.response().getUser())), null);
    }

    /** Members of a user group, or Slack's error code. */
    public SlackResult<List<String>> groupMembers(String groupId) {
        var r = calls.call("usergroups.users.list",
                () -> slack.usergroupsUsersList(q -> q.token(tokens.bot().reveal()).usergroup(groupId)));
        List<String> users = r.ok() && r.response().getUsers() != null ? r.response().getUsers() : List.of();
        return new SlackResult<>(r.ok() ? users : null, r.error(), r.retryAfter(), r.transientSeen(), r.attempts());
    }

    private static SlackUser toSlackUser(User u) {
        User.EnterpriseUser e = u.getEnterpriseUser();
        String name = u.getRealName() != null && !u.getRealName().isBlank() ? u.getRealName() : u.getName();
        return new SlackUser(
                u.getId(),
                name,
                e == null ? null : e.getEnterpriseId(),
                e != null && e.isAdmin(),
                e != null && e.isOwner(),
                u.isPrimaryOwner() || (e != null && e.isPrimaryOwner()),
                u.isBot() || u.isAppUser() || u.isWorkflowBot(),
                u.isDeleted(),
                e == null || e.getTeams() == null ? List.of() : List.copyOf(e.getTeams()));
    }

    /**
     * A users.info answer: the person, or the error that kept us from knowing.
     *
     * @param retryAfter seconds Slack asked us to wait, when it rate limited the lookup; else 0
     */
    public record Lookup(Optional<SlackUser> user, String error, long retryAfter) {

        public Lookup(Optional<SlackUser> user, String error) {
            this(user, error, 0);
        }
    }
}
