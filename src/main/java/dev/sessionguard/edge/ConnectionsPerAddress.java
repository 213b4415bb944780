package dev.sessionguard.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections from one client address. A connection that would pass it closes another of
 * the address's connections rather than being refused itself, in this order: the one that has waited longest for
 * its current request (since it connected, or since its request's head came in) if that is over
 * {@link #GRACE}; else the oldest resting between answered requests (an idle keep-alive, which its client simply
 * opens again); else the one waiting longest. Connections that wait long are the ones dribbling headers or bodies,
 * while Slack's requests, and a probe of {@code /healthz}, are whole and answered within milliseconds. So whoever
 * holds many connections from one address keeps no more than {@code max} of them, a new request from that address
 * still gets in, and a request being answered is not cut off. Told of connections by Jetty
 * ({@link Connection.Listener}, added to the connector as a bean) and of requests by {@link #tracker()}.
 */
final class ConnectionsPerAddress implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionsPerAddress.class);
    /** Written at most this often while connections are being closed, so a flood can't flood the log. */
    private static final long LOG_INTERVAL_MS = 60_000;
    /** A request whose head and body have been coming in for less than this may be one being answered. */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final int max;
    private final Map<InetAddress, Deque<Connection>> open = new HashMap<>();
    /** Connections between answered requests (keep-alive). */
    private final Set<Connection> resting = ConcurrentHashMap.newKeySet();
    /** When each connection opened, or its current request's head came in. */
    private final Map<Connection, Long> waitingSince = new ConcurrentHashMap<>();
    private final AtomicLong closedSinceLog = new AtomicLong();
    private long lastLog;

    /** @param max connections one address may hold open, at least 1 */
    ConnectionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = address(connection);
        if (address == null) {
            return;
        }
        waitingSince.put(connection, System.nanoTime());
        Connection victim = null;
        synchronized (open) {
            Deque<Connection> mine = open.computeIfAbsent(address, a -> new ArrayDeque<>());
            mine.addLast(connection);
            if (mine.size() > max) {
                victim = victim(mine, connection);
                mine.remove(victim);
            }
        }
        if (victim != null) {
            victim.getEndPoint().close();
            noteClosed(address);
        }
    }

    /** Of {@code mine} but {@code arriving}: which to close, by the order in the class comment. */
    private Connection victim(Deque<Connection> mine, Connection arriving) {
        long now = System.nanoTime();
        Connection longest = null;
        long longestSince = now;
        Connection oldestResting = null;
        for (Connection c : mine) {
            if (c == arriving) {
                continue;
            }
            if (resting.contains(c)) {
                oldestResting = oldestResting == null ? c : oldestResting; // the deque is in order of opening
                continue;
            }
            Long since = waitingSince.get(c);
            if (since != null && since - longestSince <= 0) {
                longest = c;
                longestSince = since;
            }
        }
        if (longest != null && now - longestSince >= GRACE.toNanos()) {
            return longest;
        }
        if (oldestResting != null) {
            return oldestResting;
        }
        return longest != null ? longest : mine.peekFirst();
    }

    /**
     * Tells this which connections rest between answered requests: put it outermost, so it sees every request whose
     * head has arrived, and when its answer is done.
     */
    Handler.Wrapper tracker() {
        return new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Connection connection = request.getConnectionMetaData().getConnection();
                waitingSince.put(connection, System.nanoTime());
                resting.remove(connection);
                return super.handle(request, response, Callback.from(callback, () -> resting.add(connection)));
            }
        };
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = address(connection);
        if (address == null) {
            return;
        }
        synchronized (open) {
            Deque<Connection> mine = open.get(address);
            if (mine != null && mine.remove(connection) && mine.isEmpty()) {
                open.remove(address);
            }
        }
        resting.remove(connection);
        waitingSince.remove(connection);
    }

    private void noteClosed(InetAddress address) {
        closedSinceLog.incrementAndGet();
        long now = System.currentTimeMillis();
        synchronized (closedSinceLog) {
            if (now - lastLog < LOG_INTERVAL_MS) {
                return;
            }
            lastLog = now;
        }
        log.warn("Closed {} connection(s) since the last such line: {} held more than {} open at once (the oldest goes;"
                + " SESSION_GUARD_MAX_CONNECTIONS_PER_ADDRESS)", closedSinceLog.getAndSet(0), address.getHostAddress(),
                max);
    }

    private static InetAddress address(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
