package dev.sessionguard.edge;

import dev.sessionguard.slackapi.SlackErrors;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.sessionguard.config.Secret;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode: the same Bolt {@link App}, fed over a WebSocket that the app opens to Slack with the app-level
 * token ({@code apps.connections.open} on the app's own Slack client, so {@code SLACK_API_URL} applies). No
 * public URL is needed. Knows whether the socket is open, for {@code /healthz}.
 */
public final class SocketMode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketMode.class);
    /** Bolt runs envelopes on this many threads, so one slow ack doesn't hold up the next envelope. */
    private static final int CONCURRENCY = 16;

    private final SocketModeApp socketApp;
    /** One thread for connection checks, which ping and wait, so they never run on a WebSocket thread. */
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "socket-mode-check");
        t.setDaemon(true);
        return t;
    });
    private volatile SocketModeClient client;
    private volatile boolean connected;
    private volatile boolean closed;

    public SocketMode(App app, Secret appToken) {
        try {
            this.socketApp = new SocketModeApp(appToken.reveal(), app, CONCURRENCY);
        } catch (IOException e) {
            // The constructor only declares it; it connects nothing.
            throw new IllegalStateException("Socket Mode could not be set up: " + e.getMessage(), e);
        }
    }

    /**
     * Starts Bolt (its {@code auth.test}), asks Slack for a socket URL and connects. Throws when Slack can't be
     * reached or refuses the app token; call again to retry. Once it returns, the SDK reconnects by itself.
     */
    public synchronized void start() {
        if (closed || client != null) {
            return;
        }
        socketApp.getApp().start(); // auth.test with the bot token; its errors say so
        try {
            socketApp.startAsync();
        } catch (NullPointerException e) {
            // SocketModeApp 1.45.4 gets no client when apps.connections.open fails with an I/O error, then throws
            // this; the SDK has already logged the cause.
            throw new SlackErrors.UnreachableException(SlackErrors.SOCKET_MODE + "apps.connections.open got no answer");
        } catch (Exception e) {
            // e.g. apps.connections.open answered invalid_auth: the app token was refused (never printed)
            throw new IllegalStateException(SlackErrors.SOCKET_MODE + e.getMessage(), e);
        }
        SocketModeClient c = socketApp.getClient();
        // Slack says hello on every new connection, including the SDK's reconnects.
        c.addWebSocketMessageListener(message -> {
            if (isHello(message)) {
                connected = true;
            }
        });
        // A close may be of the old session after a reconnect, so ask the current one.
        c.addWebSocketCloseListener((code, reason) -> checkLater());
        client = c;
        // The first hello may have come before the listener was added.
        check();
        log.info("Socket Mode started; the connection to Slack is {}", connected ? "open" : "not open yet");
    }

    /** Whether the WebSocket to Slack is open. */
    public boolean connected() {
        return connected;
    }

    /** {@code started} once it is ready and the socket is open; else why not. */
    public HttpServer.Health health(HttpServer.Health started) {
        return !started.ready() || connected ? started
                : new HttpServer.Health(false, "the Socket Mode connection to Slack is not open");
    }

    private void check() {
        SocketModeClient c = client;
        // verifyConnection pings the current session and waits for the pong (up to 3 s).
        connected = c != null && !closed && c.verifyConnection();
    }

    private void checkLater() {
        try {
            checks.execute(this::check);
        } catch (RejectedExecutionException e) {
            connected = false; // closing
        }
    }

    private static boolean isHello(String message) {
        try {
            JsonElement type = JsonParser.parseString(message).getAsJsonObject().get("type");
            return type != null && type.isJsonPrimitive() && "hello".equals(type.getAsString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops reconnecting, closes the socket, lets envelopes being handled finish and stops the SDK's threads. */
    @Override
    public synchronized void close() throws Exception {
        closed = true;
        connected = false;
        checks.shutdownNow();
        SocketModeClient c = socketApp.getClient();
        socketApp.close();
        if (c != null) {
            c.close();
        }
    }
}
