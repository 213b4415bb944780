package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BreachListTest {

    @Test
    void plainTextOneALineGivesUserIdsAndLowerCasedEmailsInOrderEachOnce() {
        BreachList list = BreachList.parse("W0000001\nAlice@Example.COM\nU0000002\nalice@example.com\nW0000001\n");

        assertThat(list.userIds()).containsExactly("W0000001", "U0000002");
        assertThat(list.emails()).containsExactly("alice@example.com");
        assertThat(list.unreadable()).isEmpty();
        assertThat(list.unreadableCount()).isZero();
    }

    @Test
    void commaSeparatedCrlfBomAndBlankLinesReadAsOneList() {
        BreachList list = BreachList.parse("\uFEFFa@example.com, b@example.com\r\n\r\n  \r\nW0000001 ,c@example.com\r\n");

        assertThat(list.emails()).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(list.userIds()).containsExactly("W0000001");
        assertThat(list.unreadableCount()).isZero();
    }

    @Test
    void withoutAHeaderEveryEmailOrIdCellCountsAndALineWithNoneIsUnreadable() {
        String csv = """
                Alice Smith,alice@example.com,Engineering
                Bob,W0000002,"Sales, EMEA"
                Carol,no address,HR
                """;

        BreachList list = BreachList.parse(csv);

        assertThat(list.emails()).containsExactly("alice@example.com");
        assertThat(list.userIds()).containsExactly("W0000002");
        assertThat(list.unreadable()).containsExactly("Carol,no address,HR");
        assertThat(list.unreadableCount()).isEqualTo(1);
    }

    @Test
    void aHeaderNamingEmailUsesOnlyThatColumn() {
        String csv = """
                name,Email,manager
                Alice,alice@example.com,boss@example.com
                Bob,,boss@example.com
                """;

        BreachList list = BreachList.parse(csv);

        assertThat(list.emails()).containsExactly("alice@example.com");
        assertThat(list.unreadable()).containsExactly("Bob,,boss@example.com");
    }

    @Test
    void headerNamesAreMatchedTrimmedInAnyCaseQuotedOrNot() {
        assertThat(BreachList.parse("\" USER_ID \",note\nW0000001,U0000009\n").userIds()).containsExactly("W0000001");
        assertThat(BreachList.parse("Id;x\n").userIds()).isEmpty(); // "Id;x" is one cell, not a header
        assertThat(BreachList.parse("\uFEFFid,email\nW0000001,A@EXAMPLE.COM\n"))
                .extracting(BreachList::userIds, BreachList::emails)
                .containsExactly(List.of("W0000001"), List.of("a@example.com"));
    }

    @Test
    void quotedCellsMayHoldCommasQuotesAndLineBreaks() {
        String csv = "email,comment\r\n\"x@example.com\",\"said \"\"hi\"\", then\r\nleft\"\r\ny@example.com,ok\r\n";

        BreachList list = BreachList.parse(csv);

        assertThat(list.emails()).containsExactly("x@example.com", "y@example.com");
        assertThat(list.unreadableCount()).isZero();
    }

    @Test
    void unreadableLinesAreKeptByContentOnceTheFirstFiftyListedAndTheRestCounted() {
        String text = IntStream.range(0, 120).mapToObj(i -> "junk " + (i % 80)).collect(Collectors.joining("\n"));

        BreachList list = BreachList.parse(text + "\nW0000001");

        assertThat(list.unreadableCount()).isEqualTo(80);
        assertThat(list.unreadable()).hasSize(50).startsWith("junk 0", "junk 1").endsWith("junk 49");
        assertThat(list.unreadableNotShown()).isEqualTo(30);
        assertThat(list.userIds()).containsExactly("W0000001");
    }

    @Test
    void hostileTextIsJustUnreadable() {
        BreachList list = BreachList.parse("<!channel> & <script>\n<mailto:a@example.com|a@example.com>\nw0000001\n");

        assertThat(list.userIds()).isEmpty();
        assertThat(list.emails()).isEmpty();
        assertThat(list.unreadable()).containsExactly("<!channel> & <script>", "<mailto:a@example.com|a@example.com>",
                "w0000001");
    }

    @Test
    void anEmptyFileOrOnlyAHeaderNamesNobody() {
        assertThat(BreachList.parse("").isEmpty()).isTrue();
        assertThat(BreachList.parse("\uFEFF\r\n\n").isEmpty()).isTrue();
        assertThat(BreachList.parse("email\n").isEmpty()).isTrue();
        assertThat(BreachList.parse("junk").isEmpty()).isFalse();
    }

    @Test
    void aHundredThousandLinesAreReadAndOneMoreIsRefusedInWords() {
        String lines = IntStream.range(0, BreachList.MAX_LINES)
                .mapToObj(i -> "p" + i + "@example.com").collect(Collectors.joining("\n"));

        assertThat(BreachList.parse("email\n\n" + lines + "\n\n").emails()).hasSize(100_000);
        assertThatThrownBy(() -> BreachList.parse(lines + "\nlast@example.com"))
                .isInstanceOf(BreachList.Unusable.class)
                .hasMessage("it has more than 100,000 lines; split it into files of at most 100,000 lines");
    }

    @Test
    void aQuoteNeverClosedRefusesTheWholeFileNamingTheLine() {
        assertThatThrownBy(() -> BreachList.parse("a@example.com\nb@example.com\n\"c@example.com\nd@example.com\n"))
                .isInstanceOf(BreachList.Unusable.class)
                .hasMessageStartingWith("line ")
                .hasMessageContaining("is not valid CSV");
    }

    @Test
    void theEmailShapeIsTheOnePastedTextUses() {
        assertThat(BreachList.isEmail("a.b+c@sub.example.co")).isTrue();
        assertThat(BreachList.isEmail("a@b")).isFalse();
        assertThat(BreachList.isEmail("a b@example.com")).isFalse();
        assertThat(BreachList.isEmail("<a@example.com>")).isFalse();
        assertThat(BreachList.isEmail(null)).isFalse();
    }

    @Test
    void twoFilesListsAddUpWithEntriesAndListedLinesEachOnce() {
        BreachList a = BreachList.parse("W0000001\na@example.com\njunk\nmore junk");
        BreachList b = BreachList.parse("A@EXAMPLE.COM\nW0000002\njunk\nother");

        BreachList both = a.plus(b);

        assertThat(both.userIds()).containsExactly("W0000001", "W0000002");
        assertThat(both.emails()).containsExactly("a@example.com");
        assertThat(both.unreadable()).containsExactly("junk", "more junk", "other");
        assertThat(both.unreadableCount()).isEqualTo(3);
        String many = IntStream.range(0, 60).mapToObj(i -> "x" + i).collect(Collectors.joining("\n"));
        BreachList big = BreachList.parse(many).plus(BreachList.parse("y"));
        assertThat(big.unreadable()).hasSize(50);
        assertThat(big.unreadableCount()).isEqualTo(61);
        assertThat(big.unreadableNotShown()).isEqualTo(11);
    }
}
