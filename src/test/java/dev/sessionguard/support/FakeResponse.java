package dev.sessionguard.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable HTTP answer of {@link FakeSlack}: status, JSON (or raw) body and headers. */
public final class FakeResponse {

    private final int status;
    private final String body;
    private final Map<String, String> headers;

    private FakeResponse(int status, String body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    /** HTTP 200 {@code {"ok":true}}. */
    public static FakeResponse ok() {
        return ok(new JsonObject());
    }

    /** HTTP 200 {@code {"ok":true, ...extra}}; members of {@code extra} come after {@code ok}. */
    public static FakeResponse ok(JsonObject extra) {
        JsonObject json = new JsonObject();
        json.addProperty("ok", true);
        for (Map.Entry<String, JsonElement> e : extra.entrySet()) {
            if (!e.getKey().equals("ok")) {
                json.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        return json(200, json);
    }

    /** HTTP 200 {@code {"ok":false,"error":code}}, the way Slack reports almost every failure. */
    public static FakeResponse error(String code) {
        JsonObject json = new JsonObject();
        json.addProperty("ok", false);
        json.addProperty("error", code);
        return json(200, json);
    }

    /** HTTP 429 with {@code Retry-After} and {@code {"ok":false,"error":"ratelimited"}}. */
    public static FakeResponse ratelimited(int retryAfterSeconds) {
        JsonObject json = new JsonObject();
        json.addProperty("ok", false);
        json.addProperty("error", "ratelimited");
        return json(429, json).withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** Any status with a raw body, e.g. {@code httpStatus(503, "upstream unavailable")}. */
    public static FakeResponse httpStatus(int status, String body) {
        String type = body.startsWith("{") ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
        return new FakeResponse(status, body, Map.of("Content-Type", type));
    }

    /** Any status with a JSON body. */
    public static FakeResponse json(int status, JsonObject body) {
        return new FakeResponse(status, body.toString(), Map.of("Content-Type", "application/json; charset=utf-8"));
    }

    /** A copy with one more header (replacing one of the same name), e.g. {@code X-OAuth-Scopes}. */
    public FakeResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        copy.put(name, value);
        return new FakeResponse(status, body, copy);
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    /** Headers sent with the response (immutable). */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "FakeResponse[" + status + " " + body + "]";
    }
}
