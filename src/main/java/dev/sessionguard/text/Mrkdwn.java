package dev.sessionguard.text;

import java.util.regex.Pattern;

/** Safe pieces of Slack mrkdwn. Anything a person typed goes through {@link #escape}. */
public final class Mrkdwn {

    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");

    private Mrkdwn() {
    }

    /**
     * Escapes the three characters Slack parses as control sequences, so typed text can never
     * become {@code <!channel>}, a mention or a link.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A mention of a user ID that Slack itself gave us; anything else is shown escaped, never as markup. */
    public static String mention(String userId) {
        return isUserId(userId) ? "<@" + userId + ">" : escape(userId);
    }

    public static boolean isUserId(String value) {
        return value != null && USER_ID.matcher(value).matches();
    }

    /**
     * Text Slack passed on from a client, such as a user agent or a location: whoever holds a stolen session chooses
     * it. Cleaned of controls, on one line, cut to {@code max} characters, escaped, and shown as code, where Slack
     * makes no link, mention or formatting of it; a backtick can't end the code early (it is shown as ˋ).
     * {@code missing} (plain words, not escaped) when there is none.
     */
    public static String untrusted(String text, int max, String missing) {
        String clean = UserText.clean(text).replace('\n', ' ').replace('`', '\u02CB');
        if (clean.isEmpty()) {
            return missing;
        }
        if (clean.codePointCount(0, clean.length()) > max) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, max)) + "\u2026";
        }
        return "`" + escape(clean) + "`";
    }
}
