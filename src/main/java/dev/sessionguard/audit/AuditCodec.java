package dev.sessionguard.audit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical form of an {@link AuditRecord}: JSON with a fixed member order and no absent
 * members written as null. The chain hashes exactly these bytes, so this must never change
 * for existing records; add members only at the end.
 */
public final class AuditCodec {

    private AuditCodec() {
    }

    public static String canonical(AuditRecord r) {
        JsonObject o = new JsonObject();
        o.addProperty("at", r.at().toString());
        o.addProperty("actor_id", r.actorId());
        o.addProperty("action", r.action());
        o.addProperty("outcome", r.outcome().name());
        putIfPresent(o, "scope", r.scope());
        putIfPresent(o, "reason", r.reason());
        putIfPresent(o, "detail", r.detail());
        o.add("targets", targetsJson(r.targets()));
        // Added after records existed: written only when present, so every earlier record hashes as it did.
        if (r.ref() != null) {
            o.addProperty("ref", r.ref());
        }
        return o.toString();
    }

    /** The targets alone, in the same form as inside a record: e.g. the outcomes of an action as they land. */
    public static String targets(List<TargetResult> targets) {
        return targetsJson(targets).toString();
    }

    public static List<TargetResult> parseTargets(String json) {
        return parseTargets(JsonParser.parseString(json).getAsJsonArray());
    }

    private static JsonArray targetsJson(List<TargetResult> list) {
        JsonArray targets = new JsonArray();
        for (TargetResult t : list) {
            JsonObject j = new JsonObject();
            j.addProperty("user_id", t.userId());
            j.addProperty("status", t.status().name());
            putIfPresent(j, "error_code", t.errorCode());
            putIfPresent(j, "words", t.words());
            targets.add(j);
        }
        return targets;
    }

    private static List<TargetResult> parseTargets(JsonArray array) {
        List<TargetResult> targets = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject t = e.getAsJsonObject();
            targets.add(new TargetResult(t.get("user_id").getAsString(),
                    TargetResult.Status.valueOf(t.get("status").getAsString()),
                    string(t, "error_code"), string(t, "words")));
        }
        return targets;
    }

    public static AuditRecord parse(String canonical) {
        JsonObject o = JsonParser.parseString(canonical).getAsJsonObject();
        List<TargetResult> targets = parseTargets(o.getAsJsonArray("targets"));
        return new AuditRecord(Instant.parse(o.get("at").getAsString()), o.get("actor_id").getAsString(),
                o.get("action").getAsString(), AuditRecord.Outcome.valueOf(o.get("outcome").getAsString()),
                string(o, "scope"), string(o, "reason"), string(o, "detail"), targets,
                o.has("ref") ? o.get("ref").getAsLong() : null);
    }

    private static void putIfPresent(JsonObject o, String name, String value) {
        if (value != null) {
            o.addProperty(name, value);
        }
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
