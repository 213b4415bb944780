package dev.sessionguard.edge;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 (ee8) serving Slack's requests at {@code /slack/events} (through {@link SlackEventsServlet}) and
 * readiness at {@code /healthz}. Jetty 12 rather than bolt-jetty's Jetty 9.4, which is past end of life.
 *
 * <p>Around every path: bodies over {@link SlackEventsServlet#MAX_BODY_BYTES} get 413 before more is read
 * (Jetty's {@link SizeLimitHandler}), TRACE and unknown methods get 405 before any servlet, idle connections close
 * after {@link #IDLE_TIMEOUT_MS}, one client address holds at most so many connections ({@link ConnectionsPerAddress}),
 * bodies are read with no thread waiting for them ({@link RequestBody}), and every error page is one short JSON line naming the status only: no
 * exception, servlet, stack or server version.
 */
public final class HttpServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/slack/events";
    public static final String HEALTH_PATH = "/healthz";
    /**
     * Jetty's threads, at most: each request is acked in about a millisecond (the Slack work runs after the ack, on
     * {@link AfterAck}'s lanes) and no thread waits for a body ({@link RequestBody}), so 16 threads keep 2 cores busy,
     * and more connections wait in Jetty's queue rather than each getting a thread: the process's thread count does
     * not grow with load. The selector and acceptor threads come out of these. 32 acked fewer commands a second at
     * 64 connections, the threads taking the cores from each other and from the JIT (docs/PERFORMANCE.md).
     */
    static final int MAX_THREADS = 16;
    static final int MIN_THREADS = 8;
    /** A client that sends nothing for this long (mid-headers or mid-body) is disconnected. */
    static final long IDLE_TIMEOUT_MS = 10_000;
    /**
     * The methods any servlet here may see; each answers the ones it does not take (405, or 400 on the OAuth paths).
     * Others (TRACE, anything made up) never reach a servlet, which would echo TRACE.
     */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final Server server;
    private final ServerConnector connector;

    private HttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Jetty's server, connector and servlet context for {@code port}, built on a thread of its own while the app is
     * set up: about a fifth of a second of a start, most of it Jetty's static tables (MIME types, the locales, header
     * tries). {@link #start} adds the servlets and starts it.
     *
     * @param maxPerAddress most connections one client address may hold open (its oldest goes past that), or 0 for
     *                      no limit
     * @param stopIdle      at a stop, how long a kept-alive connection with nothing in flight stays open (Slack and
     *                      the tests' clients keep theirs open; Jetty waits for them all to close)
     */
    public static Building build(int port, int maxPerAddress, Duration stopIdle) {
        FutureTask<Parts> parts = new FutureTask<>(() -> parts(port, maxPerAddress, stopIdle));
        Thread thread = new Thread(parts, "http-build");
        thread.setDaemon(true);
        thread.start();
        return new Building(parts);
    }

    /** Jetty's server while {@link #build} builds it. */
    public static final class Building {
        private final FutureTask<Parts> parts;

        private Building(FutureTask<Parts> parts) {
            this.parts = parts;
        }

        private Parts get() throws Exception {
            try {
                return parts.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private record Parts(Server server, ServerConnector connector, ServletContextHandler context,
            ConnectionsPerAddress perAddress) {
    }

    private static Parts parts(int port, int maxPerAddress, Duration stopIdle) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setShutdownIdleTimeout(stopIdle.toMillis());
        ConnectionsPerAddress perAddress = maxPerAddress > 0 ? new ConnectionsPerAddress(maxPerAddress) : null;
        if (perAddress != null) {
            connector.addBean(perAddress);
        }
        server.addConnector(connector);
        server.setStopTimeout(10_000);
        server.setErrorHandler(new TerseErrors());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(new TerseServletErrors());
        return new Parts(server, connector, context, perAddress);
    }

    /**
     * @param building the server {@link #build} is building
     * @param events   Slack's requests go to {@code /slack/events}, or null in Socket Mode, where they come over
     *                 the socket and nothing may arrive over HTTP (there may be no signing secret to check them)
     * @param health   answers whether the app is ready, and why not
     * @param more     further GET endpoints by path, e.g. {@code /metrics}
     */
    public static HttpServer start(Building building, SlackEventsServlet events, Supplier<Health> health,
                                   Map<String, HttpServlet> more) throws Exception {
        Parts parts = building.get();
        ServletContextHandler context = parts.context();
        if (events != null) {
            context.addServlet(holder(events), EVENTS_PATH);
        }
        context.addServlet(holder(new HealthServlet(health)), HEALTH_PATH);
        more.forEach((path, servlet) -> context.addServlet(holder(servlet), path));
        Handler.Wrapper methods = new OnlyMethods();
        methods.setHandler(context.get());
        SizeLimitHandler limit = new SizeLimitHandler(SlackEventsServlet.MAX_BODY_BYTES, -1);
        limit.setHandler(methods);
        if (parts.perAddress() != null) {
            Handler.Wrapper tracker = parts.perAddress().tracker();
            tracker.setHandler(limit);
            parts.server().setHandler(tracker);
        } else {
            parts.server().setHandler(limit);
        }
        parts.server().start();
        return new HttpServer(parts.server(), parts.connector());
    }

    /** Every servlet may read its body without a thread waiting ({@link RequestBody}). */
    private static ServletHolder holder(HttpServlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        return holder;
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

    /** The body of every error page: the status and its standard words, nothing from the request or the code. */
    static String errorBody(int status) {
        String words = HttpStatus.getMessage(status);
        return "{\"error\":\"" + (words == null ? "Error" : words) + "\"}";
    }

    /** Answers 405 to TRACE (which would echo the request's headers) and any other method not in {@link #METHODS}. */
    private static final class OnlyMethods extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!METHODS.contains(request.getMethod())) {
                Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
                return true;
            }
            return super.handle(request, response, callback);
        }
    }

    /** Jetty's own errors (bad HTTP, 413, 404 outside the context): {@link #errorBody} only. */
    private static final class TerseErrors extends ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(errorBody(code).getBytes(StandardCharsets.UTF_8)), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
            return ByteBuffer.wrap(errorBody(status).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Errors inside the servlet context (sendError, 404, 405, an exception): {@link #errorBody} only. */
    private static final class TerseServletErrors extends org.eclipse.jetty.ee8.nested.ErrorHandler {
        /** Jetty skips the error page for methods other than GET, POST and HEAD; every answer gets this one. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        public void handle(String target, org.eclipse.jetty.ee8.nested.Request baseRequest, HttpServletRequest request,
                HttpServletResponse response) throws IOException {
            baseRequest.setHandled(true);
            if (response.getStatus() == HttpStatus.NOT_IMPLEMENTED_501) {
                // HttpServlet's answer to a method it has no doX for (PATCH): to a client, that method is not allowed.
                response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
            }
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(errorBody(response.getStatus()));
        }
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
