package dev.sessionguard.bulk;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.conversations.ConversationsMembersResponse;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.Tokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntConsumer;

/** The Slack reads a bulk sign-out needs beyond {@link dev.sessionguard.slackapi.Directory}, with the bot token. */
public class TargetSources {

    /** A guard against a cursor that never ends: 200 pages of 1,000 members. */
    static final int MAX_PAGES = 200;
    static final int PAGE_SIZE = 1000;

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;

    public TargetSources(MethodsClient slack, Tokens tokens, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.calls = calls;
    }

    /**
     * @param members what was read, in Slack's order, even when reading stopped early
     * @param error   Slack's error code, or why the list is incomplete; null when complete
     */
    public record Members(List<String> members, String error) {
    }

    public Members channelMembers(String channelId) {
        return channelMembers(channelId, read -> { });
    }

    /** @param progress told how many members have been read so far, after each page */
    public Members channelMembers(String channelId, IntConsumer progress) {
        List<String> members = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String at = cursor;
            var r = calls.call("conversations.members", () -> slack.conversationsMembers(q -> q
                    .token(tokens.bot().reveal()).channel(channelId).limit(PAGE_SIZE).cursor(at)));
            if (!r.ok()) {
                return new Members(members, r.error());
            }
            ConversationsMembersResponse response = r.response();
            if (response.getMembers() != null) {
                members.addAll(response.getMembers());
            }
            progress.accept(members.size());
            String next = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
            if (next == null || next.isBlank()) {
                return new Members(members, null);
            }
            if (!cursors.add(next)) {
                return new Members(members, "repeated_cursor");
            }
            cursor = next;
        }
        return new Members(members, "too_many_pages");
    }

    /** How many members Slack counts in the channel, for progress words; empty when it can't say. */
    public OptionalInt memberCount(String channelId) {
        var r = calls.call("conversations.info", () -> slack.conversationsInfo(q -> q
                .token(tokens.bot().reveal()).channel(channelId).includeNumMembers(true)));
        if (!r.ok() || r.response().getChannel() == null || r.response().getChannel().getNumOfMembers() == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(r.response().getChannel().getNumOfMembers());
    }

    /** Members of a user group, or Slack's error code; a rate-limited read waits out Slack's Retry-After. */
    public SlackResult<List<String>> groupMembers(String groupId) {
        return new Directory(slack, tokens, calls).groupMembers(groupId);
    }

    /** A user group as the form lists it. */
    public record Group(String id, String label) {
    }

    /** @param error Slack's error code when the list could not be read; null when read */
    public record Groups(List<Group> groups, String error) {
    }

    /** The org's user groups, for the form's select. */
    public Groups userGroups() {
        var r = calls.call("usergroups.list", () -> slack.usergroupsList(q -> q.token(tokens.bot().reveal())));
        if (!r.ok()) {
            return new Groups(List.of(), r.error());
        }
        List<Group> out = new ArrayList<>();
        if (r.response().getUsergroups() != null) {
            r.response().getUsergroups().forEach(g -> out.add(new Group(g.getId(),
                    g.getHandle() == null || g.getHandle().isBlank() ? g.getName() : g.getName() + " (@" + g.getHandle() + ")")));
        }
        return new Groups(out, null);
    }
}
