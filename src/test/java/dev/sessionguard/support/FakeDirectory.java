package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link FakeSlack}'s {@code auth.teams.list} and {@code users.list}, read from the people it registered.
 * <ul>
 *   <li>{@code auth.teams.list}: the org's workspaces, those of its own people plus {@code T0000TEAM1}, in pages of
 *       {@code limit} (default 100).</li>
 *   <li>{@code users.list}: everyone registered in the workspace {@code team_id} names (a person in two workspaces is
 *       in both listings), as {@code users.info} shows them (email {@code name@example.com}, none for bots), in id
 *       order, pages of {@code limit} (at most 1,000, 1,000 without one). Like Slack with an org-level token,
 *       {@code team_id} is required: without it {@code missing_argument}; an unknown one {@code team_not_found}.</li>
 * </ul>
 * The cursor is an opaque offset ({@code offset:N}), "" on the last page.
 */
final class FakeDirectory {

    private final FakeSlack fake;
    private final Function<FakeUser, JsonObject> userJson;

    FakeDirectory(FakeSlack fake, Function<FakeUser, JsonObject> userJson) {
        this.fake = fake;
        this.userJson = userJson;
    }

    FakeResponse teams(RecordedCall c) {
        if (c.token() == null) {
            return FakeResponse.error("not_authed");
        }
        List<String> teams = workspaces();
        int from = offset(c);
        int to = Math.min(teams.size(), from + limit(c, 100));
        JsonArray page = new JsonArray();
        for (String id : teams.subList(Math.min(from, teams.size()), to)) {
            JsonObject team = new JsonObject();
            team.addProperty("id", id);
            team.addProperty("name", "Workspace " + id);
            page.add(team);
        }
        JsonObject json = new JsonObject();
        json.add("teams", page);
        json.add("response_metadata", nextCursor(to, teams.size()));
        return FakeResponse.ok(json);
    }

    FakeResponse users(RecordedCall c) {
        if (c.token() == null) {
            return FakeResponse.error("not_authed");
        }
        String team = c.param("team_id");
        if (team == null || team.isEmpty()) {
            return FakeResponse.error("missing_argument");
        }
        if (!workspaces().contains(team)) {
            return FakeResponse.error("team_not_found");
        }
        List<FakeUser> members = fake.registeredUsers().stream().filter(u -> teamsOf(u).contains(team))
                .sorted(Comparator.comparing(FakeUser::id)).toList();
        int from = offset(c);
        int to = Math.min(members.size(), from + limit(c, 1000));
        JsonArray page = new JsonArray();
        members.subList(Math.min(from, members.size()), to).forEach(u -> page.add(userJson.apply(u)));
        JsonObject json = new JsonObject();
        json.add("members", page);
        json.addProperty("cache_ts", 1700000000L);
        json.add("response_metadata", nextCursor(to, members.size()));
        return FakeResponse.ok(json);
    }

    /** The org's own workspaces: where its registered people are, and the fake's default one. */
    private List<String> workspaces() {
        TreeSet<String> teams = new TreeSet<>(List.of(DefaultResponders.TEAM_ID));
        fake.registeredUsers().stream().filter(u -> u.enterpriseId() == null).forEach(u -> teams.addAll(teamsOf(u)));
        return new ArrayList<>(teams);
    }

    /** As users.info shows them. */
    private static List<String> teamsOf(FakeUser u) {
        return u.teams() != null ? u.teams()
                : List.of(u.enterpriseId() == null ? DefaultResponders.TEAM_ID : DefaultResponders.OTHER_TEAM_ID);
    }

    private static int limit(RecordedCall c, int byDefault) {
        String limit = c.param("limit");
        int n = limit == null || limit.isEmpty() ? 0 : Integer.parseInt(limit);
        return n <= 0 ? byDefault : Math.min(1000, n);
    }

    private static int offset(RecordedCall c) {
        String cursor = c.param("cursor");
        return cursor == null || cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring("offset:".length()));
    }

    private static JsonObject nextCursor(int to, int size) {
        JsonObject meta = new JsonObject();
        meta.addProperty("next_cursor", to < size ? "offset:" + to : "");
        return meta;
    }
}
