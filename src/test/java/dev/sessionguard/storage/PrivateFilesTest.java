package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite database's files are their owner's only, whatever the umask: the trail, OAuth states, tokens. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Secret url(Path file) {
        return new Secret("jdbc:sqlite:" + file);
    }

    private static Path sidecar(Path db, String suffix) {
        return PrivateFiles.sidecar(db, suffix);
    }

    @Test
    void aNewDatabaseAndTheWriteAheadLogAndSharedMemorySqliteMakesBesideItAreTheOwnersOnly() throws Exception {
        // The process's own umask, as the app runs under it: a file created without a mode is readable by others.
        Path probe = Files.createFile(dir.resolve("probe"));
        assumeTrue(mode(probe).equals("rw-r--r--"), "this JVM's umask is not 022 (" + mode(probe) + ")");
        Path db = dir.resolve("audit.db");

        try (Database open = Database.open(url(db)); Connection c = open.dataSource().getConnection()) {
            c.createStatement().executeUpdate("INSERT INTO gtr_jti (jti_key, expires_ms) VALUES ('j', 0)");

            assertThat(sidecar(db, "-wal")).as("written in WAL mode").exists();
            assertThat(sidecar(db, "-shm")).exists();
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(sidecar(db, "-wal"))).isEqualTo("rw-------");
            assertThat(mode(sidecar(db, "-shm"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aDatabaseOthersCouldReadIsNarrowedWhenTheAppStartsSaidOnceInOneWarnLine() throws Exception {
        Path db = dir.resolve("audit.db");
        Database.open(url(db)).close();
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

        try (CapturedLogs logs = CapturedLogs.start()) {
            Database.open(url(db)).close();
            assertThat(mode(db)).as("the one-shot commands' open leaves it").isEqualTo("rw-r--r--");
            Files.writeString(sidecar(db, "-wal"), ""); // as a crash would leave it, made by an older version
            Files.setPosixFilePermissions(sidecar(db, "-wal"), PosixFilePermissions.fromString("rw-r--r--"));

            for (int start = 0; start < 2; start++) {
                Database app = Database.openInBackground(url(db));
                app.awaitOpen();
                app.close();
            }

            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(sidecar(db, "-wal")).doesNotExist(); // checkpointed and removed on close
            assertThat(logs.from(PrivateFiles.class, Level.WARN)).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("Made audit.db, audit.db-wal readable by its owner only: it was 0644, readable by other"
                            + " local users");
        }
    }

    @Test
    void anotherUsersDatabaseIsLeftAsItIs() throws Exception {
        Path db = Files.createFile(dir.resolve("theirs.db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        long owner = ((Number) Files.getAttribute(db, "unix:uid")).longValue();

        PrivateFiles.narrow(db, OptionalLong.of(owner + 1));

        assertThat(mode(db)).isEqualTo("rw-r--r--");
    }

    @Test
    void aReadOnlyOrReadWriteUrlCreatesNoFileWhereSqliteWouldNot() throws Exception {
        for (String mode : List.of("ro", "rw")) {
            Path db = dir.resolve("absent-" + mode + ".db");

            assertThatThrownBy(() -> Database.open(new Secret("jdbc:sqlite:file:" + db + "?mode=" + mode)))
                    .as(mode).isInstanceOf(IllegalStateException.class);

            assertThat(db).as(mode).doesNotExist();
        }
        Path created = dir.resolve("created.db");
        Database.open(new Secret("jdbc:sqlite:file:" + created + "?mode=rwc")).close();
        assertThat(mode(created)).isEqualTo("rw-------");
    }

    @Test
    void aLeftoverJournalWithoutItsDatabaseIsLeftToSqlite() throws Exception {
        Path db = dir.resolve("crashed.db");
        Files.writeString(sidecar(db, "-journal"), "left by a crash");

        PrivateFiles.createIfNew(db);

        assertThat(db).doesNotExist();
    }

    @Test
    void aNewFileIsCreatedEmptyAndTheOwnersOnly() throws Exception {
        Path db = dir.resolve("new.db");

        PrivateFiles.createIfNew(db);

        assertThat(db).isEmptyFile();
        assertThat(mode(db)).isEqualTo("rw-------");
    }
}
