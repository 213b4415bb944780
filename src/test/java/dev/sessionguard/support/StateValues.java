package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code view.state.values} as Slack sends it with a submission or a button press: block id → action id →
 * the element's type and what was chosen. Build one answer at a time:
 * <pre>{@code new StateValues().users("users", "users", List.of(ALICE)).text("reason", "reason", "plain_text_input", "lost")}</pre>
 */
public final class StateValues {

    private final JsonObject values = new JsonObject();

    /** A {@code multi_users_select}'s {@code selected_users}. */
    public StateValues users(String blockId, String actionId, List<String> userIds) {
        JsonArray selected = new JsonArray();
        userIds.forEach(selected::add);
        JsonObject value = typed("multi_users_select");
        value.add("selected_users", selected);
        return put(blockId, actionId, value);
    }

    /** A {@code multi_conversations_select}'s {@code selected_conversations}. */
    public StateValues conversations(String blockId, String actionId, List<String> conversationIds) {
        JsonArray selected = new JsonArray();
        conversationIds.forEach(selected::add);
        JsonObject value = typed("multi_conversations_select");
        value.add("selected_conversations", selected);
        return put(blockId, actionId, value);
    }

    /** A {@code users_select}'s {@code selected_user}. */
    public StateValues user(String blockId, String actionId, String userId) {
        JsonObject value = typed("users_select");
        value.addProperty("selected_user", userId);
        return put(blockId, actionId, value);
    }

    /** The {@code selected_option} of {@code radio_buttons} or a {@code static_select}; none chosen if null. */
    public StateValues option(String blockId, String actionId, String type, String optionValue) {
        JsonObject value = typed(type);
        if (optionValue != null) {
            value.add("selected_option", option(optionValue));
        }
        return put(blockId, actionId, value);
    }

    /** The {@code selected_options} of {@code checkboxes} or a {@code multi_static_select}. */
    public StateValues options(String blockId, String actionId, String type, List<String> optionValues) {
        JsonArray selected = new JsonArray();
        optionValues.forEach(v -> selected.add(option(v)));
        JsonObject value = typed(type);
        value.add("selected_options", selected);
        return put(blockId, actionId, value);
    }

    /** The {@code value} of a {@code plain_text_input} or {@code number_input}; left empty if null. */
    public StateValues text(String blockId, String actionId, String type, String text) {
        JsonObject value = typed(type);
        if (text != null) {
            value.addProperty("value", text);
        }
        return put(blockId, actionId, value);
    }

    /** A {@code file_input}'s {@code files}: file objects, e.g. from {@link FakeSlack#file}. */
    public StateValues files(String blockId, String actionId, List<JsonObject> files) {
        JsonArray array = new JsonArray();
        files.forEach(f -> array.add(f.deepCopy()));
        JsonObject value = typed("file_input");
        value.add("files", array);
        return put(blockId, actionId, value);
    }

    /** The JSON, a copy. */
    public JsonObject json() {
        return values.deepCopy();
    }

    /** The state as Bolt hands it to the app, parsed from the JSON the way Bolt parses it. */
    public ViewState viewState() {
        JsonObject state = new JsonObject();
        state.add("values", json());
        return GsonFactory.createSnakeCase().fromJson(state, ViewState.class);
    }

    /**
     * What Slack would send if someone submitted {@code view} without changing anything: each input block's initial
     * value, under the block's and the element's own ids.
     */
    public static StateValues shownIn(JsonObject view) {
        StateValues state = new StateValues();
        for (JsonElement b : view.getAsJsonArray("blocks")) {
            JsonObject block = b.getAsJsonObject();
            if (!"input".equals(block.get("type").getAsString())) {
                continue;
            }
            JsonObject element = block.getAsJsonObject("element");
            String type = element.get("type").getAsString();
            String blockId = block.get("block_id").getAsString();
            String actionId = element.get("action_id").getAsString();
            switch (type) {
                case "multi_users_select" -> state.users(blockId, actionId, strings(element.getAsJsonArray("initial_users")));
                case "multi_conversations_select" -> state.conversations(blockId, actionId,
                        strings(element.getAsJsonArray("initial_conversations")));
                case "radio_buttons", "static_select" -> state.option(blockId, actionId, type,
                        element.has("initial_option") ? optionValue(element.get("initial_option")) : null);
                case "checkboxes", "multi_static_select" -> {
                    List<String> chosen = new ArrayList<>();
                    if (element.has("initial_options")) {
                        element.getAsJsonArray("initial_options").forEach(o -> chosen.add(optionValue(o)));
                    }
                    state.options(blockId, actionId, type, chosen);
                }
                case "plain_text_input", "number_input" -> state.text(blockId, actionId, type,
                        element.has("initial_value") ? element.get("initial_value").getAsString() : null);
                case "file_input" -> state.files(blockId, actionId, List.of());
                default -> throw new AssertionError("unexpected input " + element);
            }
        }
        return state;
    }

    private StateValues put(String blockId, String actionId, JsonObject value) {
        if (!values.has(blockId)) {
            values.add(blockId, new JsonObject());
        }
        values.getAsJsonObject(blockId).add(actionId, value);
        return this;
    }

    private static JsonObject typed(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }

    private static JsonObject option(String value) {
        JsonObject o = new JsonObject();
        o.addProperty("value", value);
        return o;
    }

    private static String optionValue(JsonElement option) {
        return option.getAsJsonObject().get("value").getAsString();
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }
}
