package dev.sessionguard.text;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slack's escaped mentions ({@code <@W123|alice>}) at the start of a command's words. */
public final class Mentions {

    private static final Pattern LEADING_MENTION = Pattern.compile("^<@([UW][A-Z0-9]{2,})(?:\\|[^>]*)?>[\\s,]*");

    private Mentions() {
    }

    /** Adds the user IDs mentioned at the start of {@code text} to {@code users}, in order; returns what follows. */
    public static String leading(String text, Set<String> users) {
        String rest = text;
        Matcher m = LEADING_MENTION.matcher(rest);
        while (m.find()) {
            users.add(m.group(1));
            rest = rest.substring(m.end());
            m = LEADING_MENTION.matcher(rest);
        }
        return rest;
    }

    /** The people mentioned, each once in order, when {@code words} are mentions and nothing else; else empty. */
    public static Optional<List<String>> only(String words) {
        Set<String> users = new LinkedHashSet<>();
        return leading(words, users).isBlank() ? Optional.of(List.copyOf(users)) : Optional.empty();
    }
}
