package dev.sessionguard.slack;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections from one client address. A connection that would pass it closes the
 * address's <em>oldest</em> connection rather than being refused itself: connections that sit open the longest are
 * the ones dribbling headers or bodies, while Slack's requests, and a probe of {@code /healthz}, are answered within
 * milliseconds of connecting. So whoever holds many connections from one address keeps no more than {@code max} of
 * them, and a new request from that address still gets in. Told of connections by Jetty
 * ({@link Connection.Listener}, added to the connector as a bean).
 */
final class ConnectionsPerAddress implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionsPerAddress.class);
    /** Written at most this often while connections are being closed, so a flood can't flood the log. */
    private static final long LOG_INTERVAL_MS = 60_000;

    private final int max;
    private final Map<InetAddress, Deque<Connection>> open = new HashMap<>();
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
        Connection oldest = null;
        synchronized (open) {
            Deque<Connection> mine = open.computeIfAbsent(address, a -> new ArrayDeque<>());
            mine.addLast(connection);
            if (mine.size() > max) {
                oldest = mine.pollFirst();
            }
        }
        if (oldest != null) {
            oldest.getEndPoint().close();
            noteClosed(address);
        }
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
    }

    /** Connections open from {@code address} now, as counted here. */
    int openFrom(InetAddress address) {
        synchronized (open) {
            Deque<Connection> mine = open.get(address);
            return mine == null ? 0 : mine.size();
        }
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
