package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Presses a button in a view the app really sent (a recorded {@code views.open/push/update/publish} call):
 * the {@code block_actions} payload Slack would send back, with that view's type, callback_id and
 * private_metadata, and the button's own block id and value.
 */
public final class Press {

    private Press() {
    }

    public static JsonObject button(String userId, RecordedCall shown, String actionId) {
        return button(userId, shown, actionId, v -> true);
    }

    /** The first button with {@code actionId} whose value matches. */
    public static JsonObject button(String userId, RecordedCall shown, String actionId, Predicate<String> value) {
        JsonObject view = shown.jsonParam("view");
        JsonObject found = null;
        String blockId = null;
        for (JsonElement b : view.getAsJsonArray("blocks")) {
            JsonObject block = b.getAsJsonObject();
            for (JsonObject element : elements(block)) {
                if (actionId.equals(text(element, "action_id")) && value.test(text(element, "value"))) {
                    found = element;
                    blockId = text(block, "block_id");
                    break;
                }
            }
            if (found != null) {
                break;
            }
        }
        if (found == null) {
            throw new AssertionError("no button " + actionId + " in " + view);
        }
        String viewId = shown.param("view_id") != null ? shown.param("view_id") : "V0000SHOWN";
        JsonObject payload = SlackRequests.blockAction(userId, viewId, blockId == null ? "b" : blockId, actionId,
                text(found, "value"));
        JsonObject sent = payload.getAsJsonObject("view");
        String type = text(view, "type") == null ? "modal" : text(view, "type");
        sent.addProperty("type", type);
        sent.addProperty("callback_id", text(view, "callback_id") == null ? "" : text(view, "callback_id"));
        sent.addProperty("private_metadata", text(view, "private_metadata") == null ? "" : text(view, "private_metadata"));
        sent.add("blocks", view.getAsJsonArray("blocks").deepCopy());
        return payload;
    }

    /**
     * A press of the first button with {@code actionId} on a message in a channel ({@code block_actions}, container
     * type {@code message}), as Slack sends it: the message's channel and ts, and the button's own block and value.
     *
     * @param message a {@code chat.postMessage} or {@code chat.update} the app made
     * @param ts      the message's ts (for a post, the fake's answer holds it)
     */
    public static JsonObject messageButton(String userId, RecordedCall message, String ts, String actionId) {
        JsonArray blocks = message.jsonArrayParam("blocks");
        for (JsonElement b : blocks) {
            JsonObject block = b.getAsJsonObject();
            for (JsonObject element : elements(block)) {
                if (actionId.equals(text(element, "action_id"))) {
                    JsonObject payload = SlackRequests.blockAction(userId, "", text(block, "block_id"), actionId,
                            text(element, "value"));
                    payload.remove("view");
                    String channel = message.param("channel");
                    JsonObject container = new JsonObject();
                    container.addProperty("type", "message");
                    container.addProperty("message_ts", ts);
                    container.addProperty("channel_id", channel);
                    container.addProperty("is_ephemeral", false);
                    payload.add("container", container);
                    JsonObject ch = new JsonObject();
                    ch.addProperty("id", channel);
                    ch.addProperty("name", "session-guard-audit");
                    payload.add("channel", ch);
                    JsonObject msg = new JsonObject();
                    msg.addProperty("type", "message");
                    msg.addProperty("ts", ts);
                    msg.addProperty("text", message.param("text"));
                    msg.add("blocks", blocks.deepCopy());
                    payload.add("message", msg);
                    return payload;
                }
            }
        }
        throw new AssertionError("no button " + actionId + " in " + blocks);
    }

    /** The payload with {@code view.state.values} set, e.g. what someone had chosen in the form. */
    public static JsonObject withState(JsonObject payload, JsonObject values) {
        JsonObject copy = payload.deepCopy();
        copy.getAsJsonObject("view").getAsJsonObject("state").add("values", values.deepCopy());
        return copy;
    }

    private static List<JsonObject> elements(JsonObject block) {
        List<JsonObject> out = new ArrayList<>();
        if (block.has("elements")) {
            block.getAsJsonArray("elements").forEach(e -> out.add(e.getAsJsonObject()));
        }
        if (block.has("accessory")) {
            out.add(block.getAsJsonObject("accessory"));
        }
        return out;
    }

    private static String text(JsonObject o, String member) {
        return o.has(member) && o.get(member).isJsonPrimitive() ? o.get(member).getAsString() : null;
    }
}
