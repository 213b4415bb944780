package dev.sessionguard.support;

import com.google.gson.JsonObject;
import dev.sessionguard.policy.PolicyModal;
import java.util.List;

/** Submissions of the session policy modal, as Slack sends them once someone presses "Apply". */
public final class PolicyPayloads {

    private PolicyPayloads() {
    }

    /**
     * @param mode     "set" or "clear"
     * @param duration a preset option value (seconds), "custom", or null for none chosen
     * @param hours    the custom hours as typed, or null
     */
    public static JsonObject submission(String userId, List<String> users, String mode, String duration, String hours,
            boolean closeOnQuit) {
        return SlackRequests.viewSubmission(userId, PolicyModal.CALLBACK_ID, "V0000POLICY",
                state(users, mode, duration, hours, closeOnQuit), "");
    }

    /** {@code view.state.values}; each of the policy modal's elements has its block's id as its action id. */
    public static JsonObject state(List<String> users, String mode, String duration, String hours, boolean closeOnQuit) {
        return new StateValues()
                .users(PolicyModal.USERS_BLOCK, PolicyModal.USERS_BLOCK, users)
                .option(PolicyModal.MODE_BLOCK, PolicyModal.MODE_BLOCK, "radio_buttons", mode)
                .option(PolicyModal.DURATION_BLOCK, PolicyModal.DURATION_BLOCK, "static_select", duration)
                .text(PolicyModal.HOURS_BLOCK, PolicyModal.HOURS_BLOCK, "number_input", hours)
                .options(PolicyModal.QUIT_BLOCK, PolicyModal.QUIT_BLOCK, "checkboxes",
                        closeOnQuit ? List.of(PolicyModal.QUIT_VALUE) : List.of())
                .json();
    }
}
