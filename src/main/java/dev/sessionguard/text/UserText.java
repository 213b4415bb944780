package dev.sessionguard.text;

/**
 * Text a person typed, made fit to keep: called once where it enters the app, so the audit trail, the audit
 * channel, the modals and the logs all hold the same clean words. Escaping for mrkdwn is still
 * {@link Mrkdwn#escape}, where the text is rendered.
 */
public final class UserText {

    private UserText() {
    }

    /**
     * Removes what only hides or rearranges text: controls (C0, DEL, C1), which can move a terminal's cursor or
     * forge a log line, and Unicode's bidi controls, which can show a reason in another order than it was typed.
     * Every line break (CR LF, a lone CR, U+2028, U+2029) becomes one LF, since the reason input is multi-line,
     * and a tab becomes a space. Everything else is kept as typed: emoji with their zero-width joiners, variation
     * selectors and tags, and every script. The result is stripped of surrounding space, so nothing typed that is
     * left empty reads as blank. Halves of a surrogate pair on their own are not text and are dropped.
     */
    public static String clean(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(typed.length());
        int i = 0;
        while (i < typed.length()) {
            int cp = typed.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                out.append('\n');
                if (i < typed.length() && typed.charAt(i) == '\n') {
                    i++;
                }
            } else if (cp == '\n' || cp == '\u2028' || cp == '\u2029') {
                out.append('\n');
            } else if (cp == '\t') {
                out.append(' ');
            } else if (!hidden(cp)) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString().strip();
    }

    private static boolean hidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.SURROGATE || isBidiControl(cp);
    }

    /** Unicode's Bidi_Control property: the embeddings, overrides and isolates, and the three direction marks. */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }
}
