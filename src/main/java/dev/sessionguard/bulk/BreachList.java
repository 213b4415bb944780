package dev.sessionguard.bulk;

import dev.sessionguard.text.Mrkdwn;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The people a breach list names: an identity provider's export, a SIEM query, a cookie-dump notice. Pure: text in,
 * entries out; nothing is looked up.
 *
 * <p>The text is CSV (RFC 4180: quoted cells, CRLF or LF, a UTF-8 BOM), and plain text with one entry a line or
 * comma-separated is the same thing. When the first row is a header naming a column {@code email}, {@code user_id}
 * or {@code id} (any case), only those columns are read; otherwise every cell that is an email or a user ID counts.
 * A line that names nobody is unreadable, and the preview lists it.
 *
 * @param userIds         each once, in the file's order
 * @param emails          lower-cased (Slack matches emails case-insensitively), each once, in the file's order
 * @param unreadable      the first {@value #SHOWN_UNREADABLE} unreadable lines, stripped, each once, in order
 * @param unreadableCount every distinct unreadable line, those in {@code unreadable} included
 */
public record BreachList(List<String> userIds, List<String> emails, List<String> unreadable, int unreadableCount) {

    /** Past this many lines (not counting a header or blank lines) a file is refused whole. */
    public static final int MAX_LINES = 100_000;
    /** No file at all. */
    public static final BreachList NONE = new BreachList(List.of(), List.of(), List.of(), 0);
    /** The preview lists this many unreadable lines by content, and the rest as a count. */
    public static final int SHOWN_UNREADABLE = 50;

    // Loose on purpose: Slack is the judge of whether an address exists; this only tells an email from noise.
    static final Pattern EMAIL = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+");

    private static final Set<String> HEADER_NAMES = Set.of("email", "user_id", "id");
    private static final char BOM = '\uFEFF';
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    public BreachList {
        userIds = List.copyOf(userIds);
        emails = List.copyOf(emails);
        unreadable = List.copyOf(unreadable);
    }

    public static boolean isEmail(String value) {
        return value != null && EMAIL.matcher(value).matches();
    }

    /** The unreadable lines the preview counts but does not list. */
    public int unreadableNotShown() {
        return unreadableCount - unreadable.size();
    }

    /**
     * Two files' lists as one, for a form with several uploads: entries each once in order. Unreadable lines are
     * listed once, but {@code unreadableCount} adds up the files' own counts: a line unreadable in two files that
     * is not among the first listed is counted twice.
     */
    public BreachList plus(BreachList other) {
        Set<String> ids = new LinkedHashSet<>(userIds);
        ids.addAll(other.userIds);
        Set<String> mails = new LinkedHashSet<>(emails);
        mails.addAll(other.emails);
        Set<String> shown = new LinkedHashSet<>(unreadable);
        int duplicates = 0;
        for (String line : other.unreadable) {
            duplicates += shown.add(line) ? 0 : 1;
        }
        List<String> listed = shown.stream().limit(SHOWN_UNREADABLE).toList();
        return new BreachList(List.copyOf(ids), List.copyOf(mails), listed,
                unreadableCount + other.unreadableCount - duplicates);
    }

    /** Nobody named and nothing unreadable: an empty file, or only a header. */
    public boolean isEmpty() {
        return userIds.isEmpty() && emails.isEmpty() && unreadableCount == 0;
    }

    /**
     * @throws Unusable when the file can't be taken as a whole (too many lines, a quote never closed): a part of a
     *                  breach list is worse than none, because nobody would notice who was missed
     */
    public static BreachList parse(String text) {
        String body = !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        Collector out = new Collector(body);
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(body)).setFormat(FORMAT).get()) {
            try {
                for (CSVRecord record : parser) {
                    out.add(record);
                }
            } catch (UncheckedIOException e) {
                throw new Unusable("line " + BulkWords.number(Math.max(1, parser.getCurrentLineNumber()))
                        + " is not valid CSV (a quote that is never closed, or text right after a closing quote)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader doesn't fail
        }
        return out.finish();
    }

    /** Why a whole file is refused, as a clause an admin reads after "could not be read: ". */
    public static final class Unusable extends RuntimeException {
        public Unusable(String words) {
            super(words, null, false, false);
        }
    }

    /** One pass over the records; a line's text is only known when the next one starts, hence {@code pending}. */
    private static final class Collector {
        private final String text;
        private final Set<String> userIds = new LinkedHashSet<>();
        private final Set<String> emails = new LinkedHashSet<>();
        private final Set<String> unreadable = new HashSet<>();
        private final List<String> shown = new ArrayList<>();
        private List<Integer> columns;
        private boolean first = true;
        private int lines;
        private long pending = -1;

        Collector(String text) {
            this.text = text;
        }

        void add(CSVRecord record) {
            settlePending(record.getCharacterPosition());
            if (isBlank(record)) {
                return;
            }
            if (first) {
                first = false;
                columns = headerColumns(record);
                if (columns != null) {
                    return;
                }
            }
            if (++lines > MAX_LINES) {
                throw new Unusable("it has more than " + BulkWords.number(MAX_LINES)
                        + " lines; split it into files of at most " + BulkWords.number(MAX_LINES) + " lines");
            }
            boolean named = false;
            for (int i = 0; i < record.size(); i++) {
                if (columns == null || columns.contains(i)) {
                    named |= take(record.get(i).strip());
                }
            }
            if (!named) {
                pending = record.getCharacterPosition();
            }
        }

        BreachList finish() {
            settlePending(text.length());
            return new BreachList(List.copyOf(userIds), List.copyOf(emails), shown, unreadable.size());
        }

        private boolean take(String cell) {
            if (Mrkdwn.isUserId(cell)) {
                userIds.add(cell);
                return true;
            }
            if (isEmail(cell)) {
                emails.add(cell.toLowerCase(Locale.ROOT));
                return true;
            }
            return false;
        }

        private void settlePending(long next) {
            if (pending < 0) {
                return;
            }
            String line = text.substring((int) pending, (int) Math.min(next, text.length())).strip();
            pending = -1;
            if (unreadable.add(line) && shown.size() < SHOWN_UNREADABLE) {
                shown.add(line);
            }
        }

        /** The indexes of the columns to read, or null when the first row is data. */
        private static List<Integer> headerColumns(CSVRecord record) {
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < record.size(); i++) {
                if (HEADER_NAMES.contains(record.get(i).strip().toLowerCase(Locale.ROOT))) {
                    found.add(i);
                }
            }
            return found.isEmpty() ? null : List.copyOf(found);
        }

        private static boolean isBlank(CSVRecord record) {
            for (String cell : record) {
                if (!cell.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }
}
