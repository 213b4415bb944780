package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeFiles;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.StateValues;
import dev.sessionguard.support.TestApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Downloads on loopback: the fake's file host, and a second server that stands for anywhere else. */
class BreachFilesTest {

    private static final Tokens TOKENS = Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private FakeSlack fake;
    private Elsewhere elsewhere;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        fake = FakeSlack.start();
        elsewhere = new Elsewhere();
    }

    @AfterEach
    void stop() {
        release.countDown();
        fake.close();
        elsewhere.server.stop(0);
    }

    /** A loopback server on another port, recording every request with its Authorization header. */
    private final class Elsewhere {
        final HttpServer server;
        final List<FakeFiles.Request> requests = new CopyOnWriteArrayList<>();
        final AtomicLong written = new AtomicLong();

        Elsewhere() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "elsewhere");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", this::handle);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                requests.add(new FakeFiles.Request(exchange.getRequestMethod(), path,
                        exchange.getRequestHeaders().getFirst("Authorization")));
                switch (path) {
                    case "/redirect" -> {
                        exchange.getResponseHeaders().set("Location", base() + "/stolen");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/missing" -> exchange.sendResponseHeaders(404, -1);
                    case "/status-300" -> exchange.sendResponseHeaders(300, -1);
                    case "/status-400" -> exchange.sendResponseHeaders(400, -1);
                    case "/endless" -> endless(exchange);
                    case "/declared-large" -> {
                        exchange.getResponseHeaders().set("Content-Type", "text/csv");
                        exchange.sendResponseHeaders(200, 6L * 1024 * 1024);
                        exchange.getResponseBody().write("a@example.com\n".getBytes(StandardCharsets.UTF_8));
                    }
                    case "/hang" -> {
                        release.await();
                        exchange.sendResponseHeaders(500, -1);
                    }
                    default -> {
                        byte[] body = "W0000001\n".getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", "text/plain");
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lines of CSV without end (up to 64 MB), until the client hangs up. */
        private void endless(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "someone@example.com\n".repeat(3000).getBytes(StandardCharsets.UTF_8);
            OutputStream out = exchange.getResponseBody();
            while (written.get() < 64L * 1024 * 1024) {
                out.write(chunk);
                out.flush();
                written.addAndGet(chunk.length);
            }
        }
    }

    private static BreachFile breachFile(JsonObject json) {
        var value = new StateValues().files("b", "a", List.of(json)).viewState().getValues().get("b").get("a");
        return BreachFile.of(value.getFiles()).get(0);
    }

    private static BreachFile at(String url, long size) {
        return new BreachFile("F0000001", "breach.csv", size, "text/csv", "csv", url);
    }

    private BreachFiles files(String apiUrl) {
        return new BreachFiles(TOKENS, apiUrl, TIMEOUT);
    }

    private static String words(BreachFiles.Outcome outcome) {
        assertThat(outcome).isInstanceOf(BreachFiles.Failed.class);
        return ((BreachFiles.Failed) outcome).words();
    }

    @Test
    void theFakesFileHostGetsTheBotTokenAndHandsOverTheFile() {
        JsonObject json = fake.file("breach.csv",
                "\uFEFFname,Email\r\nAlice,Alice@Example.com\r\nBob,nobody\r\n".getBytes(StandardCharsets.UTF_8), "text/csv");

        BreachFiles.Outcome outcome = files(fake.apiUrl()).read(breachFile(json));

        assertThat(outcome).isInstanceOf(BreachFiles.Read.class);
        BreachList list = ((BreachFiles.Read) outcome).list();
        assertThat(list.emails()).containsExactly("alice@example.com");
        assertThat(list.unreadable()).containsExactly("Bob,nobody");
        assertThat(fake.files().requests()).containsExactly(new FakeFiles.Request("GET",
                URI.create(json.get("url_private_download").getAsString()).getPath(), "Bearer " + TestApp.BOT_TOKEN));
    }

    @Test
    void aTokenSlackRefusesGetsTheSignInPageWhichIsNotTakenForTheFile() {
        JsonObject json = fake.file("breach.csv", "a@example.com\n".getBytes(StandardCharsets.UTF_8), "text/csv");
        BreachFiles wrongToken = new BreachFiles(Tokens.fixed(new Secret("xoxb-revoked"), new Secret("x")),
                fake.apiUrl(), TIMEOUT);

        String words = words(wrongToken.read(breachFile(json)));

        assertThat(words).isEqualTo("The file breach.csv could not be read: Slack did not hand over the file but a"
                + " sign-in page; check that the app has the files:read scope (reinstall it after adding the scope)."
                + " Nothing was sent to Slack.");
        assertThat(fake.files().requests()).extracting(FakeFiles.Request::authorization)
                .containsExactly("Bearer xoxb-revoked");
    }

    @Test
    void aLinkOnAnotherPortIsNeverFetchedSoItNeverSeesTheToken() {
        BreachFile file = at(elsewhere.base() + "/files-pri/T1-F1/download/breach.csv", 100);

        try (CapturedLogs logs = CapturedLogs.start()) {
            String words = words(files(fake.apiUrl()).read(file));

            assertThat(words).isEqualTo("The file breach.csv could not be read: its link points outside Slack's file"
                    + " host (to 127.0.0.1), so Session Guard did not fetch it. Nothing was sent to Slack.");
            assertThat(logs.events()).map(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("xoxb-"));
        }
        assertThat(elsewhere.requests).isEmpty();
        assertThat(fake.files().requests()).isEmpty();
    }

    @Test
    void theSameFakeUnderAnotherHostNameIsNotItsHost() {
        String url = fake.file("breach.csv", "a@example.com".getBytes(StandardCharsets.UTF_8), "text/csv")
                .get("url_private_download").getAsString().replace("127.0.0.1", "localhost");

        assertThat(words(files(fake.apiUrl()).read(at(url, 13)))).contains("outside Slack's file host (to localhost)");
        assertThat(fake.files().requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://files.slack.com/files-pri/T1-F1/a.csv", "https://files.slack.com:8443/a.csv",
            "https://files.slack.com.evil.example/a.csv", "https://evil.example/files.slack.com/a.csv",
            "https://files.slack.com@evil.example/a.csv", "https://user@files.slack.com/a.csv",
            "https://slack-files.com/a.csv", "file:///etc/passwd", "https://127.0.0.1:1/api/"})
    void onlySlacksFileHostOrTheExactApiOriginIsTrustedWithTheToken(String url) {
        BreachFiles breachFiles = files("https://slack.com/api/");

        assertThat(breachFiles.isSlackFileHost(URI.create(url))).isFalse();
        assertThat(breachFiles.isSlackFileHost(URI.create("https://files.slack.com/files-pri/T1-F1/download/a.csv")))
                .isTrue();
        assertThat(breachFiles.isSlackFileHost(URI.create("https://FILES.slack.com:443/a.csv"))).isTrue();
        assertThat(files("http://127.0.0.1:1/api/").isSlackFileHost(URI.create("http://127.0.0.1:1/files-pri/a"))).isTrue();
    }

    @Test
    void aRedirectIsRefusedAndNotFollowed() {
        String words = words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/redirect", 100)));

        assertThat(words).contains("Slack answered with a redirect (HTTP 302), which Session Guard does not follow");
        assertThat(elsewhere.requests).extracting(FakeFiles.Request::path).containsExactly("/redirect");
    }

    @Test
    void anAnswerThatIsNotTheFileIsRefusedWithItsStatus() {
        assertThat(words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/missing", 100))))
                .contains("Slack did not hand over the file (HTTP 404)");
    }

    @Test
    void aDownloadPastFiveMegabytesStopsThere() {
        long started = System.nanoTime();

        String words = words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/endless", 100)));

        assertThat(words).contains("it is larger than 5 MB, and Session Guard reads files up to 5 MB");
        // Stopped by the limit, not by the 10 s timeout, and long before the server's 64 MB would run out.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        assertThat(elsewhere.written.get()).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void aDeclaredLengthOverFiveMegabytesIsRefusedBeforeTheBody() {
        assertThat(words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/declared-large", 100))))
                .contains("larger than 5 MB");
    }

    @Test
    void aFileSlackSaysIsOverFiveMegabytesIsNotDownloaded() {
        String words = words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/any", 6_500_000)));

        assertThat(words).isEqualTo("The file breach.csv could not be read: it is 6.2 MB, and Session Guard reads"
                + " files up to 5 MB. Nothing was sent to Slack.");
        assertThat(elsewhere.requests).isEmpty();
    }

    @Test
    void aHostThatNeverAnswersTimesOut() {
        BreachFiles quick = new BreachFiles(TOKENS, elsewhere.base() + "/api/", Duration.ofMillis(500));

        assertThat(words(quick.read(at(elsewhere.base() + "/hang", 100))))
                .contains("Slack did not send it within 1 second.");
    }

    @Test
    void binaryIsNotTextAndNeitherIsAnotherEncoding() {
        byte[] nul = {'a', '@', 'b', '.', 'c', 0, '\n'};
        byte[] latin1 = "m\u00fcller@example.com\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(words(files(fake.apiUrl()).read(breachFile(fake.file("dump.csv", nul, "text/csv")))))
                .contains("dump.csv could not be read: it is not text; save it as CSV (UTF-8) or plain text");
        assertThat(words(files(fake.apiUrl()).read(breachFile(fake.file("latin.csv", latin1, "text/csv")))))
                .contains("latin.csv could not be read: it is not UTF-8 text");
    }

    @Test
    void aHundredThousandAndOneLinesAreRefusedWhole() {
        String lines = IntStream.rangeClosed(0, BreachList.MAX_LINES)
                .mapToObj(i -> "p" + i + "@example.com").collect(Collectors.joining("\n"));
        JsonObject json = fake.file("big.txt", lines.getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(words(files(fake.apiUrl()).read(breachFile(json)))).isEqualTo("The file big.txt could not be read:"
                + " it has more than 100,000 lines; split it into files of at most 100,000 lines. Nothing was sent to Slack.");
    }

    @Test
    void noInstallMeansNoRequest() {
        BreachFiles notInstalled = new BreachFiles(new Tokens() {
            @Override
            public Secret bot() {
                throw new NotInstalledException();
            }

            @Override
            public Secret admin() {
                throw new NotInstalledException();
            }
        }, fake.apiUrl(), TIMEOUT);
        JsonObject json = fake.file("breach.csv", "a@example.com".getBytes(StandardCharsets.UTF_8), "text/csv");

        assertThat(words(notInstalled.read(breachFile(json)))).contains("Session Guard is not installed on the org");
        assertThat(fake.files().requests()).isEmpty();
    }

    @Test
    void aTokenThatCantBeAHeaderIsNeverQuotedInTheWords() {
        JsonObject json = fake.file("breach.csv", "a@example.com".getBytes(StandardCharsets.UTF_8), "text/csv");
        BreachFiles broken = new BreachFiles(Tokens.fixed(new Secret("xoxb-secret\r\nX-Evil: 1"), new Secret("x")),
                fake.apiUrl(), TIMEOUT);

        String words = words(broken.read(breachFile(json)));

        assertThat(words).contains("the bot token can't be sent as a header").doesNotContain("xoxb-secret");
        assertThat(fake.files().requests()).isEmpty();
    }
    @Test
    void everyThreeHundredIsARedirectAndFourHundredIsNot() {
        assertThat(words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/status-300", 100))))
                .contains("Slack answered with a redirect (HTTP 300), which Session Guard does not follow");
        assertThat(words(files(elsewhere.base() + "/api/").read(at(elsewhere.base() + "/status-400", 100))))
                .contains("Slack did not hand over the file (HTTP 400)");
    }

    @Test
    void aMissingOrHostlessLinkIsRefusedUnfetched() {
        assertThat(words(files(fake.apiUrl()).read(at(null, 10))))
                .isEqualTo("The file breach.csv could not be read: Slack gave no link to download it. Nothing was sent"
                        + " to Slack.");
        assertThat(words(files(fake.apiUrl()).read(at("  ", 10)))).contains("Slack gave no link to download it");
        assertThat(words(files(fake.apiUrl()).read(at("https:///files-pri/a.csv", 10))))
                .contains("its link points outside Slack's file host (to an unknown host)");
        assertThat(elsewhere.requests).isEmpty();
    }

    @Test
    void anHttpApiOriginWithoutAPortIsPortEighty() {
        BreachFiles onEighty = files("http://files.example/api/");

        assertThat(onEighty.isSlackFileHost(URI.create("http://files.example:80/files-pri/a"))).isTrue();
        assertThat(onEighty.isSlackFileHost(URI.create("http://files.example/files-pri/a"))).isTrue();
        assertThat(onEighty.isSlackFileHost(URI.create("http://files.example:8080/files-pri/a"))).isFalse();
    }
}
