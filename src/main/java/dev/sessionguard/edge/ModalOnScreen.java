package dev.sessionguard.edge;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.methods.response.views.ViewsUpdateResponse;
import com.slack.api.model.view.View;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A modal on screen that after-ack work fills in: one opened (or pushed on top of another modal) with a
 * placeholder, or one already open whose button was pressed or whose form was submitted.
 * A {@code trigger_id} lives 3 seconds and works once, so the placeholder goes first; Slack wants
 * {@code views.push} when the trigger came from inside a modal.
 */
public final class ModalOnScreen {

    /** Slack stacks at most 3 modals; a 4th push gets this. */
    static final String PUSH_LIMIT_REACHED = "push_limit_reached";
    static final String FAILED_TEXT =
            ":warning: Something went wrong; nothing more was done. Anything already done is in the audit trail;"
                    + " details are in Session Guard's log.";

    private static final Logger log = LoggerFactory.getLogger(ModalOnScreen.class);

    private final ViewCalls views;
    private final String viewId;
    private final String externalId;
    private final String error;

    private ModalOnScreen(ViewCalls views, String viewId, String externalId, String error) {
        this.views = views;
        this.viewId = viewId;
        this.externalId = externalId;
        this.error = error;
    }

    /**
     * @param placeholder carries an external ID, used when Slack's answer has no view ID
     * @param fromViewId  the modal whose button carried the trigger (Slack then wants views.push), or null
     *                    when the trigger came from outside a modal (views.open)
     */
    public static ModalOnScreen show(ViewCalls views, String triggerId, View placeholder, String fromViewId) {
        String externalId = placeholder.getExternalId();
        if (fromViewId == null) {
            var opened = views.open(triggerId, placeholder);
            return new ModalOnScreen(views, opened.ok() ? idOf(opened.response().getView()) : null, externalId, opened.error());
        }
        var pushed = views.push(triggerId, placeholder);
        if (!PUSH_LIMIT_REACHED.equals(pushed.error())) {
            return new ModalOnScreen(views, pushed.ok() ? idOf(pushed.response().getView()) : null, externalId, pushed.error());
        }
        // The stack is full: this modal takes the place of the one whose button was pressed.
        var replaced = views.update(fromViewId, placeholder);
        return new ModalOnScreen(views, fromViewId, externalId, replaced.error());
    }

    /**
     * The one way a tool's modal opens behind the admin check: the placeholder first (the trigger lives 3 s), then
     * {@code checked} (which checks the invoker, records a refusal, and returns the form or the refusal), then that
     * view in the placeholder's place. Runs on the fast lane.
     *
     * @param what       the modal in a log line's words, e.g. "the session console"
     * @param fromViewId the modal whose button carried the trigger (Slack then wants views.push), or null
     * @return false when the modal could not be shown and the person has heard nothing
     */
    public static boolean openChecked(ViewCalls views, String triggerId, String fromViewId, View placeholder,
            String what, String userId, java.util.function.Supplier<View> checked) {
        ModalOnScreen shown = show(views, triggerId, placeholder, fromViewId);
        if (!shown.ok()) {
            log.warn("Could not open {} for {}: {}", what, userId, shown.error());
            return false;
        }
        shown.run(() -> shown.update(checked.get()));
        return true;
    }

    /** A modal already open, e.g. the one whose button was pressed or whose form was submitted. */
    public static ModalOnScreen of(ViewCalls views, String viewId) {
        return new ModalOnScreen(views, viewId, null, null);
    }

    private static String idOf(View view) {
        return view == null ? null : view.getId();
    }

    public boolean ok() {
        return error == null;
    }

    /** Slack's error code when the modal could not be shown. */
    public String error() {
        return error;
    }

    /** Updates the modal by its ID when Slack returned one, else by the external ID it was opened with. */
    public SlackResult<ViewsUpdateResponse> update(View view) {
        return viewId != null && !viewId.isBlank() ? views.update(viewId, view) : views.updateByExternalId(externalId, view);
    }

    /**
     * Runs the rest of the after-ack work on this modal. An unexpected exception would otherwise leave a
     * placeholder ("Checking…", "Working…") on screen for good: the modal says something went wrong instead,
     * claiming nothing, and the log names the exception's class (not its message, which may quote Slack's data).
     */
    public void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("After-ack work failed with {} at {}", e.getClass().getName(), where(e));
            var r = update(failed());
            if (!r.ok()) {
                log.warn("Could not show the error in the modal: {}", r.error());
            }
        }
    }

    /** The innermost frame of Session Guard's own code, e.g. below a JDK method that threw. */
    private static String where(Throwable e) {
        return Arrays.stream(e.getStackTrace()).filter(f -> f.getClassName().startsWith("dev.sessionguard."))
                .findFirst().map(String::valueOf).orElse("an unknown place");
    }

    /** What the modal shows after an unexpected failure. */
    static View failed() {
        return view(v -> v.type("modal")
                .title(viewTitle(t -> t.type("plain_text").text("Session Guard")))
                .close(viewClose(t -> t.type("plain_text").text("Close")))
                .blocks(List.of(section(s -> s.text(markdownText(FAILED_TEXT))))));
    }
}
