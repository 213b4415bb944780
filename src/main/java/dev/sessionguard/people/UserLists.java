package dev.sessionguard.people;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.teams.AuthTeamsListResponse;
import com.slack.api.model.ResponseMetadata;
import com.slack.api.model.User;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.Tokens;
import java.util.List;
import java.util.function.Function;

/**
 * The two list calls the directory is filled with, with the bot token: {@code auth.teams.list} (the workspaces of
 * the org-wide install) and {@code users.list} for one workspace, which an org-level token must name. One attempt
 * each: {@link DirectorySync} paces, waits out {@code Retry-After} and retries on its own thread.
 */
public class UserLists {

    /** One page of a cursor-paged listing; {@code nextCursor} is empty on the last. */
    public record Page<T>(List<T> items, String nextCursor) {

        public boolean last() {
            return nextCursor == null || nextCursor.isEmpty();
        }
    }

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;

    /** @param calls without retries ({@link SlackCalls#withoutRetries()}): the sync decides when to try again */
    public UserLists(MethodsClient slack, Tokens tokens, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.calls = calls;
    }

    public SlackResult<Page<String>> teams(String cursor) {
        var r = calls.call("auth.teams.list", () -> slack.authTeamsList(q -> q.token(tokens.bot().reveal())
                .cursor(blankToNull(cursor)).limit(1000)));
        return page(r, resp -> resp.getTeams() == null ? List.of()
                : resp.getTeams().stream().map(AuthTeamsListResponse.Team::getId).toList(), r.ok()
                ? r.response().getResponseMetadata() : null);
    }

    public SlackResult<Page<User>> users(String teamId, String cursor, int limit) {
        var r = calls.call("users.list", () -> slack.usersList(q -> q.token(tokens.bot().reveal()).teamId(teamId)
                .cursor(blankToNull(cursor)).limit(limit)));
        return page(r, resp -> resp.getMembers() == null ? List.<User>of() : resp.getMembers(),
                r.ok() ? r.response().getResponseMetadata() : null);
    }

    private static <R, T> SlackResult<Page<T>> page(SlackResult<R> r, Function<R, List<T>> items,
            ResponseMetadata meta) {
        Page<T> page = r.ok() ? new Page<>(items.apply(r.response()), meta == null ? "" : meta.getNextCursor()) : null;
        return new SlackResult<>(page, r.error(), r.retryAfter(), r.transientSeen(), r.attempts());
    }

    private static String blankToNull(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }
}
