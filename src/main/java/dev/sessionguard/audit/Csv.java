package dev.sessionguard.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV as the audit trail hands it out: RFC 4180, and no cell a spreadsheet would run as a formula. */
public final class Csv {

    /**
     * What a spreadsheet takes for the start of a formula: OWASP's CSV-injection list (= + - @ tab CR) and NUL
     * (ASVS 1.2.10). A cell starting with one gets a leading {@code '} in the CSV, so it opens as text.
     */
    private static final String FORMULA_STARTS = "=+-@\t\r\0";

    private Csv() {
    }

    /** The cell as a spreadsheet should show it; the JSONL export keeps the exact text, which is what is hashed. */
    public static String cell(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return !s.isEmpty() && FORMULA_STARTS.indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    /** A whole small file in memory, each cell made safe with {@link #cell}. */
    public static String of(String[] header, List<List<?>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get())) {
            for (List<?> row : rows) {
                csv.printRecord(row.stream().map(Csv::cell).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
