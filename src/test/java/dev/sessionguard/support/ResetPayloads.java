package dev.sessionguard.support;

import com.google.gson.JsonObject;
import dev.sessionguard.reset.ResetModal;
import java.util.List;

/** Submissions of the reset modal, as Slack sends them once someone presses "Sign out". */
public final class ResetPayloads {

    private ResetPayloads() {
    }

    public static JsonObject submission(String userId, List<String> users, String scope, String reason) {
        return SlackRequests.viewSubmission(userId, ResetModal.CALLBACK_ID, "V0000FORM", state(users, scope, reason), "");
    }

    /** {@code view.state.values} with the users, the scope option value and the reason. */
    public static JsonObject state(List<String> users, String scope, String reason) {
        return new StateValues()
                .users(ResetModal.USERS_BLOCK, ResetModal.USERS_ACTION, users)
                .option(ResetModal.SCOPE_BLOCK, ResetModal.SCOPE_ACTION, "radio_buttons", scope)
                .text(ResetModal.REASON_BLOCK, ResetModal.REASON_ACTION, "plain_text_input", reason)
                .json();
    }
}
