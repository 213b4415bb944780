package dev.sessionguard.bulk;

import dev.sessionguard.safety.NotResettable;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slack.Directory;
import dev.sessionguard.slack.Mrkdwn;
import dev.sessionguard.slack.SlackErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns what an admin picked for a bulk sign-out (people, channels, user groups, pasted emails or IDs) into the
 * people to sign out, in order and each once, and the ones left out with the reason why. No UI: the edge renders it.
 */
public final class BulkTargets {

    public static final String UNKNOWN_EMAIL = "unknown_email";
    public static final String NOT_FOUND = "user_not_found";
    public static final String NOT_AN_EMAIL_OR_ID = "not_an_email_or_user_id";
    public static final String CHANNEL_UNREAD = "channel_unread";
    public static final String GROUP_UNREAD = "group_unread";
    /** Someone of another org in a shared (Slack Connect) channel: this org's admin token can't sign them out. */
    public static final String OTHER_ORG = "other_org";

    private static final Pattern EMAIL = BreachList.EMAIL;
    private static final Pattern SEPARATORS = Pattern.compile("[,\\r\\n]+");

    private final Directory directory;
    private final TargetSources sources;
    private final ProtectedUsers protectedUsers;
    private final Supplier<Optional<String>> orgId;

    public BulkTargets(Directory directory, TargetSources sources, ProtectedUsers protectedUsers) {
        this(directory, sources, protectedUsers, Optional::empty);
    }

    /** @param orgId the org the admin token belongs to, when known: people of any other org are left out */
    public BulkTargets(Directory directory, TargetSources sources, ProtectedUsers protectedUsers,
            Supplier<Optional<String>> orgId) {
        this.directory = directory;
        this.sources = sources;
        this.protectedUsers = protectedUsers;
        this.orgId = orgId;
    }

    /**
     * What the admin picked; {@code pasted} holds emails or user IDs, one a line or comma-separated; {@code files}
     * are uploaded breach lists, not yet read ({@link BreachFiles#read} fetches and parses one, after the ack).
     */
    public record Request(List<String> userIds, List<String> channelIds, List<String> groupIds, String pasted,
            List<BreachFile> files) {
        public Request {
            userIds = userIds == null ? List.of() : List.copyOf(userIds);
            channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
            groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
            pasted = pasted == null ? "" : pasted;
            files = files == null ? List.of() : List.copyOf(files);
        }

        public Request(List<String> userIds, List<String> channelIds, List<String> groupIds, String pasted) {
            this(userIds, channelIds, groupIds, pasted, List.of());
        }
    }

    public record Result(List<String> userIds, List<Exclusion> excluded) {
    }

    public Result resolve(Request request) {
        Set<String> candidates = new LinkedHashSet<>(request.userIds());
        List<Exclusion> excluded = new ArrayList<>();
        for (String channel : request.channelIds()) {
            TargetSources.Members m = sources.channelMembers(channel);
            candidates.addAll(m.members());
            if (m.error() != null) {
                excluded.add(new Exclusion(channel, CHANNEL_UNREAD, "The channel's members could not be read"
                        + (m.members().isEmpty() ? "" : " in full") + ": " + SlackErrors.describe(m.error())));
            }
        }
        for (String group : request.groupIds()) {
            var r = directory.groupMembers(group);
            if (r.ok()) {
                candidates.addAll(r.response());
            } else {
                excluded.add(new Exclusion(group, GROUP_UNREAD,
                        "The user group's members could not be read: " + SlackErrors.describe(r.error())));
            }
        }
        for (String line : SEPARATORS.split(request.pasted())) {
            String entry = line.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (Mrkdwn.isUserId(entry)) {
                candidates.add(entry);
            } else if (EMAIL.matcher(entry).matches()) {
                TargetSources.Lookup found = sources.userIdByEmail(entry);
                if (found.userId() != null) {
                    candidates.add(found.userId());
                } else if ("users_not_found".equals(found.error())) {
                    excluded.add(new Exclusion(entry, UNKNOWN_EMAIL, "No one in the org has this email address."));
                } else {
                    excluded.add(new Exclusion(entry, found.error(),
                            "This email could not be looked up: " + SlackErrors.describe(found.error())));
                }
            } else {
                excluded.add(new Exclusion(entry, NOT_AN_EMAIL_OR_ID, "This line is neither an email nor a user ID."));
            }
        }
        List<String> targets = new ArrayList<>();
        for (String userId : candidates) {
            whyLeftOut(userId).ifPresentOrElse(excluded::add, () -> targets.add(userId));
        }
        return new Result(List.copyOf(targets), List.copyOf(excluded));
    }

    private Optional<Exclusion> whyLeftOut(String userId) {
        if (protectedUsers.isProtected(userId)) {
            return Optional.of(new Exclusion(userId, ProtectedUsers.ERROR_CODE, ProtectedUsers.signOutWords()));
        }
        Directory.Lookup lookup = directory.lookup(userId);
        if (lookup.user().isEmpty()) {
            String code = lookup.error() == null ? NOT_FOUND : lookup.error();
            return Optional.of(new Exclusion(userId, code, "Not attempted: " + SlackErrors.describe(code)));
        }
        var user = lookup.user().get();
        Optional<Exclusion> notResettable = NotResettable.why(user)
                .map(why -> new Exclusion(userId, why.code(), "Not attempted: " + why.words()));
        if (notResettable.isPresent()) {
            return notResettable;
        }
        Optional<String> org = orgId.get();
        if (org.isPresent() && user.enterpriseId() != null && !org.get().equals(user.enterpriseId())) {
            return Optional.of(new Exclusion(userId, OTHER_ORG, "Not attempted: this person belongs to another org"
                    + " (a shared channel), and Session Guard signs out only this org's people."));
        }
        return Optional.empty();
    }
}
