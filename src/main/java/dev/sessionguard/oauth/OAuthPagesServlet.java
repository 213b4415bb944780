package dev.sessionguard.oauth;

import com.slack.api.app_backend.oauth.payload.VerificationCodePayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import com.slack.api.bolt.request.builtin.OAuthStartRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.servlet.ServletAdapterOps;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
 * <p>It also rate-limits starts per address and stops them while the state table is full (both store a row for
 * anyone who asks), keeps the pages out of caches and their URLs (which hold the one-time code) out of Referer
 * headers, and answers what Bolt can't use with a page instead of an empty 200.
 */
final class OAuthPagesServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(OAuthPagesServlet.class);
    /** How long a full state table is said to last; states expire within ten minutes, the oldest much sooner. */
    private static final Duration FULL_RETRY_AFTER = Duration.ofMinutes(1);

    private final transient App app;
    /** Null at the callback, which stores nothing. */
    private final transient InstallStartLimit startLimit;
    private final transient BooleanSupplier roomForAnotherState;
    private final AtomicLong lastFullWarning = new AtomicLong();

    private OAuthPagesServlet(App app, InstallStartLimit startLimit, BooleanSupplier roomForAnotherState) {
        this.app = app;
        this.startLimit = startLimit;
        this.roomForAnotherState = roomForAnotherState;
    }

    /** {@link OAuthPaths#INSTALL}: issues a state (a database row) and shows the install page. */
    static OAuthPagesServlet start(App app, InstallStartLimit limit, BooleanSupplier roomForAnotherState) {
        return new OAuthPagesServlet(app, limit, roomForAnotherState);
    }

    /** {@link OAuthPaths#REDIRECT}: checks the state and exchanges the code. */
    static OAuthPagesServlet callback(App app) {
        return new OAuthPagesServlet(app, null, null);
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
            if (startLimit != null) {
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
        Optional<Duration> wait = startLimit.tryStart(req.getRemoteAddr());
        if (wait.isPresent()) {
            resp.setHeader("Retry-After", Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000)));
            write(resp, 429, InstallPages.tryLater("Too many installs were started from your address in the last "
                    + "minute."));
            return;
        }
        if (!roomForAnotherState.getAsBoolean()) {
            warnFull();
            tryLater(resp, "Too many installs were started in the last few minutes.");
            return;
        }
        OAuthStartRequest slackReq = new OAuthStartRequest("", cookieHeaders(req));
        Response slackResp = app.run(prepared(slackReq, req));
        if (slackResp.getStatusCode() >= 500) {
            // Bolt catches what the state store throws (it filled up meanwhile, or the database is down) and answers
            // a bare 500; a page says more. Bolt has logged the cause.
            tryLater(resp, "Session Guard could not start an install just now: too many were started in the last "
                    + "few minutes, or its database did not answer.");
            return;
        }
        ServletAdapterOps.writeResponse(resp, laxCookies(slackResp));
    }

    private void callback(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        Map<String, List<String>> query = query(req.getQueryString());
        if (query == null) {
            write(resp, 400, InstallPages.failed("This address needs the code and state that Slack adds to it."));
            return;
        }
        OAuthCallbackRequest slackReq = new OAuthCallbackRequest(query, "", VerificationCodePayload.from(query),
                cookieHeaders(req));
        ServletAdapterOps.writeResponse(resp, laxCookies(app.run(prepared(slackReq, req))));
    }

    /**
     * Bolt writes the state cookie as {@code slack-app-oauth-state=…; Secure; HttpOnly; Path=/; Max-Age=600}, with no
     * {@code SameSite}: each cookie Bolt sets gets {@code SameSite=Lax}, so another site can't have the browser send
     * it with a request it makes in the background (a form post, an image, a frame). Lax, not Strict: Slack sends the
     * browser back to the redirect as a top-level GET from slack.com, and the cookie must come along then.
     */
    static Response laxCookies(Response slackResp) {
        Map<String, List<String>> headers = slackResp.getHeaders();
        if (headers != null) {
            headers.replaceAll((name, values) -> "Set-Cookie".equalsIgnoreCase(name) && values != null
                    ? values.stream().map(OAuthPagesServlet::lax).toList() : values);
        }
        return slackResp;
    }

    private static String lax(String cookie) {
        return cookie == null || cookie.toLowerCase(Locale.ROOT).contains("samesite=") ? cookie
                : cookie + "; SameSite=Lax";
    }

    /** What Bolt's parser would add to a request it built: the app's Slack client and settings, the address. */
    private Request<?> prepared(Request<?> slackReq, HttpServletRequest req) {
        slackReq.updateContext(app.config());
        slackReq.setClientIpAddress(req.getRemoteAddr());
        return slackReq;
    }

    private static void tryLater(HttpServletResponse resp, String why) throws IOException {
        resp.setHeader("Retry-After", Long.toString(FULL_RETRY_AFTER.toSeconds()));
        write(resp, 503, InstallPages.tryLater(why));
    }

    /** Once a minute at most: a flood would otherwise write a line per request. */
    private void warnFull() {
        long now = System.currentTimeMillis();
        long last = lastFullWarning.get();
        if (now - last >= FULL_RETRY_AFTER.toMillis() && lastFullWarning.compareAndSet(last, now)) {
            log.warn("Refusing install starts: as many OAuth states are live as are kept; they expire within 10 "
                    + "minutes");
        }
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
