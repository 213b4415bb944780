package dev.sessionguard.edge;

import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.ViewCalls;
import com.google.gson.JsonObject;
import com.slack.api.Slack;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
    private final ViewCalls views;
    private final LongSupplier nanoTime;
    /**
     * No DM is tried before this (System.nanoTime): Slack rate-limited one and said when to come back. Every DM in
     * between would be refused too, and a lane that keeps asking drains its queue at Slack's pace, not its own.
     */
    private volatile long dmsPausedUntil;
    private volatile boolean dmsPaused;

    /** @param views what sends the DM: one built on {@link SlackCalls#withoutRetries()} */
    public Replies(Slack slack, ViewCalls views) {
        this(slack, views, System::nanoTime);
    }

    Replies(Slack slack, ViewCalls views, LongSupplier nanoTime) {
        this.slack = slack;
        this.views = views;
        this.nanoTime = nanoTime;
    }

    /** @return whether the person was told */
    public boolean tell(Reply to, String text) {
        if (to.hasResponseUrl() && postToResponseUrl(to.responseUrl(), text)) {
            return true;
        }
        // A response_url can be spent (5 posts) or unreachable; the DM still reaches the person.
        if (dmsPaused && nanoTime.getAsLong() - dmsPausedUntil < 0) {
            return false;
        }
        var dm = views.message(to.userId(), text, null);
        if (!dm.ok()) {
            log.warn("Could not tell {} \"{}\": chat.postMessage {}", to.userId(), text, dm.error());
            if (dm.retryAfter() > 0) {
                dmsPausedUntil = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(dm.retryAfter());
                dmsPaused = true;
            }
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
