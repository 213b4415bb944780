package dev.sessionguard.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode server on loopback: {@code ws://127.0.0.1:<port>/link}. Have {@link FakeSlack} answer
 * {@code apps.connections.open} with {@link #url()}. Like Slack, it says {@code hello} on every new connection;
 * it records every text message the app sends back (the acks).
 */
public final class FakeSocketMode implements AutoCloseable {

    public static final String PATH = "/link";

    private final Server server = new Server();
    private final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger opened = new AtomicInteger();

    private FakeSocketMode() {
    }

    /** Starts on an ephemeral port of 127.0.0.1 and returns once it listens. */
    public static FakeSocketMode start() {
        FakeSocketMode fake = new FakeSocketMode();
        fake.server.setReuseAddr(true);
        fake.server.setDaemon(true);
        fake.server.start();
        try {
            if (!fake.server.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return fake;
    }

    /**
     * Makes {@code slack} hand out this server's URL to {@code apps.connections.open} with {@link TestApp#APP_TOKEN},
     * and refuse any other app token as Slack would ({@code invalid_auth}).
     */
    public FakeSlack servedBy(FakeSlack slack) {
        slack.respond("apps.connections.open", c -> TestApp.APP_TOKEN.equals(c.token()) ? connectionsOpen()
                : FakeResponse.error("invalid_auth"));
        return slack;
    }

    /** What {@code apps.connections.open} answers: {@code {"url": "ws://127.0.0.1:<port>/link"}}. */
    public FakeResponse connectionsOpen() {
        JsonObject json = new JsonObject();
        json.addProperty("url", url());
        return FakeResponse.ok(json);
    }

    public String url() {
        return "ws://127.0.0.1:" + server.getPort() + PATH;
    }

    /** Connections the app has opened so far, closed ones included. */
    public int connectionsOpened() {
        return opened.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return (int) server.getConnections().stream().filter(WebSocket::isOpen).count();
    }

    /** The request paths of the connections so far. */
    public List<String> paths() {
        synchronized (paths) {
            return List.copyOf(paths);
        }
    }

    /**
     * Sends a {@code slash_commands} envelope holding {@code fields} (as Slack sends them: strings), to every open
     * connection. Returns its {@code envelope_id}.
     */
    public String sendSlashCommand(Map<String, String> fields) {
        JsonObject payload = new JsonObject();
        fields.forEach(payload::addProperty);
        String envelopeId = UUID.randomUUID().toString();
        JsonObject envelope = new JsonObject();
        envelope.addProperty("envelope_id", envelopeId);
        envelope.addProperty("type", "slash_commands");
        envelope.addProperty("accepts_response_payload", true);
        envelope.add("payload", payload);
        send(envelope);
        return envelopeId;
    }

    /** Sends any message to every open connection. */
    public void send(JsonObject message) {
        server.broadcast(message.toString());
    }

    /** The first message from the app whose {@code envelope_id} is {@code envelopeId}, waiting up to {@code timeout}. */
    public JsonObject awaitAck(String envelopeId, Duration timeout) {
        return awaitMessage(m -> m.has("envelope_id") && envelopeId.equals(m.get("envelope_id").getAsString()),
                timeout, "the ack of envelope " + envelopeId);
    }

    public JsonObject awaitMessage(Predicate<JsonObject> match, Duration timeout, String what) {
        return Await.value(timeout, () -> {
            synchronized (received) {
                return received.stream().filter(match).findFirst().orElse(null);
            }
        }, () -> what + "; received: " + received);
    }

    /** Closes every connection, as when Slack's end drops. */
    public void dropConnections() {
        server.getConnections().forEach(WebSocket::close);
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(1000);
    }

    /** Slack's first message on a connection; the shape of Slack's documented example. */
    private static String hello() {
        JsonObject debug = new JsonObject();
        debug.addProperty("host", "applink-0000000000-00000");
        debug.addProperty("build_number", 1);
        debug.addProperty("approximate_connection_time", 18060);
        JsonObject info = new JsonObject();
        info.addProperty("app_id", SlackRequests.API_APP_ID);
        JsonObject hello = new JsonObject();
        hello.addProperty("type", "hello");
        hello.addProperty("num_connections", 1);
        hello.add("debug_info", debug);
        hello.add("connection_info", info);
        return hello.toString();
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            paths.add(handshake.getResourceDescriptor());
            opened.incrementAndGet();
            conn.send(hello());
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(JsonParser.parseString(message).getAsJsonObject());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception e) {
            System.err.println("FakeSocketMode: " + e);
        }
    }
}
