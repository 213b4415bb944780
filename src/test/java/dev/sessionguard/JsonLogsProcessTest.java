package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LOG_FORMAT=json} in a real process, the way the jar runs. The test class path configures Logback from
 * {@code logback-test.xml}, so this also shows the switch works whichever file configured Logback.
 */
@Tag("slow")
class JsonLogsProcessTest {

    @TempDir
    Path dir;

    @Test
    void everyLineOnStdoutIsAJsonObjectWhenLogFormatIsJson() {
        try (FakeSlack slack = FakeSlack.start()) {
            int port = MainProcess.freePort();
            Map<String, String> env = new HashMap<>(TestApp.environment(slack));
            env.put(ServerSettings.PORT, String.valueOf(port));
            env.put(ServerSettings.LOG_FORMAT, "json");
            try (MainProcess p = MainProcess.launch(dir, "main", env)) {
                p.awaitReady(port, Duration.ofSeconds(20));
                // "ready" (Slack's start-up thread) and "listening" (the main thread, once the database is open) are
                // logged around the time /healthz turns 200, each on its own thread: wait for both.
                Await.until(Duration.ofSeconds(10), () -> p.stdout().contains("Session Guard is ready")
                        && p.stdout().contains("Session Guard listening on port"), "the ready and listening lines");

                List<String> lines = p.stdout().lines().filter(line -> !line.isBlank()).toList();
                assertThat(lines).isNotEmpty().allSatisfy(line -> {
                    JsonElement parsed = JsonParser.parseString(line);
                    assertThat(parsed.isJsonObject()).as("a JSON object: %s", line).isTrue();
                    assertThat(parsed.getAsJsonObject().has("level")).as("has a level: %s", line).isTrue();
                });
                assertThat(lines.stream().map(line -> JsonParser.parseString(line).getAsJsonObject()))
                        .anySatisfy(json -> assertThat(formatted(json)).startsWith("Session Guard listening on port " + port + ": token mode, HTTP, audit database sqlite file "));
                assertThat(p.stdout()).doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                        .doesNotContain(TestApp.SIGNING_SECRET);

                p.process().destroy(); // SIGTERM
                assertThat(p.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
            }
        }
    }

    private static String formatted(JsonObject json) {
        JsonElement message = json.get("formattedMessage");
        return message == null || message.isJsonNull() ? "" : message.getAsString();
    }
}
