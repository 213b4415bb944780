package dev.sessionguard.text;

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
}
