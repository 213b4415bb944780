package dev.sessionguard.edge;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.SlowClients;
import dev.sessionguard.support.TestApp;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slowloris over loopback, bounded: hundreds of connections that dribble their headers or bodies a byte at a time,
 * held while Slack's signed requests and {@code /healthz} are timed. None of them may hold a Jetty thread, so Slack's
 * requests are acked as fast as without them.
 */
@Tag("slow")
class SlowClientsEndToEndTest {

    private static final Duration DRIBBLE = Duration.ofSeconds(2);
    private static final Duration LOAD = Duration.ofSeconds(6);
    private static final int SENDERS = 8;

    private FakeSlack slack;
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private void start(Map<String, String> extra) {
        slack = Org.register(FakeSlack.start());
        Map<String, String> env = TestApp.environment(slack);
        env.putAll(extra);
        app = TestApp.start(env);
    }

    /** 0: no limit per address, so only the non-blocking reads keep the threads free; 256: a limit the slow clients pass. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "256"})
    void slackIsAckedWithinItsSecondsWhile300SlowClientsHoldConnections(String perAddress) throws Exception {
        start(Map.of(ServerSettings.MAX_CONNECTIONS_PER_ADDRESS, perAddress));
        try (SlowClients bodies = SlowClients.open(app.port(), HttpServer.EVENTS_PATH, SlowClients.Kind.BODY, 200,
                DRIBBLE);
             SlowClients heads = SlowClients.open(app.port(), HttpServer.EVENTS_PATH, SlowClients.Kind.HEADERS, 100,
                     DRIBBLE)) {

            Load load = load();

            assertThat(load.failures).as("signed requests not acked 200").isEmpty();
            assertThat(load.acks.size()).as("signed requests acked").isGreaterThan(100);
            assertThat(load.percentile(load.acks, 0.99)).as("ack p99 (ms)").isLessThan(500);
            assertThat(Collections.max(load.acks)).as("slowest ack (ms)").isLessThan(3_000);
            assertThat(Collections.max(load.health)).as("slowest /healthz (ms)").isLessThan(1_000);
        }
        // The modal-opening commands did open their modals: the load was the path people take.
        assertThat(slack.calls("views.open")).isNotEmpty();
    }

    @Test
    void oneAddressKeepsAtMostItsLimitOfConnectionsAndTheLongestWaitingGoesFirst() throws Exception {
        start(Map.of(ServerSettings.MAX_CONNECTIONS_PER_ADDRESS, "3"));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(slowBody());
            }
            pastTheGrace();
            held.add(slowBody());
            held.add(slowBody());

            // Two of the three that waited are closed by the app (which two is the server's order of accepting them);
            // the two new ones stay open.
            int closed = 0;
            for (Socket waited : held.subList(0, 3)) {
                closed += closedByServer(waited) ? 1 : 0;
            }
            assertThat(closed).isEqualTo(2);
            assertThat(closedByServer(held.get(3))).as("a new connection").isFalse();
            assertThat(closedByServer(held.get(4))).as("the newest connection").isFalse();
            // A new request from the same address still gets in.
            assertThat(app.slack().slashCommand(SlackRequests.command(ADMIN, "help")).statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aKeepAliveConnectionBetweenRequestsOutlastsSlowOnes() throws Exception {
        start(Map.of(ServerSettings.MAX_CONNECTIONS_PER_ADDRESS, "3"));
        try (Socket keepAlive = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            keepAlive.setSoTimeout(5_000);
            assertThat(healthOn(keepAlive)).isEqualTo(200); // answered: now resting between requests
            List<Socket> slow = new ArrayList<>();
            try {
                slow.add(slowBody());
                slow.add(slowBody());
                pastTheGrace();
                slow.add(slowBody());
                slow.add(slowBody());

                // Past a limit of 3: the slow ones that waited went, the resting one is still in.
                assertThat(closedByServer(slow.get(0))).isTrue();
                assertThat(healthOn(keepAlive)).isEqualTo(200);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** Until the slow connections opened so far have waited longer than a request being answered could. */
    private static void pastTheGrace() {
        long until = System.nanoTime() + ConnectionsPerAddress.GRACE.plusMillis(200).toNanos();
        Await.untilOrTimeout(ConnectionsPerAddress.GRACE.plusSeconds(1), () -> System.nanoTime() - until >= 0);
    }

    private Socket slowBody() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), app.port());
        OutputStream out = s.getOutputStream();
        out.write(("POST " + HttpServer.EVENTS_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** Whether the server closed {@code s} (a read ends) rather than leaving it waiting for more body. */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(1_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() != -1) {
                // an answer before the close (408 or 400) is fine too: the connection ends
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static int healthOn(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("closed before the answer's head ended");
            }
            head.append((char) c);
        }
        String text = head.toString();
        in.readNBytes(Integer.parseInt(text.replaceAll("(?is).*content-length: *(\\d+).*", "$1")));
        return Integer.parseInt(text.substring(9, 12));
    }

    /** Signed commands (half {@code help}, half a modal-opening {@code @alice}) and /healthz probes for {@link #LOAD}. */
    private Load load() throws Exception {
        Load load = new Load();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS + 1);
        long until = System.nanoTime() + LOAD.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            String text = i % 2 == 0 ? "help" : "<@" + ALICE + "|alice>";
            running.add(senders.submit(() -> {
                while (System.nanoTime() < until) {
                    long start = System.nanoTime();
                    int status = app.slack().slashCommand(SlackRequests.command(ADMIN, text)).statusCode();
                    load.add(load.acks, status == 200, start, "command " + status);
                }
                return null;
            }));
        }
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        running.add(senders.submit(() -> {
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                int status = probe.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                load.add(load.health, status == 200, start, "healthz " + status);
                Thread.onSpinWait();
            }
            return null;
        }));
        for (Future<?> f : running) {
            f.get();
        }
        senders.shutdown();
        return load;
    }

    private static final class Load {
        final List<Long> acks = Collections.synchronizedList(new ArrayList<>());
        final List<Long> health = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        void add(List<Long> into, boolean ok, long start, String what) {
            into.add((System.nanoTime() - start) / 1_000_000);
            if (!ok) {
                failures.add(what);
            }
        }

        long percentile(List<Long> values, double p) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }
    }
}
