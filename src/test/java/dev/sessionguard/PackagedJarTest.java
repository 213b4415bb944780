package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.JarProcess;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The packaged jar and its class archive, as the README runs them. {@code mvn verify} runs {@code *JarTest}s after
 * {@code package} (pom.xml: the {@code packaged-jar} execution), so these see what {@code package} built.
 */
@Tag("slow")
class PackagedJarTest {

    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final Path JAR = TARGET.resolve("session-guard.jar");
    /** README's run command: {@code java <options> -jar target/session-guard.jar}. */
    private static final Pattern RUN = Pattern.compile("&& java (.*) -jar target/session-guard\\.jar$", Pattern.MULTILINE);

    @Test
    void theRunnableJarStartsThroughTheLauncher() throws Exception {
        try (JarFile file = new JarFile(JAR.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                    .isEqualTo(Launcher.class.getName());
            assertThat(file.getEntry("dev/sessionguard/Main.class")).isNotNull();
        }
    }

    @Test
    void theReadmesRunCommandStartsTheJarWithTheClassArchiveTheBuildWrote(@TempDir Path dir) throws Exception {
        Matcher run = RUN.matcher(Files.readString(TARGET.resolveSibling("README.md")));
        assertThat(run.find()).as("README's run command").isTrue();
        List<String> options = new ArrayList<>();
        for (String option : Arrays.asList(run.group(1).trim().split("\\s+"))) {
            // The app runs in a temporary directory here: the archive's path, relative to the checkout, made absolute.
            options.add(option.replace("=target/", "=" + TARGET.toAbsolutePath() + "/"));
        }
        assertThat(options).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        assertThat(options).as("the options the benches run the jar with").isEqualTo(JarProcess.readmeOptions(JAR));
        // With -Xshare:on a JVM that can't map the archive (missing, stale, another JVM's) refuses to start at all.
        options.add("-Xshare:on");

        // sqlite-jdbc extracts its library into the temporary directory unless it loads the copy kept beside the jar.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        options.add("-Djava.io.tmpdir=" + tmp);

        // The app's default database, session-guard.db in its working directory: a first start.
        try (FakeSlack slack = Org.register(FakeSlack.start());
             JarProcess app = JarProcess.start(JAR, options, withoutDatabaseUrl(TestApp.environment(slack)), dir)) {
            assertThat(app.usage().threads()).isPositive();
            assertThat(app.logLines("shared archive")).isZero();
            try (var extracted = Files.list(tmp)) {
                assertThat(extracted.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("sqlitejdbc"));
            }
        }
        try (var kept = Files.walk(TARGET.resolve("session-guard-start"))) {
            assertThat(kept.map(p -> p.getFileName().toString())).contains(LibraryLoaderUtil.getNativeLibName());
        }
        // The start made no database of its own: its new one is the build's, Flyway's history and all.
        assertThat(installedOn(dir.resolve("session-guard.db")))
                .isEqualTo(installedOn(TARGET.resolve("session-guard-start/new-database-v" + Database.LATEST_MIGRATION + ".db")));
    }

    private static Map<String, String> withoutDatabaseUrl(Map<String, String> env) {
        Map<String, String> without = new HashMap<>(env);
        without.remove(ServerSettings.DATABASE_URL);
        return without;
    }

    /** When Flyway's history says each migration was applied: the same times mean the same database. */
    private static List<String> installedOn(Path sqlite) throws Exception {
        List<String> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
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
