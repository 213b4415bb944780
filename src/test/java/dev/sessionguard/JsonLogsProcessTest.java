package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.config.Settings;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LOG_FORMAT=json} in a real process, the way the jar runs. The test class path configures Logback from
 * {@code logback-test.xml}, so this also shows the switch works whichever file configured Logback.
 */
class JsonLogsProcessTest {

    @TempDir
    Path dir;

    @Test
    void everyLineOnStdoutIsAJsonObjectWhenLogFormatIsJson() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            int port = freePort();
            Map<String, String> env = new HashMap<>(TestApp.environment(slack));
            env.put(Settings.PORT, String.valueOf(port));
            env.put(Settings.LOG_FORMAT, "json");
            Process p = launch(env);
            try {
                Await.until(Duration.ofSeconds(20), () -> healthStatus(port) == 200, "the process to report ready");
                // "ready" is logged just after /healthz turns 200.
                Await.until(Duration.ofSeconds(10), () -> stdout().contains("Session Guard is ready"),
                        "the ready line on stdout");

                List<String> lines = stdout().lines().filter(line -> !line.isBlank()).toList();
                assertThat(lines).isNotEmpty().allSatisfy(line -> {
                    JsonElement parsed = JsonParser.parseString(line);
                    assertThat(parsed.isJsonObject()).as("a JSON object: %s", line).isTrue();
                    assertThat(parsed.getAsJsonObject().has("level")).as("has a level: %s", line).isTrue();
                });
                assertThat(lines.stream().map(line -> JsonParser.parseString(line).getAsJsonObject()))
                        .anySatisfy(json -> assertThat(formatted(json)).isEqualTo("Session Guard listening on port " + port));
                assertThat(stdout()).doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                        .doesNotContain(TestApp.SIGNING_SECRET);

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isIn(0, 143);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static String formatted(JsonObject json) {
        JsonElement message = json.get("formattedMessage");
        return message == null || message.isJsonNull() ? "" : message.getAsString();
    }

    private String stdout() {
        try {
            return Files.readString(dir.resolve("out.txt"));
        } catch (IOException e) {
            return "";
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
