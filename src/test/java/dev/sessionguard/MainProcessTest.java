package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main} as its own process, the way the jar runs: configuration errors, readiness, SIGTERM. */
class MainProcessTest {

    @TempDir
    Path dir;

    @Test
    void missingConfigurationExitsNonZeroNamingEveryMissingVariableWithoutAStackTrace() throws Exception {
        Process p = launch(Map.of("SLACK_BOT_TOKEN", "xoxb-test-SECRET-VALUE"));

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(p.exitValue()).isNotZero();
        assertThat(err).contains("SLACK_SIGNING_SECRET", "SLACK_ADMIN_TOKEN", "SESSION_GUARD_AUDIT_CHANNEL")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err.lines().count()).isEqualTo(1);
        assertThat(err + out).doesNotContain("SECRET-VALUE");
    }

    @Test
    void malformedTokenIsNamedButNeverPrinted() throws Exception {
        Process p = launch(Map.of(
                "SLACK_SIGNING_SECRET", "s3cr3t-signing",
                "SLACK_BOT_TOKEN", "xoxp-pasted-in-the-wrong-place",
                "SLACK_ADMIN_TOKEN", "xoxp-test-admin",
                "SESSION_GUARD_AUDIT_CHANNEL", "C0000AUDIT"));

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(p.exitValue()).isNotZero();
        assertThat(err).contains("SLACK_BOT_TOKEN must be a bot token").doesNotContain("pasted-in-the-wrong-place")
                .doesNotContain("s3cr3t-signing");
    }

    @Test
    void startsReadyAndStopsCleanlyOnSigterm() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            int port = freePort();
            Map<String, String> env = new java.util.HashMap<>(TestApp.environment(slack));
            env.put("PORT", String.valueOf(port));
            Process p = launch(env);
            try {
                Await.until(Duration.ofSeconds(20), () -> healthStatus(port) == 200, "the process to report ready");

                p.destroy(); // SIGTERM

                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isIn(0, 143);
                String logs = Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
                assertThat(logs).contains("listening on port " + port)
                        .doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                        .doesNotContain(TestApp.SIGNING_SECRET);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private Process launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        pb.directory(dir.toFile());
        return pb.start();
    }

    private static int healthStatus(int port) {
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
