package dev.sessionguard.bulk;

import dev.sessionguard.people.People;
import dev.sessionguard.people.Person;
import dev.sessionguard.safety.NotResettable;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns what an admin picked for a bulk sign-out (people, channels, user groups, pasted or uploaded emails and IDs)
 * into the people to sign out, in order and each once, and the ones left out with the reason why. No UI: the edge
 * renders it.
 *
 * <p>People are classified from the local directory ({@link People}), a handful of queries for thousands. Slack is
 * asked one person at a time only about someone the directory doesn't know (a Slack Connect guest, someone who joined
 * a second ago), at most {@link #MAX_ASKS} times a preview and never after Slack rate-limits one: per-person methods
 * allow 50 to 100 calls a minute, so asking about thousands would take the preview past an incident's minutes. The
 * rest are left out as "not checked", never guessed.
 */
public final class BulkTargets {

    public static final String UNKNOWN_EMAIL = "unknown_email";
    public static final String NOT_FOUND = "user_not_found";
    public static final String NOT_AN_EMAIL_OR_ID = "not_an_email_or_user_id";
    public static final String CHANNEL_UNREAD = "channel_unread";
    public static final String GROUP_UNREAD = "group_unread";
    /** Someone of another org in a shared (Slack Connect) channel: this org's admin token can't sign them out. */
    public static final String OTHER_ORG = "other_org";
    /** Someone the directory doesn't know, whom the preview could not ask Slack about. */
    public static final String NOT_CHECKED = "not_checked";
    /** How many people one preview may ask Slack about, one call each. */
    public static final int MAX_ASKS = 100;

    // Loose on purpose: Slack is the judge of whether an address exists; this only tells an email from noise.
    static final Pattern EMAIL = BreachList.EMAIL;
    private static final Pattern SEPARATORS = Pattern.compile("[,\\r\\n]+");

    private final People people;
    private final Directory asks;
    private final TargetSources sources;
    private final BreachFiles files;
    private final ProtectedUsers protectedUsers;
    private final Supplier<Optional<String>> orgId;

    /**
     * @param asks   per-person reads for those the directory doesn't know: one built on calls that don't retry, so a
     *               rate-limited ask ends the asking instead of waiting out its Retry-After
     * @param files  reads uploaded breach lists
     * @param orgId  the org the admin token belongs to, when known: people of any other org are left out
     */
    public BulkTargets(People people, Directory asks, TargetSources sources, BreachFiles files,
            ProtectedUsers protectedUsers, Supplier<Optional<String>> orgId) {
        this.people = people;
        this.asks = asks;
        this.sources = sources;
        this.files = files;
        this.protectedUsers = protectedUsers;
        this.orgId = orgId;
    }

    /** What the admin picked; {@code pasted} holds emails or user IDs, one a line or comma-separated. */
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

    /**
     * @param unreadableFile when an uploaded file could not be read, the words saying so; then nobody was resolved,
     *                       because a part of a breach list is worse than none (nobody would notice who was missed)
     */
    public record Result(List<String> userIds, List<Exclusion> excluded, String unreadableFile) {

        public Result(List<String> userIds, List<Exclusion> excluded) {
            this(userIds, excluded, null);
        }
    }

    /** Told how far finding the people has got, in words an admin reads. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = words -> { };

        void at(String words);
    }

    public Result resolve(Request request) {
        return resolve(request, Progress.NONE);
    }

    public Result resolve(Request request, Progress progress) {
        List<Entry> entries = new ArrayList<>();
        BreachList uploaded = BreachList.NONE;
        for (BreachFile file : request.files()) {
            progress.at("Reading " + Mrkdwn.escape(file.name()) + "…");
            BreachFiles.Outcome read = files.read(file);
            if (read instanceof BreachFiles.Failed failed) {
                return new Result(List.of(), List.of(), failed.words());
            }
            uploaded = uploaded.plus(((BreachFiles.Read) read).list());
        }
        Set<String> candidates = new LinkedHashSet<>(request.userIds());
        List<Exclusion> excluded = new ArrayList<>();
        readChannels(request.channelIds(), candidates, excluded, progress);
        readGroups(request.groupIds(), candidates, excluded);
        readPasted(request.pasted(), entries, excluded);
        uploaded.userIds().forEach(id -> entries.add(new Entry(id, null)));
        uploaded.emails().forEach(email -> entries.add(new Entry(null, email)));
        uploaded.unreadable().forEach(line -> excluded.add(new Exclusion(line, NOT_AN_EMAIL_OR_ID,
                "This line of the uploaded list is neither an email nor a user ID.")));
        if (uploaded.unreadableNotShown() > 0) {
            excluded.add(new Exclusion(BulkWords.number(uploaded.unreadableNotShown()) + " more lines",
                    NOT_AN_EMAIL_OR_ID, "More lines of the uploaded list that are neither an email nor a user ID."));
        }

        Asking asking = new Asking(people.lastFullSync().isPresent());
        Map<String, SlackUser> alreadyAsked = new HashMap<>();
        resolveEntries(entries, candidates, excluded, alreadyAsked, asking, progress);
        return classify(candidates, excluded, alreadyAsked, asking, progress);
    }

    private void readChannels(List<String> channels, Set<String> candidates, List<Exclusion> excluded,
            Progress progress) {
        for (String channel : channels) {
            OptionalInt total = sources.memberCount(channel);
            progress.at("Reading channel members…");
            TargetSources.Members m = sources.channelMembers(channel, read -> progress.at("Reading channel members… "
                    + BulkWords.number(read) + (total.isPresent() ? " of " + BulkWords.number(total.getAsInt()) : "")));
            candidates.addAll(m.members());
            if (m.error() != null) {
                excluded.add(new Exclusion(channel, CHANNEL_UNREAD, "The channel's members could not be read"
                        + (m.members().isEmpty() ? "" : " in full") + ": " + SlackErrors.describe(m.error())));
            }
        }
    }

    private void readGroups(List<String> groups, Set<String> candidates, List<Exclusion> excluded) {
        for (String group : groups) {
            var r = sources.groupMembers(group);
            if (r.ok()) {
                candidates.addAll(r.response());
            } else {
                excluded.add(new Exclusion(group, GROUP_UNREAD,
                        "The user group's members could not be read: " + SlackErrors.describe(r.error())));
            }
        }
    }

    /** An email or a user ID, in the order the admin gave them. */
    private record Entry(String userId, String email) {
    }

    private static void readPasted(String pasted, List<Entry> entries, List<Exclusion> excluded) {
        for (String line : SEPARATORS.split(pasted)) {
            String entry = line.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (Mrkdwn.isUserId(entry)) {
                entries.add(new Entry(entry, null));
            } else if (EMAIL.matcher(entry).matches()) {
                entries.add(new Entry(null, entry));
            } else {
                excluded.add(new Exclusion(entry, NOT_AN_EMAIL_OR_ID, "This line is neither an email nor a user ID."));
            }
        }
    }

    /** Emails become people: from the directory in one batch, from Slack for the few it doesn't know. */
    private void resolveEntries(List<Entry> entries, Set<String> candidates, List<Exclusion> excluded,
            Map<String, SlackUser> alreadyAsked, Asking asking, Progress progress) {
        List<String> emails = entries.stream().filter(e -> e.email() != null)
                .map(e -> e.email().toLowerCase(Locale.ROOT)).distinct().toList();
        if (!emails.isEmpty()) {
            progress.at("Finding " + BulkWords.number(emails.size()) + " emails in the directory…");
        }
        Map<String, Person> byEmail = emails.isEmpty() ? Map.of() : people.byEmails(emails);
        for (Entry entry : entries) {
            if (entry.userId() != null) {
                candidates.add(entry.userId());
                continue;
            }
            Person known = byEmail.get(entry.email().toLowerCase(Locale.ROOT));
            if (known != null) {
                candidates.add(known.id());
                continue;
            }
            Optional<String> why = asking.whyNot();
            if (why.isPresent()) {
                excluded.add(new Exclusion(entry.email(), NOT_CHECKED, why.get()));
                continue;
            }
            progress.at(asking.words());
            Directory.Lookup found = asking.ask(() -> asks.lookupByEmail(entry.email()));
            if (found.user().isPresent()) {
                alreadyAsked.put(found.user().get().id(), found.user().get());
                candidates.add(found.user().get().id());
            } else if ("users_not_found".equals(found.error())) {
                excluded.add(new Exclusion(entry.email(), UNKNOWN_EMAIL, "No one in the org has this email address."));
            } else if (found.retryAfter() > 0) {
                excluded.add(new Exclusion(entry.email(), NOT_CHECKED, asking.whyNot().orElseThrow()));
            } else {
                excluded.add(new Exclusion(entry.email(), found.error(),
                        "This email could not be looked up: " + SlackErrors.describe(found.error())));
            }
        }
    }

    private Result classify(Set<String> candidates, List<Exclusion> excluded, Map<String, SlackUser> alreadyAsked,
            Asking asking, Progress progress) {
        List<String> unprotected = candidates.stream().filter(id -> !protectedUsers.isProtected(id)).toList();
        if (!unprotected.isEmpty()) {
            progress.at("Checking " + BulkWords.number(unprotected.size()) + " people in the directory…");
        }
        Map<String, Person> known = unprotected.isEmpty() ? Map.of() : people.byIds(unprotected);
        List<String> targets = new ArrayList<>();
        for (String userId : candidates) {
            whyLeftOut(userId, known, alreadyAsked, asking, progress)
                    .ifPresentOrElse(excluded::add, () -> targets.add(userId));
        }
        return new Result(List.copyOf(targets), List.copyOf(excluded));
    }

    private Optional<Exclusion> whyLeftOut(String userId, Map<String, Person> known,
            Map<String, SlackUser> alreadyAsked, Asking asking, Progress progress) {
        if (protectedUsers.isProtected(userId)) {
            return Optional.of(new Exclusion(userId, ProtectedUsers.ERROR_CODE, ProtectedUsers.signOutWords()));
        }
        SlackUser user = known.containsKey(userId) ? asUser(known.get(userId)) : alreadyAsked.get(userId);
        if (user == null) {
            Optional<String> why = asking.whyNot();
            if (why.isPresent()) {
                return Optional.of(new Exclusion(userId, NOT_CHECKED, why.get()));
            }
            progress.at(asking.words());
            Directory.Lookup lookup = asking.ask(() -> asks.lookup(userId));
            if (lookup.user().isEmpty()) {
                if (lookup.retryAfter() > 0) {
                    return Optional.of(new Exclusion(userId, NOT_CHECKED, asking.whyNot().orElseThrow()));
                }
                String code = lookup.error() == null ? NOT_FOUND : lookup.error();
                return Optional.of(new Exclusion(userId, code, "Not attempted: " + SlackErrors.describe(code)));
            }
            user = lookup.user().get();
        }
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

    /** A directory row as the checks shared with the single reset read a person. */
    static SlackUser asUser(Person p) {
        return new SlackUser(p.id(), null, p.enterpriseId(), p.admin(), p.owner(), p.primaryOwner(), p.bot(),
                p.deleted(), p.workspaces());
    }

    /** The preview's questions to Slack about people the directory doesn't know: few, and none once refused. */
    private static final class Asking {
        private final boolean directorySynced;
        private int asked;
        private boolean rateLimited;

        Asking(boolean directorySynced) {
            this.directorySynced = directorySynced;
        }

        Directory.Lookup ask(Supplier<Directory.Lookup> call) {
            asked++;
            Directory.Lookup answer = call.get();
            if (answer.retryAfter() > 0) {
                rateLimited = true;
            }
            return answer;
        }

        String words() {
            return "Asking Slack about people the directory doesn't know… " + BulkWords.number(asked + 1) + " of at most "
                    + MAX_ASKS;
        }

        /** Why this person can't be asked about, or empty while they can. */
        Optional<String> whyNot() {
            String which = directorySynced ? "Session Guard's directory doesn't know them"
                    : "Session Guard's directory has not finished its first sync";
            if (rateLimited) {
                return Optional.of("Not checked, so left out: " + which + ", and Slack is rate-limiting lookups of"
                        + " single people right now. Preview again in a minute.");
            }
            if (asked >= MAX_ASKS) {
                return Optional.of("Not checked, so left out: " + which + ", and this preview already asked Slack about "
                        + MAX_ASKS + " people it didn't know. Preview again later; the directory catches up by itself.");
            }
            return Optional.empty();
        }
    }
}
