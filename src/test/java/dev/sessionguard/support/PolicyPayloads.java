package dev.sessionguard.support;

import com.google.gson.JsonArray;
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

    public static JsonObject state(List<String> users, String mode, String duration, String hours, boolean closeOnQuit) {
        JsonObject values = new JsonObject();
        JsonArray selected = new JsonArray();
        users.forEach(selected::add);
        JsonObject usersValue = typed("multi_users_select");
        usersValue.add("selected_users", selected);
        values.add(PolicyModal.USERS_BLOCK, wrap(PolicyModal.USERS_BLOCK, usersValue));

        JsonObject modeValue = typed("radio_buttons");
        modeValue.add("selected_option", option(mode));
        values.add(PolicyModal.MODE_BLOCK, wrap(PolicyModal.MODE_BLOCK, modeValue));

        JsonObject durationValue = typed("static_select");
        if (duration != null) {
            durationValue.add("selected_option", option(duration));
        }
        values.add(PolicyModal.DURATION_BLOCK, wrap(PolicyModal.DURATION_BLOCK, durationValue));

        JsonObject hoursValue = typed("number_input");
        if (hours != null) {
            hoursValue.addProperty("value", hours);
        }
        values.add(PolicyModal.HOURS_BLOCK, wrap(PolicyModal.HOURS_BLOCK, hoursValue));

        JsonObject quitValue = typed("checkboxes");
        JsonArray quit = new JsonArray();
        if (closeOnQuit) {
            quit.add(option(PolicyModal.QUIT_VALUE));
        }
        quitValue.add("selected_options", quit);
        values.add(PolicyModal.QUIT_BLOCK, wrap(PolicyModal.QUIT_BLOCK, quitValue));
        return values;
    }

    private static JsonObject option(String value) {
        JsonObject o = new JsonObject();
        o.addProperty("value", value);
        return o;
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
