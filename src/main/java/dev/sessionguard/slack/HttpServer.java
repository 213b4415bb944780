package dev.sessionguard.slack;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 (ee8) serving Bolt at {@code /slack/events} (through {@link MeteredSlackAppServlet}) and readiness at
 * {@code /healthz}. Jetty 12 rather than bolt-jetty's Jetty 9.4, which is past end of life.
 */
public final class HttpServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/slack/events";
    public static final String HEALTH_PATH = "/healthz";

    private final Server server;
    private final ServerConnector connector;

    private HttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * @param events   Slack's requests go to {@code /slack/events}, or null in Socket Mode, where they come over
     *                 the socket and nothing may arrive over HTTP (there may be no signing secret to check them)
     * @param health   answers whether the app is ready, and why not
     * @param more     further GET endpoints by path, e.g. {@code /metrics}
     */
    public static HttpServer start(MeteredSlackAppServlet events, int port, Supplier<Health> health,
                                   Map<String, HttpServlet> more) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(10_000);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (events != null) {
            context.addServlet(new ServletHolder(events), EVENTS_PATH);
        }
        context.addServlet(new ServletHolder(new HealthServlet(health)), HEALTH_PATH);
        more.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        server.setHandler(context.get());
        server.start();
        return new HttpServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Readiness: 200 with {@code ok}, or 503 with what is missing. */
    public record Health(boolean ready, String detail) {
    }

    private static final class HealthServlet extends HttpServlet {
        private final transient Supplier<Health> health;

        HealthServlet(Supplier<Health> health) {
            this.health = health;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Health h = health.get();
            resp.setStatus(h.ready() ? 200 : 503);
            resp.setContentType("application/json");
            resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
            JsonObject body = new JsonObject();
            body.addProperty("status", h.ready() ? "ok" : "starting");
            body.addProperty("detail", h.detail());
            resp.getWriter().write(body.toString());
        }
    }
}
