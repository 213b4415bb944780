package dev.sessionguard.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Connections that never finish a request, as a slowloris attack holds them: each sends the start of a request,
 * then one more byte every {@code gap} from one scheduler thread, whatever the number of connections. Slow
 * <em>bodies</em> send a whole head with a {@code Content-Length} and dribble the body; slow <em>headers</em> dribble
 * the head itself. Closed together; a connection the server closed is reopened at the next tick, as an attacker
 * reconnects.
 */
public final class SlowClients implements AutoCloseable {

    /** What each connection holds back. */
    public enum Kind { BODY, HEADERS }

    private final int port;
    private final String path;
    private final Kind kind;
    private final Map<String, String> headers;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-clients");
        t.setDaemon(true);
        return t;
    });
    private volatile int reconnects;

    private SlowClients(int port, String path, Kind kind, Map<String, String> headers) {
        this.port = port;
        this.path = path;
        this.kind = kind;
        this.headers = headers;
    }

    /** Opens {@code count} connections to {@code path} and keeps them dribbling a byte every {@code gap}. */
    public static SlowClients open(int port, String path, Kind kind, int count, Duration gap) throws IOException {
        return open(port, path, kind, count, gap, Map.of());
    }

    /** As {@link #open(int, String, Kind, int, Duration)}, each request with {@code headers} too. */
    public static SlowClients open(int port, String path, Kind kind, int count, Duration gap,
            Map<String, String> headers) throws IOException {
        SlowClients clients = new SlowClients(port, path, kind, headers);
        for (int i = 0; i < count; i++) {
            clients.sockets.add(clients.connect());
        }
        clients.ticks.scheduleWithFixedDelay(clients::tick, gap.toMillis(), gap.toMillis(), TimeUnit.MILLISECONDS);
        return clients;
    }

    /** How many connections the server closed and this reopened. */
    public int reconnects() {
        return reconnects;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        StringBuilder given = new StringBuilder();
        headers.forEach((k, v) -> given.append(k).append(": ").append(v).append("\r\n"));
        String head = kind == Kind.BODY
                ? "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + given + "Content-Type: application/json\r\n"
                        + "Content-Length: 10000\r\n\r\n{"
                : "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + given + "X-Slow: ";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private void tick() {
        for (int i = 0; i < sockets.size(); i++) {
            Socket s = sockets.get(i);
            try {
                s.getOutputStream().write('a');
                s.getOutputStream().flush();
            } catch (IOException closedByServer) {
                try {
                    s.close();
                    sockets.set(i, connect());
                    reconnects++;
                } catch (IOException e) {
                    // the server refuses for now: try again at the next tick
                }
            }
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
