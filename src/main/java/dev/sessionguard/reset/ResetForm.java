package dev.sessionguard.reset;

import dev.sessionguard.slack.ResetScope;
import com.slack.api.model.view.ViewState;
import dev.sessionguard.safety.PeopleCap;
import dev.sessionguard.slack.Mrkdwn;
import dev.sessionguard.slack.UserText;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A submitted reset form: either what to do, or the errors to show on its blocks.
 * Validation errors can only be returned in the submission's ack, so this is pure and fast.
 */
public record ResetForm(List<String> userIds, ResetScope scope, String reason, Map<String, String> errors) {

    public boolean valid() {
        return errors.isEmpty();
    }

    public static ResetForm read(ViewState state, int maxUsers) {
        Map<String, Map<String, ViewState.Value>> values =
                state == null || state.getValues() == null ? Map.of() : state.getValues();
        Map<String, String> errors = new LinkedHashMap<>();

        List<String> users = value(values, ResetModal.USERS_BLOCK)
                .map(ViewState.Value::getSelectedUsers)
                .map(u -> List.copyOf(new LinkedHashSet<>(u)))
                .orElse(List.of());
        PeopleCap cap = new PeopleCap(maxUsers);
        if (users.isEmpty()) {
            errors.put(ResetModal.USERS_BLOCK, "Choose at least one person.");
        } else if (!cap.allows(users.size())) {
            errors.put(ResetModal.USERS_BLOCK, cap.formError(users.size()));
        } else if (!users.stream().allMatch(Mrkdwn::isUserId)) {
            errors.put(ResetModal.USERS_BLOCK, "Choose people from the list.");
        }

        // The form always shows a selected option; a missing one means the shown default, "All sessions".
        Optional<ViewState.SelectedOption> selected = value(values, ResetModal.SCOPE_BLOCK)
                .map(ViewState.Value::getSelectedOption);
        // Not Optional.map: a null from the mapper would fall through to ALL, turning an unknown value into the widest reset.
        ResetScope scope = selected.isEmpty()
                ? ResetScope.ALL
                : ResetScope.fromValue(selected.get().getValue()).orElse(null);
        if (scope == null) {
            errors.put(ResetModal.SCOPE_BLOCK, "Choose which sessions to end.");
        }

        String reason = UserText.clean(value(values, ResetModal.REASON_BLOCK).map(ViewState.Value::getValue).orElse(null));
        if (reason.isEmpty()) {
            errors.put(ResetModal.REASON_BLOCK, "Give a reason: it is posted to the audit channel.");
        } else if (reason.length() > ResetModal.REASON_MAX) {
            errors.put(ResetModal.REASON_BLOCK, "Keep the reason under " + ResetModal.REASON_MAX + " characters.");
        }
        return new ResetForm(users, scope, reason, Map.copyOf(errors));
    }

    /** The block's value whatever its action ID, so a renamed action never loses input. */
    private static Optional<ViewState.Value> value(Map<String, Map<String, ViewState.Value>> values, String blockId) {
        Map<String, ViewState.Value> block = values.get(blockId);
        return block == null ? Optional.empty() : block.values().stream().findFirst();
    }
}
