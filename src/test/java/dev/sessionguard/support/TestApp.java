package dev.sessionguard.support;

import dev.sessionguard.SessionGuard;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.config.SlackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real app on an ephemeral port, talking to a {@link FakeSlack}, started through the same wiring as Main. */
public final class TestApp implements AutoCloseable {

    public static final String SIGNING_SECRET = "test-signing-secret";
    public static final String BOT_TOKEN = "xoxb-test-bot";
    public static final String ADMIN_TOKEN = "xoxp-test-admin";
    public static final String AUDIT_CHANNEL = "C0000AUDIT";
    // OAuth mode
    public static final String CLIENT_ID = "1111111111.2222222222";
    public static final String CLIENT_SECRET = "test-SECRET-client-9b8f";
    /** Socket Mode's app-level token. */
    public static final String APP_TOKEN = "xapp-1-A0000APP1-1-test-SECRET-app-token";
    /** 32 bytes, base64: what {@code openssl rand -base64 32} prints. */
    public static final String ENCRYPTION_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJEjQ=";

    /** One scratch folder per test JVM for the SQLite files, removed when the JVM exits. */
    private static final Path SCRATCH = scratchFolder();

    private static Path scratchFolder() {
        try {
            Path dir = Files.createTempDirectory("session-guard-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temporary folder
        }
    }

    private final SessionGuard app;
    private final String databaseUrl;
    private final int port;
    private final String baseUrl;
    private final SlackRequests requests;

    private TestApp(SessionGuard app, String databaseUrl) {
        this.app = app;
        this.databaseUrl = databaseUrl;
        this.port = app.port();
        this.baseUrl = "http://127.0.0.1:" + port;
        this.requests = new SlackRequests(baseUrl, SIGNING_SECRET);
    }

    /** The environment a real deployment would have, pointed at the fake. */
    public static Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = new HashMap<>();
        env.put(SlackSettings.SIGNING_SECRET, SIGNING_SECRET);
        env.put(SlackSettings.BOT_TOKEN, BOT_TOKEN);
        env.put(SlackSettings.ADMIN_TOKEN, ADMIN_TOKEN);
        env.put(GuardSettings.AUDIT_CHANNEL, AUDIT_CHANNEL);
        env.put(SlackSettings.API_URL, slack.apiUrl());
        env.put(ServerSettings.PORT, "0");
        env.put(ServerSettings.DATABASE_URL, "jdbc:sqlite:" + freshDatabaseFile());
        return env;
    }

    /** OAuth mode pointed at the fake: client credentials and a key instead of the two tokens. */
    public static Map<String, String> oauthEnvironment(FakeSlack slack) {
        Map<String, String> env = environment(slack);
        env.remove(SlackSettings.BOT_TOKEN);
        env.remove(SlackSettings.ADMIN_TOKEN);
        env.put(OAuthSettings.CLIENT_ID, CLIENT_ID);
        env.put(OAuthSettings.CLIENT_SECRET, CLIENT_SECRET);
        env.put(OAuthSettings.ENCRYPTION_KEY, ENCRYPTION_KEY);
        return env;
    }

    /** {@code env} in Socket Mode: the app token, and no signing secret (the socket's envelopes are not signed). */
    public static Map<String, String> inSocketMode(Map<String, String> env) {
        env.put(SlackSettings.APP_TOKEN, APP_TOKEN);
        env.remove(SlackSettings.SIGNING_SECRET);
        return env;
    }

    /** Each app gets its own SQLite file; nothing is left in the working tree. */
    public static Path freshDatabaseFile() {
        try {
            return Files.createTempDirectory(SCRATCH, "db").resolve("audit.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Production's timings, but a stop closes the tests' kept-alive connections at once: the JDK's HttpClient keeps
     * them open, and each stop would otherwise wait out Jetty's second for them.
     */
    public static final SessionGuard.Timings TIMINGS = new SessionGuard.Timings(
            SessionGuard.Timings.PRODUCTION.bulkLease(), SessionGuard.Timings.PRODUCTION.directoryFirstDelay(),
            SessionGuard.Timings.PRODUCTION.backgroundInterval(), Duration.ofMillis(20));

    public static TestApp start(FakeSlack slack) {
        return start(environment(slack));
    }

    /** Starts and waits until {@code /healthz} says ready. */
    public static TestApp start(Map<String, String> env) {
        return start(env, Clock.systemUTC());
    }

    /** As {@link #start(Map)}, the app on {@code clock} (a {@link SteppedClock} for waits a test skips). */
    public static TestApp start(Map<String, String> env, Clock clock) {
        try {
            TestApp app = new TestApp(SessionGuard.start(Settings.from(env), clock, TIMINGS), env.get(ServerSettings.DATABASE_URL));
            Await.until(Duration.ofSeconds(10), () -> app.health().statusCode() == 200, "the app to be ready");
            return app;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the app", e);
        }
    }

    /** The JDBC URL of the app's database (a SQLite file of its own unless the test chose otherwise). */
    public String databaseUrl() {
        return databaseUrl;
    }

    public SlackRequests slack() {
        return requests;
    }

    /** The port the app listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpResponse<String> health() {
        return get("/healthz");
    }

    public HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
