package dev.sessionguard.slack;

import com.slack.api.methods.response.views.ViewsUpdateResponse;
import com.slack.api.model.view.View;

/**
 * A modal opened (or pushed on top of another modal) with a placeholder, to be filled in once slow checks are done.
 * A {@code trigger_id} lives 3 seconds and works once, so the placeholder goes first; Slack wants
 * {@code views.push} when the trigger came from inside a modal.
 */
public final class ShownModal {

    private final Views views;
    private final View shown;
    private final String externalId;
    private final String error;

    private ShownModal(Views views, View shown, String externalId, String error) {
        this.views = views;
        this.shown = shown;
        this.externalId = externalId;
        this.error = error;
    }

    /** @param placeholder carries an external ID, used when Slack's answer has no view ID */
    public static ShownModal show(Views views, String triggerId, View placeholder, boolean push) {
        if (push) {
            var r = views.push(triggerId, placeholder);
            return new ShownModal(views, r.ok() ? r.response().getView() : null, placeholder.getExternalId(), r.error());
        }
        var r = views.open(triggerId, placeholder);
        return new ShownModal(views, r.ok() ? r.response().getView() : null, placeholder.getExternalId(), r.error());
    }

    public boolean ok() {
        return error == null;
    }

    /** Slack's error code when the modal could not be shown. */
    public String error() {
        return error;
    }

    public SlackResult<ViewsUpdateResponse> update(View view) {
        return views.updateShown(shown, externalId, view);
    }
}
