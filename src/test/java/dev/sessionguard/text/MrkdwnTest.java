package dev.sessionguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class MrkdwnTest {

    /** Slack's own reading of escaped text, one entity at a time, so "&amp;lt;" stays "&lt;". */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("&lt;", i)) {
                out.append('<');
                i += 4;
            } else if (s.startsWith("&gt;", i)) {
                out.append('>');
                i += 4;
            } else if (s.startsWith("&amp;", i)) {
                out.append('&');
                i += 5;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    @Property
    void escapedTextHasNoAngleBracketsAndReadsBackAsTyped(@ForAll String typed) {
        String escaped = Mrkdwn.escape(typed);

        assertThat(escaped).doesNotContain("<", ">");
        assertThat(unescape(escaped)).isEqualTo(typed);
    }

    /** Dense in the characters that matter, so entity look-alikes such as "&lt;" are typed often. */
    @Property
    void escapedMarkupLookAlikesReadBackAsTyped(
            @ForAll @StringLength(max = 40) @Chars({'<', '>', '&', ';', 'l', 'g', 't', 'a', 'm', 'p', '!', '@'}) String typed) {
        String escaped = Mrkdwn.escape(typed);

        assertThat(escaped).doesNotContain("<", ">");
        assertThat(unescape(escaped)).isEqualTo(typed);
    }

    @Example
    void escapeTurnsSlackControlSequencesIntoEntities() {
        assertThat(Mrkdwn.escape("<!channel> & <@W1>")).isEqualTo("&lt;!channel&gt; &amp; &lt;@W1&gt;");
        assertThat(Mrkdwn.escape("&lt;")).isEqualTo("&amp;lt;");
        assertThat(Mrkdwn.escape(null)).isEmpty();
    }

    @Example
    void mentionOfAUserIdIsAMention() {
        assertThat(Mrkdwn.mention("W123")).isEqualTo("<@W123>");
        assertThat(Mrkdwn.mention("U0ABC123")).isEqualTo("<@U0ABC123>");
    }

    @Example
    void mentionOfAnythingElseIsEscapedText() {
        assertThat(Mrkdwn.mention("<!channel>")).isEqualTo("&lt;!channel&gt;");
        assertThat(Mrkdwn.mention("W123><!here")).isEqualTo("W123&gt;&lt;!here");
        assertThat(Mrkdwn.mention("C0123ABCD")).isEqualTo("C0123ABCD");
        assertThat(Mrkdwn.mention("w123")).isEqualTo("w123");
        assertThat(Mrkdwn.mention(null)).isEmpty();
    }

    @Example
    void userIdsAreUppercaseUorWIds() {
        assertThat(Mrkdwn.isUserId("W0123ABC")).isTrue();
        assertThat(Mrkdwn.isUserId("U0123ABC")).isTrue();
        assertThat(Mrkdwn.isUserId("C0123ABC")).isFalse();
        assertThat(Mrkdwn.isUserId("W1")).isFalse();
        assertThat(Mrkdwn.isUserId("W12 ")).isFalse();
        assertThat(Mrkdwn.isUserId(null)).isFalse();
    }
}
