package dev.sessionguard.audit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code audit verify} and {@code audit export}: read-only commands on the stored trail. */
public final class AuditCommands {

    public static final String USAGE = String.join("\n",
            "Usage:",
            "  java -jar session-guard.jar audit verify",
            "  java -jar session-guard.jar audit export [--since 2026-01-01] [--format csv|jsonl]");

    /** Exit code when the trail cannot be read at all (database unreachable, migration failed). */
    public static final int UNREADABLE = 3;

    private static final String[] CSV_HEADER = {"seq", "at", "actor_id", "action", "outcome", "scope", "reason",
        "detail", "targets", "prev_hash", "hash"};

    private AuditCommands() {
    }

    /** Returns the process exit code: 0 fine, 1 the chain is broken, 2 usage ({@link #UNREADABLE} is Main's). */
    public static int run(String[] args, AuditStore store, PrintStream out, PrintStream err) {
        if (args.length >= 1 && args[0].equals("verify") && args.length == 1) {
            return verify(store, out);
        }
        if (args.length >= 1 && args[0].equals("export")) {
            return export(args, store, out, err);
        }
        err.println(USAGE);
        return 2;
    }

    static int verify(AuditStore store, PrintStream out) {
        AuditStore.Verification v = store.verify();
        if (v.intact()) {
            out.println("Audit chain intact: " + v.records() + " records"
                    + (v.records() > 0 ? ", head sha256 " + v.headHash() : "") + ".");
            return 0;
        }
        out.println("Audit chain BROKEN at record #" + v.brokenAt() + ": " + v.problem() + ". "
                + v.records() + " records before it check out.");
        return 1;
    }

    static int export(String[] args, AuditStore store, PrintStream stdout, PrintStream err) {
        Instant since = Instant.EPOCH;
        String format = "jsonl";
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--since" -> {
                    since = parseSince(value);
                    if (since == null) {
                        err.println("--since takes a date such as 2026-01-01 or an instant such as 2026-01-01T12:00:00Z");
                        return 2;
                    }
                    i++;
                }
                case "--format" -> {
                    if (!"csv".equals(value) && !"jsonl".equals(value)) {
                        err.println("--format takes csv or jsonl");
                        return 2;
                    }
                    format = value;
                    i++;
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        // UTF-8 whatever the locale: under cron or in a bare container Java's default is ASCII, which would turn
        // every non-ASCII letter into '?' and leave those records unverifiable from the export.
        PrintStream out = new PrintStream(stdout, false, StandardCharsets.UTF_8);
        if (format.equals("csv")) {
            writeCsv(store, since, out);
        } else {
            store.export(since, r -> out.println(jsonLine(r)));
        }
        out.flush();
        return 0;
    }

    private static Instant parseSince(String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The canonical record as stored (what the hash covers), with its place in the chain. */
    static String jsonLine(AuditStore.StoredRecord r) {
        JsonObject line = new JsonObject();
        line.addProperty("seq", r.seq());
        line.add("record", JsonParser.parseString(AuditCodec.canonical(r.record())));
        line.addProperty("prev_hash", r.prevHash());
        line.addProperty("hash", r.hash());
        return line.toString();
    }

    private static void writeCsv(AuditStore store, Instant since, PrintStream out) {
        try {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get());
            store.export(since, r -> {
                AuditRecord a = r.record();
                String targets = a.targets().stream()
                        .map(t -> t.userId() + ":" + t.status() + (t.errorCode() == null ? "" : "(" + t.errorCode() + ")"))
                        .collect(Collectors.joining(" "));
                try {
                    csv.printRecord(Stream.of(r.seq(), a.at(), a.actorId(), a.action(), a.outcome(), a.scope(),
                            a.reason(), a.detail(), targets, r.prevHash(), r.hash()).map(Csv::cell));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
