package dev.sessionguard.oauth;

import com.slack.api.app_backend.oauth.payload.VerificationCodePayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import com.slack.api.bolt.request.builtin.OAuthStartRequest;
import com.slack.api.bolt.servlet.ServletAdapterOps;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One door of Bolt's OAuth flow: {@code GET /slack/install} (the start) or {@code GET /slack/oauth_redirect} (the
 * callback), and nothing else. Bolt's own parser takes any body for a Slack request whatever the path or method,
 * and with no signing secret (Socket Mode) checks it against a placeholder anyone can sign with; so this servlet
 * refuses every other method and any request with a body, unread, and builds the one Bolt request its path
 * stands for itself, from the query string alone.
 *
 * <p>It also keeps the pages out of caches and their URLs (which hold the one-time code) out of Referer headers,
 * and answers what Bolt can't use with a page instead of an empty 200.
 */
final class OAuthPagesServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(OAuthPagesServlet.class);

    private final transient App app;
    private final boolean start;

    private OAuthPagesServlet(App app, boolean start) {
        this.app = app;
        this.start = start;
    }

    /** {@link OAuthPaths#INSTALL}: issues a state (a database row) and shows the install page. */
    static OAuthPagesServlet start(App app) {
        return new OAuthPagesServlet(app, true);
    }

    /** {@link OAuthPaths#REDIRECT}: checks the state and exchanges the code. */
    static OAuthPagesServlet callback(App app) {
        return new OAuthPagesServlet(app, false);
    }

    /** Every method comes here, so none falls through to HttpServlet's defaults. */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            write(resp, 400, InstallPages.notThisWay());
            return;
        }
        if (hasBody(req)) {
            // Left unread. Closing the connection spares Jetty reading it to reuse the connection.
            resp.setHeader("Connection", "close");
            write(resp, 400, InstallPages.notThisWay());
            return;
        }
        try {
            if (start) {
                start(req, resp);
            } else {
                callback(req, resp);
            }
        } catch (Exception e) {
            // The request's query holds the one-time code: name the failure only.
            log.error("The OAuth page {} failed: {}", req.getRequestURI(), e.getClass().getSimpleName());
            write(resp, 500, InstallPages.failed("Something went wrong on Session Guard's side; nothing was installed."));
        }
    }

    /** A browser's GET has none; anything else is not a request these pages take. */
    private static boolean hasBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    private void start(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        OAuthStartRequest slackReq = new OAuthStartRequest("", cookieHeaders(req));
        ServletAdapterOps.writeResponse(resp, app.run(prepared(slackReq, req)));
    }

    private void callback(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        Map<String, List<String>> query = query(req.getQueryString());
        if (query == null) {
            write(resp, 400, InstallPages.failed("This address needs the code and state that Slack adds to it."));
            return;
        }
        OAuthCallbackRequest slackReq = new OAuthCallbackRequest(query, "", VerificationCodePayload.from(query),
                cookieHeaders(req));
        ServletAdapterOps.writeResponse(resp, app.run(prepared(slackReq, req)));
    }

    /** What Bolt's parser would add to a request it built: the app's Slack client and settings, the address. */
    private Request<?> prepared(Request<?> slackReq, HttpServletRequest req) {
        slackReq.updateContext(app.config());
        slackReq.setClientIpAddress(req.getRemoteAddr());
        return slackReq;
    }

    /** Only the browser's cookies, where the state's copy is: nothing else of the request reaches Bolt. */
    private static RequestHeaders cookieHeaders(HttpServletRequest req) {
        List<String> cookies = Collections.list(req.getHeaders("Cookie"));
        return new RequestHeaders(cookies.isEmpty() ? Map.of() : Map.of("Cookie", cookies));
    }

    /**
     * The query as names and (mutable, non-empty) lists of values, or null when there is none or it does not
     * decode. A name without {@code =} has the value "".
     */
    static Map<String, List<String>> query(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                query.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return query.isEmpty() ? null : query;
    }

    private static void write(HttpServletResponse resp, int status, String html) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.getWriter().write(html);
    }
}
