package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.sessionguard.config.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CI can't run Docker here, so the Dockerfile is read as text: two stages, the jar Maven really builds copied to
 * where the ENTRYPOINT runs it, an unprivileged user, a HEALTHCHECK without curl, and no downloads but Maven's.
 */
class DockerfileTest {

    /** Anything that fetches from outside Maven Central. */
    private static final Pattern DOWNLOADER = Pattern.compile(
            "\\b(curl|wget|apt-get|apt|apk|yum|dnf|microdnf|pip3?|npm|gem|git)\\b");

    private static Path root;
    private static List<Instruction> all;
    private static List<Instruction> build;
    private static List<Instruction> runtime;

    /** One instruction, continuation lines joined; {@code stage} counts FROMs from 0. */
    record Instruction(int stage, String keyword, String args) {
    }

    @BeforeAll
    static void parse() throws IOException {
        // Surefire runs with the module directory as basedir; the Dockerfile lives beside pom.xml.
        root = Path.of(System.getProperty("basedir", "."));
        all = instructions(Files.readAllLines(root.resolve("Dockerfile")));
        build = all.stream().filter(i -> i.stage() == 0).toList();
        runtime = all.stream().filter(i -> i.stage() == 1).toList();
    }

    @Test
    void buildsInAMavenStageAndRunsOnAJre() {
        List<Instruction> froms = of(all, "FROM");

        assertThat(froms).hasSize(2);
        assertThat(froms.get(0).args()).startsWith("maven:").containsIgnoringCase("temurin-17").endsWith(" AS build");
        assertThat(froms.get(1).args()).startsWith("eclipse-temurin:17-jre");
        assertThat(of(build, "RUN")).anySatisfy(run -> assertThat(run.args()).startsWith("mvn ").contains(" package"));
    }

    @Test
    void copiesTheJarMavenBuildsAndTheEntrypointRunsIt() throws IOException {
        String buildDir = last(build, "WORKDIR").args();
        String built = buildDir + "/" + pomRunnableJar();

        Instruction copy = of(runtime, "COPY").stream().filter(c -> c.args().startsWith("--from=build ")).findFirst()
                .orElseThrow(() -> new AssertionError("no COPY --from=build"));
        String[] parts = copy.args().substring("--from=build ".length()).trim().split("\\s+");
        assertThat(parts).as("COPY --from=build <source> <destination>").hasSize(2);
        assertThat(parts[0]).isEqualTo(built);
        String jar = absolute(parts[1], last(runtime, "WORKDIR").args());

        List<String> entrypoint = execForm(last(runtime, "ENTRYPOINT").args());
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(jarOf(entrypoint)).isEqualTo(jar);
    }

    @Test
    void runsAsAnUnprivilegedUserSetBeforeTheEntrypoint() {
        int user = runtime.indexOf(last(runtime, "USER"));
        int entrypoint = runtime.indexOf(last(runtime, "ENTRYPOINT"));
        String who = runtime.get(user).args().split(":")[0];

        assertThat(user).isLessThan(entrypoint);
        assertThat(who).isNotIn("root", "0").isNotBlank();
        // The user exists in the image, with the same id, and owns the data directory.
        String setup = String.join(" && ", of(runtime, "RUN").stream().map(Instruction::args).toList());
        assertThat(setup).contains("useradd").containsPattern("--uid " + who + "\\b").contains("chown " + who);
    }

    @Test
    void defaultDatabaseIsOnTheWritableDataVolume() {
        String env = String.join(" ", of(runtime, "ENV").stream().map(Instruction::args).toList());

        assertThat(env).contains("DATABASE_URL=jdbc:sqlite:/data/");
        assertThat(of(runtime, "VOLUME")).anySatisfy(v -> assertThat(v.args()).contains("/data"));
        assertThat(String.join(" ", of(runtime, "RUN").stream().map(Instruction::args).toList()))
                .contains("mkdir -p /data").containsPattern("chown \\S+ /data");
    }

    @Test
    void exposesTheDefaultPort() {
        int defaultPort = ServerSettings.portFrom(Map.of());

        assertThat(last(runtime, "EXPOSE").args()).isEqualTo(String.valueOf(defaultPort));
    }

    @Test
    void healthcheckUsesTheAppsOwnCheckNotCurl() {
        String healthcheck = last(runtime, "HEALTHCHECK").args();
        String jar = jarOf(execForm(last(runtime, "ENTRYPOINT").args()));

        assertThat(healthcheck).contains("CMD");
        List<String> command = execForm(healthcheck.substring(healthcheck.indexOf("CMD") + 3));
        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command).containsSubsequence("-jar", jar, "healthcheck");
        assertThat(DOWNLOADER.matcher(healthcheck).find()).as("curl or wget in %s", healthcheck).isFalse();
    }

    @Test
    void noRunStepDownloadsAnythingButMavensOwnDependencies() {
        assertThat(of(all, "RUN")).isNotEmpty().allSatisfy(run ->
                assertThat(DOWNLOADER.matcher(run.args()).find()).as("a download in RUN %s", run.args()).isFalse());
        assertThat(of(all, "ADD")).as("ADD can fetch URLs; use COPY").isEmpty();
    }

    @Test
    void dockerignoreKeepsBuildOutputGitAndDatabasesOut() throws IOException {
        List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(ignored).contains("target/", ".git", "*.db");
    }

    // ------------------------------------------------------------------ a small Dockerfile reader

    static List<Instruction> instructions(List<String> lines) {
        List<Instruction> out = new ArrayList<>();
        int stage = -1;
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String text = current.toString().strip();
                current.setLength(0);
                int space = text.indexOf(' ');
                String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase();
                String args = space < 0 ? "" : text.substring(space + 1).replaceAll("\\s+", " ").strip();
                if (keyword.equals("FROM")) {
                    stage++;
                }
                out.add(new Instruction(stage, keyword, args));
            }
        }
        return out;
    }

    private static List<Instruction> of(List<Instruction> in, String keyword) {
        return in.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static Instruction last(List<Instruction> in, String keyword) {
        List<Instruction> found = of(in, keyword);
        assertThat(found).as("a %s instruction", keyword).isNotEmpty();
        return found.get(found.size() - 1);
    }

    /** The JSON array of an exec-form ENTRYPOINT or CMD; the shell form is refused (it hides signals). */
    private static List<String> execForm(String args) {
        String json = args.strip();
        assertThat(json).as("exec form [\"…\"]").startsWith("[");
        JsonArray array = JsonParser.parseString(json).getAsJsonArray();
        return StreamSupport.stream(array.spliterator(), false).map(e -> e.getAsString()).toList();
    }

    /** The argument after {@code -jar}. */
    private static String jarOf(List<String> command) {
        int at = command.indexOf("-jar");
        assertThat(at).as("-jar in %s", command).isNotNegative().isLessThan(command.size() - 1);
        return command.get(at + 1);
    }

    private static String absolute(String path, String workdir) {
        return path.startsWith("/") ? path : workdir + "/" + path;
    }

    /** The runnable jar is maven-shade-plugin's outputFile (the main artifact is the thin jar). */
    private static String pomRunnableJar() throws IOException {
        Matcher m = Pattern.compile("<outputFile>([^<]+)</outputFile>").matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(m.find()).as("maven-shade-plugin's <outputFile> in pom.xml").isTrue();
        return m.group(1).strip().replace("${project.build.directory}", "target");
    }
}
