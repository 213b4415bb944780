package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.JarProcess;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.TestApp;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The packaged jar run from a world-writable sticky folder, as {@code /tmp} is, where another local user created
 * {@code session-guard-start/} before the operator's first start: nothing planted there is used. Runs after
 * {@code package}, as {@link PackagedJarTest} does.
 */
@Tag("slow")
class StartFolderJarTest {

    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final String TEMPLATE = "new-database-v" + Database.LATEST_MIGRATION + ".db";
    private static final int NOBODY = 65534;

    @Test
    void aStartFolderPlantedBesideAJarInAStickyWorldWritableFolderIsIgnoredWithOneWarning(@TempDir Path dir)
            throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Path jar = Files.copy(TARGET.resolve("session-guard.jar"), shared.resolve("session-guard.jar"));
        Path planted = Files.createDirectories(shared.resolve("session-guard-start"));
        Path template = Files.copy(TARGET.resolve("session-guard-start").resolve(TEMPLATE), planted.resolve(TEMPLATE));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + template)) {
            c.createStatement().executeUpdate("CREATE TABLE planted (note TEXT)");
        }
        Path keptLibrary;
        try (Stream<Path> kept = Files.walk(TARGET.resolve("session-guard-start"))) {
            keptLibrary = kept.filter(p -> p.getFileName().toString().equals(LibraryLoaderUtil.getNativeLibName()))
                    .findFirst().orElseThrow();
        }
        Path library = planted.resolve(TARGET.resolve("session-guard-start").relativize(keptLibrary));
        Files.createDirectories(library.getParent());
        Files.writeString(library, "not a library: loading it would fail the start");
        if (isRoot()) {
            // As another local user would have left them.
            try (Stream<Path> all = Files.walk(planted)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));

        try (FakeSlack slack = Org.register(FakeSlack.start());
             JarProcess app = JarProcess.start(jar, List.of("-Djava.io.tmpdir=" + tmp),
                     withoutDatabaseUrl(TestApp.environment(slack)), work)) {
            assertThat(app.logLines("Not using session-guard-start/ (" + shared + " is writable by others)"))
                    .isEqualTo(1);
            assertThat(app.logLines("Not using session-guard-start/")).isEqualTo(1);
            try (Stream<Path> extracted = Files.list(tmp)) {
                assertThat(extracted.map(p -> p.getFileName().toString()))
                        .as("sqlite-jdbc's own extraction").anyMatch(n -> n.contains("sqlitejdbc"));
            }
            Path db = work.resolve("session-guard.db");
            for (String file : List.of("session-guard.db", "session-guard.db-wal", "session-guard.db-shm")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(file))))
                        .as(file).isEqualTo("rw-------");
            }
            assertThat(tables(db)).contains("audit_chain_head").doesNotContain("planted");
        }
    }

    private static boolean isRoot() throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    private static Map<String, String> withoutDatabaseUrl(Map<String, String> env) {
        Map<String, String> without = new HashMap<>(env);
        without.remove(ServerSettings.DATABASE_URL);
        return without;
    }

    private static List<String> tables(Path sqlite) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
