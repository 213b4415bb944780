package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.sessionguard.build.StartFolderWriter;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewDatabaseTest {

    @TempDir
    Path dir;
    private Path folder;
    private Path template;

    @BeforeEach
    void prepareTheTemplate() throws Exception {
        folder = dir.resolve(StartFolder.NAME);
        template = StartFolderWriter.prepareNewDatabase(folder);
    }

    private static Secret url(Path file) {
        return new Secret("jdbc:sqlite:" + file);
    }

    /** Every table, index and trigger as SQLite stores its definition, and Flyway's history without its times. */
    private static List<String> schemaAndHistory(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Database db = Database.open(url(file)); Connection c = db.dataSource().getConnection()) {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT installed_rank, version, description, type,"
                    + " script, checksum, success FROM flyway_schema_history ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add("history " + rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getString(4) + " " + rs.getString(5) + " " + rs.getInt(6) + " " + rs.getBoolean(7));
                }
            }
        }
        return rows;
    }

    @Test
    void theTemplateIsAClosedDatabaseAtTheLatestMigrationAndNothingElseIsLeft() throws Exception {
        assertThat(template).isEqualTo(NewDatabase.templatePath(folder));
        assertThat(template.getFileName().toString()).isEqualTo("new-database-v" + Database.LATEST_MIGRATION + ".db");
        try (var left = Files.list(folder)) {
            assertThat(left).containsExactly(template);
        }
    }

    @Test
    void aCopyIsTheSameDatabaseFlywayMakesAndIsCurrentWhenOpened() throws Exception {
        Path migrated = dir.resolve("migrated.db");
        Database.open(url(migrated)).close();
        Path copied = dir.resolve("data").resolve("session-guard.db");
        Files.createDirectories(copied.getParent());

        assertThat(NewDatabase.fromTemplate(template, copied)).isTrue();

        assertThat(schemaAndHistory(copied)).isEqualTo(schemaAndHistory(migrated)).hasSizeGreaterThan(20);
        try (Database db = Database.open(url(copied))) {
            assertThat(Database.upToDate(db.dataSource())).isTrue();
            assertThat(new JdbcAuditStore(db, Clock.systemUTC()).verify().intact()).isTrue();
        }
        try (var left = Files.list(copied.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".new-"));
        }
    }

    @Test
    void anExistingDatabaseIsNeverReplaced() throws Exception {
        Path existing = dir.resolve("session-guard.db");
        Files.writeString(existing, "someone's database");

        assertThat(NewDatabase.fromTemplate(template, existing)).isFalse();

        assertThat(Files.readString(existing)).isEqualTo("someone's database");
    }

    @Test
    void aLeftoverWriteAheadLogOrJournalMeansNoCopy() throws Exception {
        for (String sidecar : List.of("-wal", "-journal")) {
            Path file = dir.resolve("with" + sidecar + ".db");
            Files.writeString(file.resolveSibling(file.getFileName() + sidecar), "left by a crash");

            assertThat(NewDatabase.fromTemplate(template, file)).as(sidecar).isFalse();
            assertThat(file).as(sidecar).doesNotExist();
        }
    }

    @Test
    void withoutATemplateOrAFolderForTheDatabaseNothingIsCreated() throws Exception {
        Path file = dir.resolve("session-guard.db");
        assertThat(NewDatabase.fromTemplate(dir.resolve("no-such-template.db"), file)).isFalse();
        assertThat(file).doesNotExist();

        Path nowhere = dir.resolve("missing-folder").resolve("session-guard.db");
        assertThat(NewDatabase.fromTemplate(template, nowhere)).isFalse();
        assertThat(nowhere.getParent()).doesNotExist();
    }

    @Test
    void testsRunFromClassFoldersSoTheyNeverTakeTheCopyOrTheKeptLibrary() {
        assertThat(StartFolder.besideTheJar()).isEmpty();
        assertThat(NewDatabase.fromTemplate(url(dir.resolve("fresh.db")), StartFolder.forThisStart())).isFalse();
        assertThat(dir.resolve("fresh.db")).doesNotExist();
    }

    @Test
    void theCopyIsItsOwnersOnlyWhileTheTemplateIsReadableByTheUserThatRunsTheJar() throws Exception {
        Path copied = dir.resolve("session-guard.db");

        assertThat(NewDatabase.fromTemplate(template, copied)).isTrue();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(template))).isEqualTo("rw-r--r--");
    }

    @Test
    void aTemplatePlantedInAFolderOthersCanWriteIsNotCopiedAndFlywayMakesTheDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + template)) {
            c.createStatement().executeUpdate("CREATE TABLE planted (note TEXT)");
        }
        StartFolder start = new StartFolder(folder, ProcessUser.uid());
        Path trusted = dir.resolve("trusted.db");
        assertThat(NewDatabase.fromTemplate(url(trusted), Optional.of(start))).as("the folder as the build left it")
                .isTrue();
        assertThat(tables(trusted)).contains("planted");

        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = dir.resolve("session-guard.db");
        assertThat(NewDatabase.fromTemplate(url(file), Optional.of(new StartFolder(folder, ProcessUser.uid()))))
                .isFalse();
        assertThat(file).doesNotExist();
        Database.open(url(file)).close();

        assertThat(tables(file)).contains("audit_chain_head").doesNotContain("planted");
        assertThat(installedOn(file)).as("Flyway's own history, not the template's").isNotEqualTo(installedOn(template));
    }

    @Test
    void aRestartDoesNotLookAtTheStartFolder() throws Exception {
        Path existing = dir.resolve("session-guard.db");
        Database.open(url(existing)).close();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (CapturedLogs logs = CapturedLogs.start()) {
            assertThat(NewDatabase.fromTemplate(url(existing), Optional.of(new StartFolder(folder, ProcessUser.uid()))))
                    .isFalse();
            assertThat(logs.from(StartFolder.class, Level.WARN)).isEmpty();
        }
    }

    private static List<String> tables(Path file) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static List<String> installedOn(Path file) throws Exception {
        List<String> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT installed_on FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                times.add(rs.getString(1));
            }
        }
        assertThat(times).hasSize(Database.LATEST_MIGRATION);
        return times;
    }
}
