package dev.sessionguard.build;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.config.SlackSettings;
import dev.sessionguard.edge.HttpServer;
import dev.sessionguard.edge.RequestSignature;
import dev.sessionguard.storage.NewDatabase;
import dev.sessionguard.storage.SqliteLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.LoggerFactory;

/**
 * {@code java -XX:ArchiveClassesAtExit=target/session-guard.jsa -jar target/session-guard.jar cds-training}, run by
 * the build after the jar is made: starts the app once the way {@code java -jar} does, against a stand-in for
 * Slack's Web API on loopback (in this process; made-up tokens that never leave the machine, a throwaway SQLite
 * file, ephemeral ports), sends it two signed slash commands ({@code help}, and one that opens the form), and stops
 * it. The JVM then writes every class that start-up and those first requests loaded into a class data sharing
 * archive. The README's run command maps that archive ({@code -XX:SharedArchiveFile}), so start-up and an admin's
 * first command don't read, verify and link those classes one by one: see docs/PERFORMANCE.md. A missing or stale
 * archive (the jar rebuilt without it) only costs that time back, with one warning line from the JVM.
 */
public final class ClassArchiveTraining {

    public static final String COMMAND = "cds-training";
    private static final long MAX_WAIT_MS = 10_000;
    private static final String SIGNING_SECRET = "cds-training-signing-secret";
    private static final String TEAM = "T0CDSTRAIN";
    private static final String ORG = "E0CDSTRAIN";
    private static final String USER = "U0CDSTRAIN";
    /** Calls the stand-in for Slack has answered. */
    private static final AtomicInteger calls = new AtomicInteger();

    private ClassArchiveTraining() {
    }

    /** The app as the training starts it: Main passes {@code SessionGuard::start}, so this package needs no root. */
    @FunctionalInterface
    public interface Starter {
        Running start(Settings settings) throws Exception;
    }

    /** A started app: its port, and its stop. */
    public interface Running extends AutoCloseable {
        int port();
    }

    public static int run(Starter starter) throws Exception {
        // Refusals of the stand-in's answers are expected here: nothing of this run is worth a log line.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLoggerList().forEach(logger -> logger.setLevel(Level.OFF));
        }
        prepareStartFolder();
        Path dir = Files.createTempDirectory("session-guard-cds-training");
        Server slack = standInSlack();
        try {
            String api = "http://127.0.0.1:" + ((ServerConnector) slack.getConnectors()[0]).getLocalPort();
            try (Running app = starter.start(Settings.from(Map.of(
                    SlackSettings.SIGNING_SECRET, SIGNING_SECRET,
                    SlackSettings.BOT_TOKEN, "xoxb-cds-training",
                    SlackSettings.ADMIN_TOKEN, "xoxp-cds-training",
                    GuardSettings.AUDIT_CHANNEL, "C0CDSTRAIN",
                    SlackSettings.API_URL, api + "/api/",
                    ServerSettings.PORT, "0",
                    ServerSettings.DATABASE_URL, "jdbc:sqlite:" + dir.resolve("training.db"))))) {
                String base = "http://127.0.0.1:" + app.port();
                if (!waitFor(() -> request(base + HttpServer.HEALTH_PATH, null) == 200)) {
                    return partly("the app did not become ready");
                }
                if (command(base, api, "help") != 200) {
                    return partly("/session-reset help was not answered");
                }
                int before = calls.get();
                if (command(base, api, "") != 200
                        // The form's opening: views.open, the admin check, the answer to it.
                        || !waitFor(() -> calls.get() >= before + 3)) {
                    return partly("/session-reset did not open its form");
                }
            }
        } finally {
            slack.stop();
            deleteAll(dir);
        }
        return 0;
    }

    /**
     * What starts use beside the jar ({@code session-guard-start/}): sqlite-jdbc's library, loaded instead of
     * extracted ({@link SqliteLibrary}), and the empty database a first start copies instead of migrating
     * ({@link NewDatabase}). Kept before the training's own start, so that start takes the same path as the app's.
     * Run from class folders (a test) there is no jar to keep them beside, and nothing is written.
     */
    private static void prepareStartFolder() {
        try {
            StartFolderWriter.keepSqliteLibrary();
        } catch (IOException | RuntimeException e) {
            System.err.println("cds-training: sqlite-jdbc's native library could not be kept beside the jar ("
                    + e.getMessage() + "); each start extracts it instead");
        }
        try {
            StartFolderWriter.prepareNewDatabase();
        } catch (IOException | RuntimeException e) {
            System.err.println("cds-training: the empty database for first starts could not be kept beside the jar ("
                    + e.getMessage() + "); a first start migrates its own");
        }
    }

    /** Exit 1 (the build takes it): the archive holds what loaded up to here, and start-up is still faster. */
    private static int partly(String what) {
        System.err.println("cds-training: " + what + " against the stand-in for Slack; the class archive holds only"
                + " what loaded before that");
        return 1;
    }

    /** Answers auth.test as Slack would for an org-wide bot, views.open with a view, and everything else ok. */
    private static Server standInSlack() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                calls.incrementAndGet();
                String path = request.getHttpURI().getPath();
                String body = path.endsWith("/auth.test")
                        ? "{\"ok\":true,\"url\":\"https://training.example/\",\"team\":\"training\",\"user\":\"bot\","
                        + "\"team_id\":\"" + TEAM + "\",\"user_id\":\"U0CDSBOT0\",\"bot_id\":\"B0CDSBOT0\","
                        + "\"enterprise_id\":\"" + ORG + "\",\"is_enterprise_install\":true}"
                        : path.endsWith("/views.open") || path.endsWith("/views.update")
                        ? "{\"ok\":true,\"view\":{\"id\":\"V0CDSTRAIN\",\"hash\":\"1.training\"}}"
                        : "{\"ok\":true}";
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    /** {@code /session-reset <text>}, signed as Slack signs it. */
    private static int command(String base, String api, String text) {
        String form = Map.of("command", "/session-reset", "text", text, "team_id", TEAM, "enterprise_id", ORG,
                        "user_id", USER, "user_name", "training", "channel_id", "C0CDSTRAIN", "api_app_id", "A0CDSTRAIN",
                        "trigger_id", "1.2.training", "response_url", api + "/response")
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return request(base + HttpServer.EVENTS_PATH, form);
    }

    /** GET, or a signed form POST when {@code form} is given; the status. */
    private static int request(String url, String form) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(5_000);
            if (form != null) {
                byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
                String ts = Long.toString(Clock.systemUTC().instant().getEpochSecond());
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                c.setRequestProperty(RequestSignature.TIMESTAMP_HEADER, ts);
                c.setRequestProperty(RequestSignature.SIGNATURE_HEADER,
                        new RequestSignature(new Secret(SIGNING_SECRET), Clock.systemUTC()).sign(ts, bytes));
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + MAX_WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
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
