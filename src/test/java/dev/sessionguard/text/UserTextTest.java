package dev.sessionguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class UserTextTest {

    /** What people type and must get back: emoji sequences, other scripts, digits, Slack's markup characters. */
    private static final List<String> KEPT = List.of(
            "Laptop", "INC-1234", "٣٤", "👩‍💻", "👨‍👩‍👧", "🇫🇷", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "👍🏽", "❤️", "1️⃣",
            "مرحبا", "שלום", "漢字", "かな", "한국어", "हिन्दी", "क्षि", "می‌خواهم", "Ελληνικά", "Привет",
            "<!channel>", "&amp;", "e\u0301", "…");

    /** What never survives: controls (C0, DEL, C1) and Unicode's Bidi_Control characters. */
    private static final List<String> REMOVED = List.of(
            "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b",
            "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
            "\u200e", "\u200f", "\u061c");

    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static void assertClean(String cleaned) {
        assertThat(cleaned.codePoints().filter(cp -> Character.getType(cp) == Character.CONTROL && cp != '\n'))
                .as("controls other than LF in %s", cleaned).isEmpty();
        assertThat(cleaned.codePoints().filter(UserTextTest::isBidiControl)).as("bidi controls").isEmpty();
        assertThat(cleaned).doesNotContain("\u2028", "\u2029");
        assertThat(cleaned).isEqualTo(cleaned.strip());
    }

    @Property
    void anyTextComesOutWithoutControlsOrBidiControls(@ForAll String typed) {
        assertClean(UserText.clean(typed));
    }

    /** Dense in the characters that matter, including the ones emoji sequences are built from. */
    @Property
    void textDenseInTrickyCharactersComesOutClean(@ForAll @StringLength(max = 40) @Chars({'\r', '\n', '\t',
            '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u2066', '\u2069', '\u200e', '\u200f',
            '\u061c', '\u2028', '\u2029', '\u200d', '\u200c', '\ufe0f', 'a', ' ', '\ud83d', '\udc69'}) String typed) {
        assertClean(UserText.clean(typed));
    }

    @Property
    void cleaningTwiceChangesNothing(@ForAll String typed) {
        String once = UserText.clean(typed);

        assertThat(UserText.clean(once)).isEqualTo(once);
    }

    @Property
    void controlsAndBidiControlsAreAllCleanedAway(@ForAll @StringLength(max = 20) @CharRange(from = '\u0000', to = '\u001f') String c0,
            @ForAll @StringLength(max = 20) @CharRange(from = '\u007f', to = '\u009f') String delAndC1) {
        assertThat(UserText.clean(c0 + delAndC1 + String.join("", REMOVED))).isEmpty();
    }

    @Property
    void lettersDigitsEmojiAndOtherScriptsSurviveUnchanged(@ForAll("keptText") String typed) {
        assertThat(UserText.clean(typed)).isEqualTo(typed);
    }

    @Property
    void removedCharactersTypedAnywhereLeaveExactlyTheRest(@ForAll("keptPieces") @Size(min = 1, max = 8) List<String> pieces,
            @ForAll("removedPieces") @Size(min = 8, max = 8) List<String> noise) {
        String kept = String.join(" ", pieces);
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            mixed.add(noise.get(i) + pieces.get(i) + noise.get(7 - i));
        }

        assertThat(UserText.clean(String.join(" ", mixed))).isEqualTo(kept);
    }

    @Provide
    Arbitrary<String> keptText() {
        Arbitrary<String> piece = Arbitraries.of(KEPT);
        Arbitrary<String> gap = Arbitraries.of(" ", "\n", "  ", "\n\n", ", ");
        return piece.list().ofMinSize(1).ofMaxSize(10).flatMap(ps -> gap.list().ofSize(ps.size() - 1).map(gs -> {
            StringBuilder s = new StringBuilder(ps.get(0));
            for (int i = 1; i < ps.size(); i++) {
                s.append(gs.get(i - 1)).append(ps.get(i));
            }
            return s.toString();
        }));
    }

    @Provide
    Arbitrary<List<String>> keptPieces() {
        return Arbitraries.of(KEPT).list();
    }

    @Provide
    Arbitrary<List<String>> removedPieces() {
        return Arbitraries.of(REMOVED).list().ofMaxSize(3).map(l -> String.join("", l)).list();
    }

    @Example
    void lineBreaksOfEveryKindBecomeOneLineFeed() {
        assertThat(UserText.clean("one\r\ntwo\rthree\nfour\u2028five\u2029six"))
                .isEqualTo("one\ntwo\nthree\nfour\nfive\nsix");
    }

    @Example
    void aTabIsASpaceSoWordsStayApart() {
        assertThat(UserText.clean("laptop\tstolen")).isEqualTo("laptop stolen");
    }

    @Example
    void aTerminalEscapeLosesItsEscapeCharacter() {
        assertThat(UserText.clean("\u001b[31mred\u001b[0m\u0007")).isEqualTo("[31mred[0m");
    }

    @Example
    void aRightToLeftOverrideCannotReorderTheReason() {
        assertThat(UserText.clean("invoice \u202Egpj.exe\u202C for \u2066you\u2069")).isEqualTo("invoice gpj.exe for you");
    }

    @Example
    void halvesOfAnEmojiOnTheirOwnAreDropped() {
        assertThat(UserText.clean("a\ud83d b\udc69")).isEqualTo("a b");
    }

    @Example
    void nothingTypedOrOnlyControlsIsEmpty() {
        assertThat(UserText.clean(null)).isEmpty();
        assertThat(UserText.clean("\u202e\u0007\r\n \u2066")).isEmpty();
    }
}
