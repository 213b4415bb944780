package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Test
    void keepingWritesTheJarsOwnLibraryUnderAPathNamingTheVersionAndPlatform(@TempDir Path root) throws Exception {
        assertThat(SqliteLibrary.keptCopy(root)).isEmpty();

        Path copy = SqliteLibrary.keep(root);

        assertThat(copy).isEqualTo(SqliteLibrary.copyPath(root));
        assertThat(root.relativize(copy).toString()).startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "/")
                .endsWith(LibraryLoaderUtil.getNativeLibName());
        assertThat(Files.readAllBytes(copy)).isEqualTo(packaged());
        assertThat(SqliteLibrary.keptCopy(root)).contains(copy);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .as("readable by the user that runs the jar, not only by the build's").isEqualTo("rw-r--r--");
        try (var left = Files.list(copy.getParent())) {
            assertThat(left).as("no temporary file left beside it").containsExactly(copy);
        }
    }

    @Test
    void keepingAgainLeavesAGoodCopyAndReplacesOneOfTheWrongSize(@TempDir Path root) throws Exception {
        Path copy = SqliteLibrary.keep(root);
        var written = Files.getLastModifiedTime(copy);

        assertThat(SqliteLibrary.keep(root)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).isEqualTo(written);

        Files.write(copy, new byte[] {1, 2, 3});
        SqliteLibrary.keep(root);
        assertThat(Files.readAllBytes(copy)).isEqualTo(packaged());
    }

    @Test
    void aCopyKeptByAnotherVersionOfSqliteJdbcIsNotTheOneLoaded(@TempDir Path root) throws Exception {
        Path thisVersion = root.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
        Path other = root.resolve("sqlite-jdbc-0.0.1")
                .resolve(thisVersion.relativize(SqliteLibrary.copyPath(root)));
        Files.createDirectories(other.getParent());
        Files.write(other, packaged());

        assertThat(SqliteLibrary.keptCopy(root)).isEmpty();
    }
}
