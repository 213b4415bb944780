package dev.sessionguard.edge;

import dev.sessionguard.text.UserText;
import com.slack.api.model.view.ViewState;
import java.util.Map;
import java.util.Optional;

/** A submitted modal's {@code state.values}, read by block: the one reader every form uses. */
public final class FormValues {

    private final Map<String, Map<String, ViewState.Value>> values;

    private FormValues(Map<String, Map<String, ViewState.Value>> values) {
        this.values = values;
    }

    /** A missing state reads as a form with nothing filled in, so each form reports its own errors. */
    public static FormValues of(ViewState state) {
        return new FormValues(state == null || state.getValues() == null ? Map.of() : state.getValues());
    }

    /**
     * A required reason, cleaned once where it enters the app ({@link UserText#clean}). When it is missing or too
     * long, the error goes on {@code blockId} in {@code errors}, in the words every form uses.
     *
     * @return the cleaned reason, possibly empty
     */
    public String reason(String blockId, int max, Map<String, String> errors) {
        String reason = UserText.clean(get(blockId).map(ViewState.Value::getValue).orElse(null));
        if (reason.isEmpty()) {
            errors.put(blockId, "Give a reason: it is posted to the audit channel.");
        } else if (reason.length() > max) {
            errors.put(blockId, "Keep the reason under " + max + " characters.");
        }
        return reason;
    }

    /** The block's value whatever its action ID, so a renamed action never loses input. */
    public Optional<ViewState.Value> get(String blockId) {
        Map<String, ViewState.Value> block = values.get(blockId);
        return block == null ? Optional.empty() : block.values().stream().filter(v -> v != null).findFirst();
    }
}
