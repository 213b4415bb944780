package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healthcheck}, the container's HEALTHCHECK: 0 only while the app's /healthz answers 200. */
class HealthCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void readyAppIsHealthy() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); TestApp app = TestApp.start(slack)) {
            int port = Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1));

            assertThat(HealthCheck.run(port, out)).isZero();
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
        assertThat(HealthCheck.run(freePort(), out)).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("unhealthy: nothing answered");
    }

    @Test
    void commandNeedsOnlyPortAndExitsZeroWhileTheAppIsReady() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); TestApp app = TestApp.start(slack)) {
            String port = app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1);

            Process p = launch(Map.of("PORT", port));

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("stderr: %s", Files.readString(dir.resolve("err.txt"))).isZero();
            assertThat(Files.readString(dir.resolve("out.txt"))).startsWith("healthy");
        }
    }

    @Test
    void commandExitsOneWhenNothingListens() throws Exception {
        Process p = launch(Map.of("PORT", String.valueOf(freePort())));

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
    }

    private Process launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "healthcheck"));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        pb.directory(dir.toFile());
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
