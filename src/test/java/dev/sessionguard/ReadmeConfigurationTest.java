package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.IncidentSettings;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.config.SlackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md's Configuration table documents every environment variable the app reads. */
class ReadmeConfigurationTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."));
    private static final Pattern NAME_IN_BACKTICKS = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    /** How a variable's name looks as a literal in Settings' source. */
    private static final Pattern VARIABLE_LITERAL =
            Pattern.compile("\"((?:SLACK|SESSION_GUARD)_[A-Z0-9_]+|DATABASE_URL|PORT|LOG_FORMAT)\"");

    @Test
    void everyVariableSettingsReadsHasARowInTheConfigurationTable() throws IOException {
        assertThat(documented()).containsAll(Settings.variables());
    }

    @Test
    void theTableNamesNoVariableTheAppDoesNotRead() throws IOException {
        assertThat(Settings.variables()).containsAll(documented());
    }

    @Test
    void everyVariableNamedInTheConfigSourcesIsInItsList() throws IOException {
        Set<String> literals = new LinkedHashSet<>();
        try (var sources = Files.list(ROOT.resolve("src/main/java/dev/sessionguard/config"))) {
            for (Path file : sources.toList()) {
                Matcher m = VARIABLE_LITERAL.matcher(Files.readString(file));
                while (m.find()) {
                    literals.add(m.group(1));
                }
            }
        }

        assertThat(literals).as("variable names in config/*.java").contains(SlackSettings.SIGNING_SECRET,
                GtrSettings.GTR_ISSUER, OAuthSettings.CLIENT_ID, IncidentSettings.DIRECTORY_SYNC_HOURS);
        assertThat(Settings.variables()).containsAll(literals);
    }

    @Test
    void theListIsWhatTheAppReads() {
        assertThat(Settings.variables()).contains(SlackSettings.SIGNING_SECRET, SlackSettings.APP_TOKEN, ServerSettings.DATABASE_URL,
                ServerSettings.PORT, ServerSettings.LOG_FORMAT, GuardSettings.ADMIN_CACHE_SECONDS)
                .doesNotContain(SlackSettings.DEFAULT_API_URL, ServerSettings.DEFAULT_DATABASE_URL);
    }

    /** The names in the first column of the table under "## Configuration". */
    private static Set<String> documented() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("a \"## Configuration\" section in README.md").isNotNegative();
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `")) {
                Matcher m = NAME_IN_BACKTICKS.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).as("variables in the Configuration table").isNotEmpty();
        return names;
    }
}
