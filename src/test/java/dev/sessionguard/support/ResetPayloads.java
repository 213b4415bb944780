package dev.sessionguard.support;

import com.google.gson.JsonArray;
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
        JsonArray selected = new JsonArray();
        users.forEach(selected::add);
        JsonObject usersValue = typed("multi_users_select");
        usersValue.add("selected_users", selected);
        JsonObject option = new JsonObject();
        option.addProperty("value", scope);
        JsonObject scopeValue = typed("radio_buttons");
        scopeValue.add("selected_option", option);
        JsonObject reasonValue = typed("plain_text_input");
        reasonValue.addProperty("value", reason);

        JsonObject values = new JsonObject();
        values.add(ResetModal.USERS_BLOCK, wrap(ResetModal.USERS_ACTION, usersValue));
        values.add(ResetModal.SCOPE_BLOCK, wrap(ResetModal.SCOPE_ACTION, scopeValue));
        values.add(ResetModal.REASON_BLOCK, wrap(ResetModal.REASON_ACTION, reasonValue));
        return values;
    }

    private static JsonObject typed(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }

    private static JsonObject wrap(String actionId, JsonObject value) {
        JsonObject o = new JsonObject();
        o.add(actionId, value);
        return o;
    }
}
