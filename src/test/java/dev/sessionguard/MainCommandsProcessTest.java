package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.SlackSettings;
import dev.sessionguard.support.MainProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's commands as their own process with an empty environment: help, a wrong command, audit on no database. */
@Tag("slow")
class MainCommandsProcessTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help", "-h"})
    void helpListsEveryCommandAndWhatItNeedsWithNoVariableSet(String argument) {
        MainProcess.Finished run = MainProcess.run(dir, "help", Map.of(), argument);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out()).contains("  run ", "  doctor ", "  audit verify ", "  audit export ", "  healthcheck ",
                "  help, --help ");
        assertThat(run.out()).contains(GuardSettings.AUDIT_CHANNEL, SlackSettings.SIGNING_SECRET, SlackSettings.APP_TOKEN,
                SlackSettings.BOT_TOKEN, SlackSettings.ADMIN_TOKEN, OAuthSettings.CLIENT_ID, OAuthSettings.CLIENT_SECRET,
                OAuthSettings.ENCRYPTION_KEY, ServerSettings.DATABASE_URL, ServerSettings.PORT);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anUnknownCommandPointsToHelp() {
        MainProcess.Finished run = MainProcess.run(dir, "unknown", Map.of(), "verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown command verify").contains("--help")
                .doesNotContain("Missing required environment variable");
    }

    @Test
    void runTakesNoArgumentsAndSaysWhereToLook() {
        MainProcess.Finished run = MainProcess.run(dir, "run", Map.of(), "run", "--port", "3000");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        assertThat(run.err()).contains("run takes no arguments").contains("--help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify", "export"})
    void auditOnTheDefaultDatabaseThatIsNotThereNamesItAndCreatesNothing(String subcommand) throws IOException {
        MainProcess.Finished run = MainProcess.run(dir, "audit", Map.of(), "audit", subcommand);

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.err()).contains("No audit database at " + dir.toRealPath().resolve("session-guard.db"))
                .contains("DATABASE_URL is not set");
        assertThat(databaseFiles()).isEmpty();
    }

    @Test
    void auditOnANamedSqliteFileThatIsNotThereNamesItAndCreatesNothing() throws IOException {
        Path file = dir.resolve("elsewhere").resolve("audit.db");
        Files.createDirectories(file.getParent());

        MainProcess.Finished run = MainProcess.run(dir, "audit",
                Map.of(ServerSettings.DATABASE_URL, "jdbc:sqlite:" + file), "audit", "verify");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.err()).contains("No audit database at " + file);
        assertThat(run.out()).doesNotContain("intact");
        assertThat(Files.exists(file)).isFalse();
        assertThat(databaseFiles()).isEmpty();
    }

    private Stream<Path> databaseFilesStream() throws IOException {
        return Files.walk(dir).filter(p -> p.getFileName().toString().contains(".db"));
    }

    private java.util.List<Path> databaseFiles() throws IOException {
        try (Stream<Path> files = databaseFilesStream()) {
            return files.toList();
        }
    }
}
