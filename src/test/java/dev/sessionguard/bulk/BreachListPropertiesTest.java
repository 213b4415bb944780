package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.text.Mrkdwn;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Any headerless file, however it is quoted, broken into lines or padded with blank ones, reads as the user IDs and
 * emails written into it, each once in order, and the lines that name nobody.
 */
class BreachListPropertiesTest {

    /** A cell as written: its text, and whether the writer quoted it. */
    record Cell(String text, boolean quoted) {
        String rendered() {
            boolean mustQuote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
            return quoted || mustQuote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
        }
    }

    /** How the file is laid out: the byte order mark, the line ending, blank lines between. */
    record Layout(boolean bom, String newline, int blankEvery) {
    }

    @Property(tries = 300)
    void aHeaderlessFileReadsAsTheEntriesWrittenIntoIt(@ForAll("lines") List<List<Cell>> lines,
            @ForAll("layouts") Layout layout) {
        StringBuilder file = new StringBuilder(layout.bom() ? "\uFEFF" : "");
        Set<String> ids = new LinkedHashSet<>();
        Set<String> emails = new LinkedHashSet<>();
        Set<String> unreadable = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            List<Cell> line = lines.get(i);
            String rendered = String.join(",", line.stream().map(Cell::rendered).toList());
            file.append(rendered).append(layout.newline());
            if (layout.blankEvery() > 0 && i % layout.blankEvery() == 0) {
                file.append(layout.newline());
            }
            boolean named = false;
            for (Cell c : line) {
                String t = c.text().strip();
                if (Mrkdwn.isUserId(t)) {
                    ids.add(t);
                    named = true;
                } else if (BreachList.isEmail(t)) {
                    emails.add(t.toLowerCase(Locale.ROOT));
                    named = true;
                }
            }
            if (!named && !line.stream().allMatch(c -> c.text().isBlank())) {
                unreadable.add(rendered.strip());
            }
        }

        BreachList list = BreachList.parse(file.toString());

        assertThat(list.userIds()).containsExactlyElementsOf(ids);
        assertThat(list.emails()).containsExactlyElementsOf(emails);
        assertThat(list.unreadableCount()).isEqualTo(unreadable.size());
        assertThat(list.unreadable()).containsExactlyElementsOf(unreadable.stream().limit(50).toList());
    }

    @Property(tries = 300)
    void anyTextEitherParsesOrIsRefusedInWords(@ForAll("anyText") String text) {
        try {
            BreachList list = BreachList.parse(text);
            assertThat(list.unreadable()).hasSizeLessThanOrEqualTo(BreachList.SHOWN_UNREADABLE);
            assertThat(list.unreadableCount()).isGreaterThanOrEqualTo(list.unreadable().size());
        } catch (BreachList.Unusable e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<List<List<Cell>>> lines() {
        return cell().list().ofMinSize(1).ofMaxSize(4).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of("\n", "\r\n"),
                Arbitraries.integers().between(0, 5)).as(Layout::new);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().withChars("ab@.,\"\r\n W0123\uFEFF\u00e9\t;").ofMaxLength(200);
    }

    private static Arbitrary<Cell> cell() {
        Arbitrary<String> userId = Arbitraries.strings().withChars("ABCDEFXYZ0123456789").ofMinLength(2).ofMaxLength(10)
                .flatMap(tail -> Arbitraries.of("U", "W").map(first -> first + tail));
        Arbitrary<String> email = Combinators.combine(Arbitraries.strings().withChars("abcXYZ.+_-1").ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("example.com", "Example.ORG", "sub.corp.io")).as((local, domain) -> local + "@" + domain);
        // Noise is anything that is neither, nor a header name (a first line of those would be a header).
        Arbitrary<String> noise = Arbitraries.strings().withChars("abc xyz,\"';:<>!\n\r\t-ÄéW0").ofMaxLength(15)
                .filter(s -> !Mrkdwn.isUserId(s.strip()) && !BreachList.isEmail(s.strip())
                        && !List.of("id", "email", "user_id").contains(s.strip().toLowerCase(Locale.ROOT)));
        Arbitrary<String> padded = Arbitraries.frequencyOf(
                Tuple.of(3, userId), Tuple.of(3, email), Tuple.of(2, noise));
        return Combinators.combine(padded, Arbitraries.of(true, false), Arbitraries.of("", " ", "  "))
                .as((text, quoted, pad) -> new Cell(quoted ? pad + text + pad : text, quoted));
    }
}
