package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sessionguard.build.StartFolderWriter;
import dev.sessionguard.support.CapturedLogs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteLibraryTest {

    private static byte[] packaged() throws Exception {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(in).as("sqlite-jdbc's library for this platform").isNotNull();
            return in.readAllBytes();
        }
    }

    /** The start folder beside a jar in {@code jarFolder}, a folder of the test's own (0700). */
    private static StartFolder startFolder(Path jarFolder) {
        return new StartFolder(jarFolder.resolve(StartFolder.NAME), ProcessUser.uid());
    }

    @Test
    void keepingWritesTheJarsOwnLibraryUnderAPathNamingTheVersionAndPlatform(@TempDir Path jarFolder) throws Exception {
        Path root = jarFolder.resolve(StartFolder.NAME);
        assertThat(SqliteLibrary.keptCopy(startFolder(jarFolder))).isEmpty();

        Path copy = StartFolderWriter.keepSqliteLibrary(root);

        assertThat(copy).isEqualTo(SqliteLibrary.copyPath(root));
        assertThat(root.relativize(copy).toString()).startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "/")
                .endsWith(LibraryLoaderUtil.getNativeLibName());
        assertThat(Files.readAllBytes(copy)).isEqualTo(packaged());
        assertThat(SqliteLibrary.keptCopy(startFolder(jarFolder))).contains(copy);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .as("readable by the user that runs the jar, not only by the build's").isEqualTo("rw-r--r--");
        try (var left = Files.list(copy.getParent())) {
            assertThat(left).as("no temporary file left beside it").containsExactly(copy);
        }
    }

    @Test
    void keepingAgainLeavesAGoodCopyAndReplacesOneOfTheWrongSize(@TempDir Path root) throws Exception {
        Path copy = StartFolderWriter.keepSqliteLibrary(root);
        var written = Files.getLastModifiedTime(copy);

        assertThat(StartFolderWriter.keepSqliteLibrary(root)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).isEqualTo(written);

        Files.write(copy, new byte[] {1, 2, 3});
        StartFolderWriter.keepSqliteLibrary(root);
        assertThat(Files.readAllBytes(copy)).isEqualTo(packaged());
    }

    @Test
    void aCopyKeptByAnotherVersionOfSqliteJdbcIsNotTheOneLoaded(@TempDir Path jarFolder) throws Exception {
        Path root = jarFolder.resolve(StartFolder.NAME);
        Path thisVersion = root.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
        Path other = root.resolve("sqlite-jdbc-0.0.1")
                .resolve(thisVersion.relativize(SqliteLibrary.copyPath(root)));
        Files.createDirectories(other.getParent());
        Files.write(other, packaged());

        assertThat(SqliteLibrary.keptCopy(startFolder(jarFolder))).isEmpty();
    }

    @Test
    void aLibraryPlantedInAFolderOthersCanWriteIsNeverSetAsSqliteJdbcsLibraryPath(@TempDir Path jarFolder)
            throws Exception {
        Path root = jarFolder.resolve(StartFolder.NAME);
        Path planted = StartFolderWriter.keepSqliteLibrary(root); // what another local user would put there, the same name and all
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(System.getProperty("org.sqlite.lib.path")).as("no library path set before").isNull();
        try (CapturedLogs logs = CapturedLogs.start()) {
            SqliteLibrary.useKeptCopy(Optional.of(startFolder(jarFolder)));

            assertThat(System.getProperty("org.sqlite.lib.path")).isNull();
            assertThat(System.getProperty("org.sqlite.lib.name")).isNull();
            assertThat(logs.from(StartFolder.class, Level.WARN)).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).isEqualTo("Not using session-guard-start/ ("
                            + root + " is writable by others): starting without it");
        } finally {
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
        }
        assertThat(planted).exists();
    }
}
