package dev.sessionguard.slackapi;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.request.views.ViewsOpenRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.methods.response.views.ViewsPublishResponse;
import com.slack.api.methods.response.views.ViewsPushResponse;
import com.slack.api.methods.response.views.ViewsUpdateResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Modals and direct messages, sent as the bot. */
public class ViewCalls {

    private static final Logger log = LoggerFactory.getLogger(ViewCalls.class);

    private final MethodsClient slack;
    private final Tokens tokens;
    private final SlackCalls calls;
    /**
     * One attempt for calls that spend a trigger: it lives 3 seconds, so waiting out a Retry-After or a backoff only
     * ends in {@code expired_trigger_id}; the caller tells the person to try again instead.
     */
    private final SlackCalls triggerCalls;

    public ViewCalls(MethodsClient slack, Tokens tokens, SlackCalls calls) {
        this.slack = slack;
        this.tokens = tokens;
        this.calls = calls;
        this.triggerCalls = calls.withoutRetries();
    }

    /** The same views, each call tried once: for updates that matter less than the work they report on. */
    public ViewCalls withoutRetries() {
        return new ViewCalls(slack, tokens, triggerCalls);
    }

    /** Opens a modal. A {@code trigger_id} lives 3 seconds and works once, so call this first, check later. */
    /**
     * Writes each view the way {@code views.open} sends it, once, and sends nothing: the SDK's JSON writer sets
     * itself up on the first view it writes (its form builder, a type adapter for every block and element: about a
     * tenth of a second in a fresh JVM), which would otherwise fall on an admin's first command after a start, inside
     * the trigger's 3 seconds. On a thread of its own, once the app has started; a failure is one WARN line.
     */
    public static void prepareInBackground(List<View> views) {
        Thread prepare = new Thread(() -> {
            try {
                for (View view : views) {
                    RequestFormBuilder.toForm(ViewsOpenRequest.builder().triggerId("prepare").view(view).build())
                            .build();
                }
            } catch (RuntimeException e) {
                log.warn("Could not prepare the forms' JSON ({}); the first form opens a little later",
                        e.getClass().getSimpleName());
            }
        }, "prepare-views");
        prepare.setDaemon(true);
        prepare.start();
    }

    public SlackResult<ViewsOpenResponse> open(String triggerId, View view) {
        return triggerCalls.call("views.open", () -> slack.viewsOpen(q -> q.token(tokens.bot().reveal()).triggerId(triggerId).view(view)));
    }

    /** Puts a modal on top of the open one, e.g. from a button in a modal. Same 3-second trigger rule as open. */
    public SlackResult<ViewsPushResponse> push(String triggerId, View view) {
        return triggerCalls.call("views.push", () -> slack.viewsPush(q -> q.token(tokens.bot().reveal()).triggerId(triggerId).view(view)));
    }

    /** Shows {@code view} on the person's App Home tab. */
    public SlackResult<ViewsPublishResponse> publish(String userId, View view) {
        return calls.call("views.publish", () -> slack.viewsPublish(q -> q.token(tokens.bot().reveal()).userId(userId).view(view)));
    }

    public SlackResult<ViewsUpdateResponse> update(String viewId, View view) {
        return calls.call("views.update", () -> slack.viewsUpdate(q -> q.token(tokens.bot().reveal()).viewId(viewId).view(view)));
    }

    /** Updates a modal by the external ID it was opened with, for when Slack returned no view ID. */
    public SlackResult<ViewsUpdateResponse> updateByExternalId(String externalId, View view) {
        return calls.call("views.update", () -> slack.viewsUpdate(q -> q.token(tokens.bot().reveal()).externalId(externalId).view(view)));
    }

    /** A message in the person's DM with the app: the fallback when their modal is gone. */
    public SlackResult<ChatPostMessageResponse> message(String userId, String text, List<LayoutBlock> blocks) {
        return calls.call("chat.postMessage", () -> slack.chatPostMessage(q -> q
                .token(tokens.bot().reveal()).channel(userId).text(text).blocks(blocks)));
    }

    /**
     * Shows the outcome of a change in the modal, or, when that fails (the admin closed it, Slack lost it),
     * as a DM: the admin must learn what happened either way.
     *
     * @param text the outcome in mrkdwn, for the DM
     */
    public void showResult(String viewId, View view, String userId, String text) {
        var shown = update(viewId, view);
        if (shown.ok()) {
            return;
        }
        var dm = message(userId, text, null);
        if (!dm.ok()) {
            log.error("Could not show a result to {}: views.update {}, chat.postMessage {}", userId, shown.error(), dm.error());
        }
    }
}
