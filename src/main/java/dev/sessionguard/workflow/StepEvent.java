package dev.sessionguard.workflow;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code function_executed} event read from its raw JSON: the SDK's typed model drops the {@code runner} input (a
 * {@code user_context} arrives as an object, {@code {"id", "secret"}}), so the whole event is read here. Anything
 * missing or of another type reads as null (or no people), for {@link SignOutStep} to refuse in words.
 *
 * @param token the event's short-lived workflow token ({@code bot_access_token}), the only one the step is
 *              completed with; null when missing
 */
public record StepEvent(SignOutStep.Run run, String token) {

    /** @throws IllegalArgumentException when the body is not an event envelope at all */
    public static StepEvent read(String body) {
        JsonElement parsed = JsonParser.parseString(body);
        if (!parsed.isJsonObject() || !(parsed.getAsJsonObject().get("event") instanceof JsonObject event)) {
            throw new IllegalArgumentException("not an event envelope");
        }
        JsonObject envelope = parsed.getAsJsonObject();
        JsonObject inputs = event.get("inputs") instanceof JsonObject o ? o : new JsonObject();
        String runner = inputs.get("runner") instanceof JsonObject r ? string(r, "id") : null;
        List<String> people = new ArrayList<>();
        if (inputs.get("people") instanceof JsonArray array) {
            array.forEach(p -> {
                if (p.isJsonPrimitive() && p.getAsJsonPrimitive().isString()) {
                    people.add(p.getAsString());
                }
            });
        }
        String org = string(envelope, "enterprise_id");
        if (org == null && envelope.get("authorizations") instanceof JsonArray auths && !auths.isEmpty()
                && auths.get(0) instanceof JsonObject first) {
            org = string(first, "enterprise_id");
        }
        SignOutStep.Run run = new SignOutStep.Run(string(event, "function_execution_id"),
                string(event, "workflow_execution_id"), runner, org, people, string(inputs, "scope"),
                string(inputs, "reason"));
        return new StepEvent(run, string(event, "bot_access_token"));
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
