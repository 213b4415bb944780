package dev.sessionguard.slack;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a person something in a line of text: ephemerally through the request's response_url, else by DM. Used for
 * busy notices on {@link AfterAck}'s notice lane, so its DM is tried once: a rate-limited notice is dropped (and
 * counted by the caller) rather than sleeping out a Retry-After while other notices wait behind it.
 */
public class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final Slack slack;
    private final Views views;

    /** @param views what sends the DM: one built on {@link SlackCalls#withoutRetries()} */
    public Replies(Slack slack, Views views) {
        this.slack = slack;
        this.views = views;
    }

    /** @return whether the person was told */
    public boolean tell(Reply to, String text) {
        if (to.hasResponseUrl() && postToResponseUrl(to.responseUrl(), text)) {
            return true;
        }
        // A response_url can be spent (5 posts) or unreachable; the DM still reaches the person.
        var dm = views.message(to.userId(), text, null);
        if (!dm.ok()) {
            log.warn("Could not tell {} \"{}\": chat.postMessage {}", to.userId(), text, dm.error());
        }
        return dm.ok();
    }

    private boolean postToResponseUrl(String url, String text) {
        JsonObject body = new JsonObject();
        body.addProperty("response_type", "ephemeral");
        body.addProperty("text", text);
        try {
            int code = slack.send(url, body.toString()).getCode();
            if (code / 100 == 2) {
                return true;
            }
            log.warn("response_url answered HTTP {}; telling the person by DM instead", code);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not post to response_url ({}); telling the person by DM instead", e.getClass().getSimpleName());
        }
        return false;
    }
}
