package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import com.slack.api.model.view.ViewState;
import dev.sessionguard.safety.PeopleCap;
import dev.sessionguard.edge.FormValues;
import dev.sessionguard.text.Mrkdwn;
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
        FormValues values = FormValues.of(state);
        Map<String, String> errors = new LinkedHashMap<>();

        List<String> users = values.get(ResetModal.USERS_BLOCK)
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
        Optional<ViewState.SelectedOption> selected = values.get(ResetModal.SCOPE_BLOCK)
                .map(ViewState.Value::getSelectedOption);
        // Not Optional.map: a null from the mapper would fall through to ALL, turning an unknown value into the widest reset.
        ResetScope scope = selected.isEmpty()
                ? ResetScope.ALL
                : ResetScope.fromValue(selected.get().getValue()).orElse(null);
        if (scope == null) {
            errors.put(ResetModal.SCOPE_BLOCK, "Choose which sessions to end.");
        }

        String reason = values.reason(ResetModal.REASON_BLOCK, ResetModal.REASON_MAX, errors);
        return new ResetForm(users, scope, reason, Map.copyOf(errors));
    }
}
