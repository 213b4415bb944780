package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healthcheck}, the container's HEALTHCHECK: 0 only while the app's /healthz answers 200. */
@Tag("slow")
class HealthCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void readyAppIsHealthy() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); TestApp app = TestApp.start(slack)) {
            assertThat(HealthCheck.run(app.port(), out)).isZero();
            assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("healthy");
        }
    }

    @Test
    void notReadyIsUnhealthy() throws IOException {
        // What /healthz answers before Slack accepted the bot token (a stub: an app that never gets ready
        // would make close() wait for its start-up retries).
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", exchange -> {
            byte[] body = "{\"status\":\"starting\",\"detail\":\"checking the bot token with Slack\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            assertThat(HealthCheck.run(server.getAddress().getPort(), out)).isEqualTo(1);
            assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("unhealthy: HTTP 503").contains("starting");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        assertThat(HealthCheck.run(MainProcess.freePort(), out)).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("unhealthy: nothing answered");
    }

    @Test
    void commandNeedsOnlyPortAndExitsZeroWhileTheAppIsReady() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); TestApp app = TestApp.start(slack)) {
            MainProcess.Finished run = healthcheck(Map.of("PORT", String.valueOf(app.port())));

            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            assertThat(run.out()).startsWith("healthy");
        }
    }

    @Test
    void commandExitsOneWhenNothingListens() {
        MainProcess.Finished run = healthcheck(Map.of("PORT", String.valueOf(MainProcess.freePort())));

        assertThat(run.exitCode()).isEqualTo(1);
    }

    private MainProcess.Finished healthcheck(Map<String, String> env) {
        try (MainProcess p = MainProcess.launch(dir, "healthcheck", env, "healthcheck")) {
            return p.finish(Duration.ofSeconds(30));
        }
    }
}
