package dev.sessionguard.oauth;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.servlet.SlackAppServletAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Bolt's OAuth flow ({@code GET /slack/install}, {@code GET /slack/oauth_redirect}) as Bolt's
 * {@code SlackOAuthAppServlet} does, and also: answers requests Bolt can't parse with a page instead of an empty
 * 200, and keeps the pages out of caches and their URLs (which hold the one-time code) out of Referer headers.
 */
final class OAuthPagesServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(OAuthPagesServlet.class);

    private final transient App app;
    private final transient SlackAppServletAdapter adapter;

    OAuthPagesServlet(App app) {
        this.app = app;
        this.adapter = new SlackAppServletAdapter(app.config());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        try {
            Request<?> slackReq = adapter.buildSlackRequest(req);
            if (slackReq == null) {
                write(resp, 400, InstallPages.failed("This address needs the code and state that Slack adds to it."));
                return;
            }
            adapter.writeResponse(resp, app.run(slackReq));
        } catch (Exception e) {
            // The request's query holds the one-time code: name the failure only.
            log.error("The OAuth page {} failed: {}", req.getRequestURI(), e.getClass().getSimpleName());
            write(resp, 500, InstallPages.failed("Something went wrong on Session Guard's side; nothing was installed."));
        }
    }

    private static void write(HttpServletResponse resp, int status, String html) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.getWriter().write(html);
    }
}
