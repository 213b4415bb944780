package dev.sessionguard.policy;

import dev.sessionguard.slackapi.SessionDuration;
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
 * A submitted policy form: what to do, or the errors to show on its blocks. Pure and fast, because
 * errors can only go back in the submission's ack, so a duration Slack would refuse never reaches Slack.
 *
 * @param duration the new duration when setting, else null
 */
public record PolicyForm(List<String> userIds, Mode mode, SessionDuration duration, boolean closeOnQuit,
        Map<String, String> errors) {

    public enum Mode {
        SET("set", "Set a policy"),
        CLEAR("clear", "Clear it: follow the org default");

        private final String value;
        private final String label;

        Mode(String value, String label) {
            this.value = value;
            this.label = label;
        }

        public String value() {
            return value;
        }

        public String label() {
            return label;
        }
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** @param maxUsers {@code SESSION_GUARD_MAX_USERS}, the same cap the reset form has */
    public static PolicyForm read(ViewState state, int maxUsers) {
        FormValues values = FormValues.of(state);
        Map<String, String> errors = new LinkedHashMap<>();

        List<String> users = values.get(PolicyModal.USERS_BLOCK)
                .map(ViewState.Value::getSelectedUsers)
                .map(u -> List.copyOf(new LinkedHashSet<>(u)))
                .orElse(List.of());
        PeopleCap cap = new PeopleCap(maxUsers);
        if (users.isEmpty()) {
            errors.put(PolicyModal.USERS_BLOCK, "Choose at least one person.");
        } else if (!cap.allows(users.size())) {
            errors.put(PolicyModal.USERS_BLOCK, cap.formError(users.size()));
        } else if (!users.stream().allMatch(Mrkdwn::isUserId)) {
            errors.put(PolicyModal.USERS_BLOCK, "Choose people from the list.");
        }

        // The form always shows a selected mode; none means the shown default, "Set".
        String modeValue = values.get(PolicyModal.MODE_BLOCK).map(ViewState.Value::getSelectedOption)
                .map(ViewState.SelectedOption::getValue).orElse(Mode.SET.value());
        Mode mode = modeValue.equals(Mode.CLEAR.value()) ? Mode.CLEAR : modeValue.equals(Mode.SET.value()) ? Mode.SET : null;
        if (mode == null) {
            errors.put(PolicyModal.MODE_BLOCK, "Choose whether to set or clear the policy.");
        }
        if (mode != Mode.SET) {
            return new PolicyForm(users, mode, null, false, Map.copyOf(errors));
        }

        String option = values.get(PolicyModal.DURATION_BLOCK).map(ViewState.Value::getSelectedOption)
                .map(ViewState.SelectedOption::getValue).orElse(null);
        String hours = values.get(PolicyModal.HOURS_BLOCK).map(ViewState.Value::getValue).orElse("").strip();
        SessionDuration duration = null;
        if (PolicyModal.CUSTOM.equals(option) || (option == null && !hours.isEmpty())) {
            duration = customHours(hours, errors);
        } else if (option == null) {
            errors.put(PolicyModal.DURATION_BLOCK, "Choose a session duration.");
        } else if (!hours.isEmpty()) {
            errors.put(PolicyModal.HOURS_BLOCK, "Leave this empty, or choose Custom above.");
        } else {
            duration = SessionDuration.Preset.fromValue(option).map(SessionDuration.Preset::duration).orElse(null);
            if (duration == null) {
                errors.put(PolicyModal.DURATION_BLOCK, "Choose a session duration from the list.");
            }
        }
        boolean closeOnQuit = values.get(PolicyModal.QUIT_BLOCK).map(ViewState.Value::getSelectedOptions)
                .map(o -> o.stream().anyMatch(x -> PolicyModal.QUIT_VALUE.equals(x.getValue()))).orElse(false);
        return new PolicyForm(users, mode, errors.isEmpty() ? duration : null, closeOnQuit, Map.copyOf(errors));
    }

    private static SessionDuration customHours(String hours, Map<String, String> errors) {
        String bounds = "Use " + SessionDuration.MIN_HOURS + " to " + String.format("%,d", SessionDuration.MAX_HOURS)
                + " hours (8 hours to 10 years): Slack accepts nothing outside that.";
        if (hours.isEmpty()) {
            errors.put(PolicyModal.HOURS_BLOCK, "Enter the number of hours. " + bounds);
            return null;
        }
        if (!hours.matches("\\d{1,12}")) {
            errors.put(PolicyModal.HOURS_BLOCK, "Enter whole hours, for example 36. " + bounds);
            return null;
        }
        Optional<SessionDuration> d = SessionDuration.ofSeconds(Long.parseLong(hours) * 3600);
        if (d.isEmpty()) {
            errors.put(PolicyModal.HOURS_BLOCK, bounds);
            return null;
        }
        return d.get();
    }
}
