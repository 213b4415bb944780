package dev.sessionguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * {@link Mrkdwn#untrusted}: text a client chose (a user agent, a location) shown as code, where Slack makes no
 * mention, link or formatting of it, on one line, cut to a length.
 */
class MrkdwnUntrustedTest {

    private static final String MISSING = "_not reported_";
    private static final char BACKTICK_LOOKALIKE = '\u02CB';

    private static String untrusted(String text) {
        return Mrkdwn.untrusted(text, 300, MISSING);
    }

    /** Slack's own reading of escaped text, one entity at a time. */
    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String inner(String shown) {
        return shown.substring(1, shown.length() - 1);
    }

    @Example
    void aBroadcastIsShownAsTextInCode() {
        assertThat(untrusted("<!channel>")).isEqualTo("`&lt;!channel&gt;`");
        assertThat(untrusted("Mozilla <!here|here> <!subteam^S123>")).isEqualTo(
                "`Mozilla &lt;!here|here&gt; &lt;!subteam^S123&gt;`");
    }

    @Example
    void aMentionIsShownAsText() {
        assertThat(untrusted("<@W123>")).isEqualTo("`&lt;@W123&gt;`");
        assertThat(untrusted("<#C0123|general>")).isEqualTo("`&lt;#C0123|general&gt;`");
    }

    @Example
    void aLinkIsShownAsText() {
        assertThat(untrusted("<https://evil|x>")).isEqualTo("`&lt;https://evil|x&gt;`");
    }

    @Example
    void anAmpersandIsEscapedSoAnEntityReadsBackAsSent() {
        assertThat(untrusted("AT&T")).isEqualTo("`AT&amp;T`");
        assertThat(untrusted("&lt;!channel&gt;")).isEqualTo("`&amp;lt;!channel&amp;gt;`");
    }

    @Example
    void aBacktickCannotCloseTheCodeSpan() {
        String shown = untrusted("curl` <!channel> *bold* `again");

        assertThat(shown).isEqualTo("`curl" + BACKTICK_LOOKALIKE + " &lt;!channel&gt; *bold* " + BACKTICK_LOOKALIKE
                + "again`");
        assertThat(untrusted("```")).isEqualTo("`" + String.valueOf(BACKTICK_LOOKALIKE).repeat(3) + "`");
    }

    @Example
    void everyLineBreakBecomesASpace() {
        assertThat(untrusted("a\nb\r\nc\rd\u2028e\u2029f")).isEqualTo("`a b c d e f`");
        assertThat(untrusted("line one\n> quoted\n• listed")).isEqualTo("`line one &gt; quoted • listed`");
    }

    @Example
    void bidiControlsAreRemoved() {
        assertThat(untrusted("Chrome\u202Egnp.exe\u202C \u2066x\u2069\u200E\u200F\u061C")).isEqualTo("`Chromegnp.exe x`");
    }

    @Example
    void controlsAreRemovedAndATabIsASpace() {
        assertThat(untrusted("\u0000a\u0007b\u001b[31mc\u007fd\u0085e\u009bf\tg")).isEqualTo("`ab[31mcdef g`");
    }

    @Example
    void surroundingSpaceIsDropped() {
        assertThat(untrusted("  \n Lisbon, Portugal \t ")).isEqualTo("`Lisbon, Portugal`");
    }

    @Example
    void longTextIsCutToMaxCodePointsWithAnEllipsis() {
        assertThat(Mrkdwn.untrusted("abcdef", 3, MISSING)).isEqualTo("`abc…`");
        assertThat(Mrkdwn.untrusted("abc", 3, MISSING)).as("exactly max is not cut").isEqualTo("`abc`");
        assertThat(Mrkdwn.untrusted("x".repeat(5000), 300, MISSING)).isEqualTo("`" + "x".repeat(300) + "…`");
    }

    @Example
    void theCutNeverSplitsASurrogatePair() {
        assertThat(Mrkdwn.untrusted("😀😀😀", 2, MISSING)).isEqualTo("`😀😀…`");
        assertThat(Mrkdwn.untrusted("a😀b", 2, MISSING)).isEqualTo("`a😀…`");
        assertThat(Mrkdwn.untrusted("𝒳𝒴", 1, MISSING)).isEqualTo("`𝒳…`");
    }

    @Example
    void theCutCountsCharactersAsSentNotTheirEscapes() {
        assertThat(Mrkdwn.untrusted("<<<<", 2, MISSING)).as("an entity is never cut").isEqualTo("`&lt;&lt;…`");
        assertThat(Mrkdwn.untrusted("&&", 2, MISSING)).isEqualTo("`&amp;&amp;`");
    }

    @Example
    void nothingToShowGivesTheMissingWordsAsTheyAre() {
        assertThat(untrusted(null)).isEqualTo(MISSING);
        assertThat(untrusted("")).isEqualTo(MISSING);
        assertThat(untrusted("   \n\t ")).isEqualTo(MISSING);
        assertThat(untrusted("\u0000\u202E\u2066")).as("only what is removed").isEqualTo(MISSING);
        assertThat(untrusted("\uD83D")).as("half a surrogate pair").isEqualTo(MISSING);
        assertThat(Mrkdwn.untrusted(null, 10, "")).isEmpty();
    }

    private static void assertShownAsOneCodeSpan(String shown, int max) {
        if (shown.equals(MISSING)) {
            return;
        }
        assertThat(shown).startsWith("`").endsWith("`").doesNotContain("<", ">", "\n", "\r");
        assertThat(shown.chars().filter(c -> c == '`').count()).as("backticks in %s", shown).isEqualTo(2);
        String sent = unescape(inner(shown));
        assertThat(sent.codePointCount(0, sent.length())).isLessThanOrEqualTo(max + 1);
        assertThat(sent.codePoints().filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                .as("half a surrogate pair in %s", sent).isEmpty();
    }

    @Property
    void anyTextIsShownAsOneCodeSpanWithoutMarkup(@ForAll String text, @ForAll @IntRange(min = 1, max = 50) int max) {
        assertShownAsOneCodeSpan(Mrkdwn.untrusted(text, max, MISSING), max);
    }

    /** Dense in the characters that could end the span, start markup or hide text. */
    @Property
    void textDenseInTrickyCharactersIsShownAsOneCodeSpan(@ForAll @StringLength(max = 60) @Chars({'`', '<', '>', '&',
            '!', '@', '|', '\n', '\r', '\t', ' ', '\u2028', '\u202E', '\u0000', '\u0085', 'a', ';', '\uD83D', '\uDE00'})
            String text, @ForAll @IntRange(min = 1, max = 20) int max) {
        assertShownAsOneCodeSpan(Mrkdwn.untrusted(text, max, MISSING), max);
    }

    /** Short enough not to be cut, the span reads back as the clean text on one line, its backticks look-alikes. */
    @Property
    void uncutTextReadsBackAsSentCleanedAndOnOneLine(@ForAll @StringLength(max = 40) String text) {
        String shown = Mrkdwn.untrusted(text, 100, MISSING);
        String expected = UserText.clean(text).replace('\n', ' ').replace('`', BACKTICK_LOOKALIKE);

        if (expected.isEmpty()) {
            assertThat(shown).isEqualTo(MISSING);
        } else {
            assertThat(unescape(inner(shown))).isEqualTo(expected);
        }
    }
}
