package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A responder for {@code admin.users.session.list} that serves pages per person and workspace, like Slack:
 * {@code user_id} only together with {@code team_id}, {@code next_cursor} until the last page, and
 * {@code no_active_sessions} as an error for a person with none there.
 * <pre>{@code
 * slack.respond("admin.users.session.list", new SessionListPages()
 *         .page(ALICE, "T0000TEAM1", SessionListPages.session(ALICE, "T0000TEAM1", 1L), …)
 *         .page(ALICE, "T0000TEAM1", …)   // a second page
 *         .page(ALICE, "E0000ORG1", …));
 * }</pre>
 */
public final class SessionListPages implements Function<RecordedCall, FakeResponse> {

    private final Map<String, List<JsonArray>> pages = new ConcurrentHashMap<>();

    /** Adds one more page of sessions for {@code userId} in {@code teamId}. */
    public SessionListPages page(String userId, String teamId, JsonObject... sessions) {
        JsonArray array = new JsonArray();
        for (JsonObject s : sessions) {
            array.add(s.deepCopy());
        }
        pages.computeIfAbsent(key(userId, teamId), k -> new ArrayList<>()).add(array);
        return this;
    }

    /** Adds {@code count} sessions with ids {@code firstId, firstId+1, …}, {@code perPage} to a page. */
    public SessionListPages sessions(String userId, String teamId, long firstId, int count, int perPage) {
        List<JsonObject> page = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            page.add(session(userId, teamId, firstId + i));
            if (page.size() == perPage || i == count - 1) {
                page(userId, teamId, page.toArray(JsonObject[]::new));
                page.clear();
            }
        }
        return this;
    }

    /** A session created on a Mac at 203.0.113.7 and unchanged since ({@code recent} absent). */
    public static JsonObject session(String userId, String teamId, long sessionId) {
        JsonObject s = new JsonObject();
        s.addProperty("user_id", userId);
        s.addProperty("session_id", sessionId); // a JSON number, as Slack sends it
        s.addProperty("team_id", teamId);
        s.add("created", device("MacBookPro18,1", "macOS", "14.4", "4.36.140", "203.0.113.7"));
        return s;
    }

    /** A copy of {@code session} whose {@code recent} block is this device. */
    public static JsonObject withRecent(JsonObject session, JsonObject recent) {
        JsonObject copy = session.deepCopy();
        copy.add("recent", recent.deepCopy());
        return copy;
    }

    public static JsonObject device(String hardware, String os, String osVersion, String clientVersion, String ip) {
        JsonObject d = new JsonObject();
        d.addProperty("device_hardware", hardware);
        d.addProperty("os", os);
        d.addProperty("os_version", osVersion);
        d.addProperty("slack_client_version", clientVersion);
        d.addProperty("ip", ip);
        return d;
    }

    @Override
    public FakeResponse apply(RecordedCall c) {
        if (c.token() == null || !c.token().startsWith("xoxp-")) {
            return FakeResponse.error(c.token() == null ? "not_authed" : "not_allowed_token_type");
        }
        String userId = c.param("user_id");
        String teamId = c.param("team_id");
        if ((userId == null) != (teamId == null)) {
            return FakeResponse.error("invalid_arguments"); // Slack takes them only together
        }
        List<JsonArray> those = pages.get(key(userId, teamId));
        if (those == null || those.isEmpty()) {
            return FakeResponse.error("no_active_sessions");
        }
        String cursor = c.param("cursor");
        int index = cursor == null || cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring(cursor.lastIndexOf(':') + 1));
        if (index >= those.size()) {
            return FakeResponse.error("invalid_cursor");
        }
        JsonObject json = new JsonObject();
        json.add("active_sessions", those.get(index));
        JsonObject meta = new JsonObject();
        meta.addProperty("next_cursor", index + 1 < those.size() ? "dGVhbTo" + teamId + ":" + (index + 1) : "");
        json.add("response_metadata", meta);
        return FakeResponse.ok(json);
    }

    private static String key(String userId, String teamId) {
        return userId + "/" + teamId;
    }
}
