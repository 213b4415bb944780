package dev.sessionguard.support;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Block Kit as the JSON Slack receives, serialized the way the SDK serializes it.
 * Assertions look at parsed string values, never at raw JSON text: Gson writes {@code <} as
 * {@code \u003c}, so a raw-text search for {@code <!channel>} could never fail.
 */
public final class BlockKitJson {

    private static final Gson GSON = GsonFactory.createSnakeCase();

    private BlockKitJson() {
    }

    public static JsonElement tree(Object blockKit) {
        return GSON.toJsonTree(blockKit);
    }

    public static JsonObject object(Object blockKit) {
        return tree(blockKit).getAsJsonObject();
    }

    /** Every string value anywhere in the JSON, in document order. */
    public static List<String> strings(JsonElement json) {
        List<String> out = new ArrayList<>();
        collect(json, out);
        return out;
    }

    /** The {@code text.text} of each block that has one (sections), in order. */
    public static List<String> sectionTexts(JsonArray blocks) {
        List<String> out = new ArrayList<>();
        for (JsonElement b : blocks) {
            JsonObject text = b.getAsJsonObject().getAsJsonObject("text");
            if (text != null) {
                out.add(text.get("text").getAsString());
            }
        }
        return out;
    }

    private static void collect(JsonElement e, List<String> out) {
        if (e == null || e.isJsonNull()) {
            return;
        }
        if (e.isJsonPrimitive()) {
            if (e.getAsJsonPrimitive().isString()) {
                out.add(e.getAsString());
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, out));
        } else {
            for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
                collect(entry.getValue(), out);
            }
        }
    }
}
