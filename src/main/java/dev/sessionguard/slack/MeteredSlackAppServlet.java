package dev.sessionguard.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.servlet.SlackAppServletAdapter;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what Bolt's {@code SlackAppServlet} does, and tells a {@link Listener} the kind, status and time of
 * every request. Bolt's own servlet can't be wrapped for this: the request type is only known once Bolt has
 * parsed the body, and a bad signature is answered inside {@code app.run} (401), so both are seen here.
 */
public final class MeteredSlackAppServlet extends HttpServlet {

    /** Told of every request to {@code /slack/events}, e.g. for metrics. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param type   Bolt's request type, or null when Bolt could not parse the request
         * @param status the HTTP status written
         * @param nanos  from the request reaching this servlet until the response was written
         */
        void handled(RequestType type, int status, long nanos);
    }

    private static final Logger log = LoggerFactory.getLogger(MeteredSlackAppServlet.class);

    private final transient App app;
    private final transient SlackAppServletAdapter adapter;
    private final transient Listener listener;

    public MeteredSlackAppServlet(App app, Listener listener) {
        this.app = app;
        this.adapter = new SlackAppServletAdapter(app.config());
        this.listener = listener;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        RequestType type = null;
        boolean written = false;
        try {
            Request<?> slackReq = adapter.buildSlackRequest(req);
            if (slackReq == null) {
                adapter.writeResponse(resp, Response.builder().statusCode(400).body("Invalid Request").build());
            } else {
                type = slackReq.getRequestType();
                run(slackReq, resp);
            }
            written = true;
        } finally {
            // Anything thrown out of here becomes a 500 from Jetty.
            listener.handled(type, written ? resp.getStatus() : 500, System.nanoTime() - start);
        }
    }

    private void run(Request<?> slackReq, HttpServletResponse resp) throws IOException {
        Response slackResp;
        try {
            slackResp = app.run(slackReq);
        } catch (Exception e) {
            // As Bolt's servlet does: a generic body; the detail only in our log.
            log.error("Handling a Slack {} request failed: {}", slackReq.getRequestType(),
                    e.getClass().getSimpleName(), e);
            resp.setStatus(500);
            resp.setContentType("application/json");
            resp.getWriter().write("{\"error\":\"Something is wrong\"}");
            return;
        }
        adapter.writeResponse(resp, slackResp);
    }
}
