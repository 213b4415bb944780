package dev.sessionguard;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.sessionguard.config.Settings;
import dev.sessionguard.slack.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * {@code java -XX:ArchiveClassesAtExit=target/session-guard.jsa -jar target/session-guard.jar cds-training}, run by
 * the build after the jar is made: starts the app once the way {@code java -jar} does (a throwaway SQLite file, an
 * ephemeral port, a Slack address where nothing listens, made-up tokens that never leave the machine), asks its
 * {@code /healthz}, and stops it, so the JVM writes every class that start-up loaded into a class data sharing
 * archive. The README's run command maps that archive ({@code -XX:SharedArchiveFile}), and start-up no longer reads,
 * verifies and links those classes one by one: see docs/PERFORMANCE.md. A missing or stale archive (the jar was
 * rebuilt without it) only costs that time back, with one warning line from the JVM.
 */
final class ClassArchiveTraining {

    static final String COMMAND = "cds-training";
    /** Long enough for the first start-up check to have been tried (and refused: nothing listens). */
    private static final long MAX_WAIT_MS = 10_000;

    private ClassArchiveTraining() {
    }

    static int run() throws Exception {
        // The refused start-up check is expected here: nothing of this run is worth a log line.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLoggerList().forEach(logger -> logger.setLevel(Level.OFF));
        }
        Path dir = Files.createTempDirectory("session-guard-cds-training");
        try (SessionGuard app = SessionGuard.start(Settings.from(Map.of(
                Settings.SIGNING_SECRET, "cds-training-signing-secret",
                Settings.BOT_TOKEN, "xoxb-cds-training",
                Settings.ADMIN_TOKEN, "xoxp-cds-training",
                Settings.AUDIT_CHANNEL, "C0CDSTRAIN",
                Settings.API_URL, "http://127.0.0.1:" + closedPort() + "/api/",
                Settings.PORT, "0",
                Settings.DATABASE_URL, "jdbc:sqlite:" + dir.resolve("training.db"))))) {
            long until = System.currentTimeMillis() + MAX_WAIT_MS;
            while (!health(app.port()).contains("failed") && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
        } finally {
            deleteAll(dir);
        }
        return 0;
    }

    /** A loopback port nothing listens on: connecting is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String health(int port) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + HttpServer.HEALTH_PATH)
                .openConnection();
        try (InputStream in = c.getResponseCode() == 200 ? c.getInputStream() : c.getErrorStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
