package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * One request {@link FakeSlack} received.
 *
 * @param method  the Web API method, e.g. {@code views.open}
 * @param token   from {@code Authorization: Bearer …}, else the {@code token} field; null if neither
 * @param params  form fields (and query parameters); for a JSON body its top-level members as strings
 * @param json    the parsed body when it was JSON, else null
 * @param rawBody the body exactly as received
 * @param at      when it arrived
 * @param authorization the {@code Authorization} header as sent, or null (e.g. HTTP Basic for {@code oauth.v2.access})
 */
public record RecordedCall(String method, String token, Map<String, String> params, JsonObject json,
                           String rawBody, Instant at, String authorization) {

    public RecordedCall(String method, String token, Map<String, String> params, JsonObject json, String rawBody,
                        Instant at) {
        this(method, token, params, json, rawBody, at, null);
    }

    /** {@code id:secret} from {@code Authorization: Basic …}, the way the SDK sends client credentials; else null. */
    public String basicCredentials() {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        return new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    }

    /** A parameter as text (JSON objects and arrays as their JSON text), or null if absent. */
    public String param(String name) {
        String value = params.get(name);
        if (value != null || json == null || !json.has(name)) {
            return value;
        }
        JsonElement e = json.get(name);
        return e.isJsonPrimitive() ? e.getAsString() : e.isJsonNull() ? null : e.toString();
    }

    /** A parameter holding a JSON object (e.g. the {@code view} of {@code views.open}), parsed; null if absent. */
    public JsonObject jsonParam(String name) {
        JsonElement e = element(name);
        return e == null ? null : e.getAsJsonObject();
    }

    /** A parameter holding a JSON array (e.g. the {@code blocks} of {@code chat.postMessage}), parsed; null if absent. */
    public JsonArray jsonArrayParam(String name) {
        JsonElement e = element(name);
        return e == null ? null : e.getAsJsonArray();
    }

    private JsonElement element(String name) {
        if (json != null && json.has(name) && !json.get(name).isJsonPrimitive()) {
            return json.get(name).isJsonNull() ? null : json.get(name).deepCopy();
        }
        String text = param(name);
        return text == null ? null : JsonParser.parseString(text);
    }

    @Override
    public String toString() {
        return method + " token=" + token + " params=" + params.keySet();
    }
}
