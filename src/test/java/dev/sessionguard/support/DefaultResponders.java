package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sessionguard.support.FakeUser.Flag;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static dev.sessionguard.support.FakeResponse.error;
import static dev.sessionguard.support.FakeResponse.ok;

/** What {@link FakeSlack} answers until a test says otherwise. Shapes follow /work/shared/slack-samples. */
final class DefaultResponders {

    static final String TEAM_ID = "T0000TEAM1";
    static final String OTHER_TEAM_ID = "T0000OTHER";
    static final String BOT_USER_ID = "U0000BOT1";
    static final String BOT_ID = "B0000BOT1";
    static final String APP_ID = "A0000APP1";
    static final String INSTALLER_USER_ID = "W0000INSTALLER";
    static final String BOT_SCOPES = "commands,chat:write,users:read,usergroups:read,groups:read,channels:read,"
            + "users:read.email,files:write,files:read";
    static final String USER_SCOPES = "admin.users:read,admin.users:write";

    private final FakeSlack fake;
    private final AtomicLong modalIds = new AtomicLong();
    private final AtomicLong homeIds = new AtomicLong();
    private final AtomicLong hashes = new AtomicLong();
    private final AtomicLong messageTs = new AtomicLong();
    private final FakeDirectory directory;

    DefaultResponders(FakeSlack fake) {
        this.fake = fake;
        this.directory = new FakeDirectory(fake, this::userJson);
    }

    Map<String, Function<RecordedCall, FakeResponse>> all() {
        return Map.ofEntries(
                Map.entry("auth.test", this::authTest),
                Map.entry("auth.revoke", DefaultResponders::authRevoke),
                Map.entry("users.info", this::usersInfo),
                Map.entry("usergroups.users.list", this::usergroupsUsersList),
                Map.entry("usergroups.list", this::usergroupsList),
                Map.entry("conversations.members", this::conversationsMembers),
                Map.entry("users.lookupByEmail", this::usersLookupByEmail),
                Map.entry("views.open", c -> view(c, "modal", nextModalId())),
                Map.entry("views.push", c -> view(c, "modal", nextModalId())),
                Map.entry("views.update", c -> view(c, "modal", c.param("view_id") != null ? c.param("view_id") : nextModalId())),
                Map.entry("views.publish", c -> view(c, "home", String.format("VHOME%07d", homeIds.incrementAndGet()))),
                Map.entry("chat.postMessage", this::chatPostMessage),
                Map.entry("chat.postEphemeral", c -> ok(obj("message_ts", nextTs()))),
                Map.entry("chat.update", this::chatUpdate),
                Map.entry("files.getUploadURLExternal", c -> fake.fileUploads().uploadUrl(c)),
                Map.entry("files.completeUploadExternal", c -> fake.fileUploads().complete(c)),
                Map.entry("admin.users.session.reset", c -> admin(c, () -> ok())),
                Map.entry("admin.users.session.resetBulk", c -> admin(c, () -> ok())),
                Map.entry("admin.users.session.invalidate", c -> admin(c, () -> invalidate(c))),
                Map.entry("admin.users.session.setSettings", c -> admin(c, () -> setSettings(c))),
                Map.entry("admin.users.session.clearSettings", c -> admin(c, () -> userIds(c) == null ? error("invalid_arguments") : ok())),
                Map.entry("admin.users.session.getSettings", c -> admin(c, () -> getSettings(c))),
                Map.entry("admin.users.session.list", c -> admin(c, () -> error("no_active_sessions"))),
                Map.entry("conversations.info", this::conversationsInfo),
                // The user directory's sync (issue 20): FakeDirectory.
                Map.entry("auth.teams.list", directory::teams),
                Map.entry("users.list", directory::users));
    }

    /** Any method without a responder. */
    static FakeResponse unknownMethod(RecordedCall call) {
        return error("unknown_method");
    }

    private FakeResponse authTest(RecordedCall c) {
        String token = c.token();
        if (token == null) {
            return error("not_authed");
        }
        JsonObject json = new JsonObject();
        if (token.startsWith("xoxb-")) {
            json.addProperty("url", "https://example-ws.slack.com/");
            json.addProperty("team", "Example Workspace");
            json.addProperty("user", "session-guard");
            json.addProperty("team_id", TEAM_ID);
            json.addProperty("user_id", BOT_USER_ID);
            json.addProperty("bot_id", BOT_ID);
            json.addProperty("enterprise_id", fake.enterpriseId());
            json.addProperty("is_enterprise_install", false);
            return ok(json).withHeader("X-OAuth-Scopes", BOT_SCOPES);
        }
        FakeAuditLogs.Owner owner = fake.auditLogs().registeredOwner(token);
        if (owner != null) {
            // An Org Owner's token for the audit logs: its own org and scopes (auditlogs:read, or what the test gave).
            String org = fake.auditLogs().orgOf(owner);
            json.addProperty("url", "https://example-org.enterprise.slack.com/");
            json.addProperty("team", "Example Org");
            json.addProperty("user", "org-owner");
            json.addProperty("team_id", org);
            json.addProperty("user_id", owner.userId());
            json.addProperty("enterprise_id", org);
            json.addProperty("is_enterprise_install", true);
            return ok(json).withHeader("X-OAuth-Scopes", String.join(",", owner.scopes()));
        }
        if (token.startsWith("xoxp-")) {
            json.addProperty("url", "https://example-org.enterprise.slack.com/");
            json.addProperty("team", "Example Org");
            json.addProperty("user", "installer");
            json.addProperty("team_id", fake.enterpriseId());
            json.addProperty("user_id", INSTALLER_USER_ID);
            json.addProperty("enterprise_id", fake.enterpriseId());
            json.addProperty("is_enterprise_install", true);
            return ok(json).withHeader("X-OAuth-Scopes", USER_SCOPES);
        }
        return error("invalid_auth");
    }

    /** Any {@code xox…} token is revoked; {@code test=1} only pretends. */
    private static FakeResponse authRevoke(RecordedCall c) {
        String token = c.token();
        if (token == null) {
            return error("not_authed");
        }
        if (!token.startsWith("xox")) {
            return error("invalid_auth");
        }
        JsonObject json = new JsonObject();
        json.addProperty("revoked", !"1".equals(c.param("test")) && !"true".equals(c.param("test")));
        return ok(json);
    }

    private FakeResponse usersInfo(RecordedCall c) {
        FakeUser user = c.param("user") == null ? null : fake.registeredUser(c.param("user"));
        return user == null ? error("user_not_found") : ok(obj("user", userJson(user)));
    }

    private JsonObject userJson(FakeUser u) {
        boolean ownOrg = u.enterpriseId() == null;
        String enterpriseId = ownOrg ? fake.enterpriseId() : u.enterpriseId();
        String enterpriseName = ownOrg ? "Example Org" : "Other Org";
        List<String> teams = u.teams() != null ? u.teams() : List.of(ownOrg ? TEAM_ID : OTHER_TEAM_ID);
        String realName = u.name().isEmpty() ? "" : Character.toUpperCase(u.name().charAt(0)) + u.name().substring(1);

        JsonObject profile = new JsonObject();
        profile.addProperty("real_name", realName);
        profile.addProperty("real_name_normalized", realName);
        profile.addProperty("display_name", u.name());
        profile.addProperty("display_name_normalized", u.name());
        profile.addProperty("team", teams.get(0));
        if (u.has(Flag.BOT)) {
            profile.addProperty("bot_id", "B" + u.id().substring(1));
            profile.addProperty("api_app_id", "A" + u.id().substring(1));
        } else {
            profile.addProperty("email", u.name() + "@example.com");
        }

        JsonObject eu = new JsonObject();
        eu.addProperty("id", u.id());
        eu.addProperty("enterprise_id", enterpriseId);
        eu.addProperty("enterprise_name", enterpriseName);
        eu.addProperty("is_admin", u.has(Flag.ORG_ADMIN));
        eu.addProperty("is_owner", u.has(Flag.ORG_OWNER));
        eu.addProperty("is_primary_owner", u.has(Flag.PRIMARY_OWNER));
        eu.add("teams", strings(teams));

        JsonObject json = new JsonObject();
        json.addProperty("id", u.id());
        json.addProperty("team_id", teams.get(0));
        json.addProperty("name", u.name());
        json.addProperty("deleted", u.has(Flag.DELETED));
        json.addProperty("color", "9f69e7");
        json.addProperty("real_name", realName);
        json.addProperty("tz", "Europe/London");
        json.addProperty("tz_label", "Greenwich Mean Time");
        json.addProperty("tz_offset", 0);
        json.add("profile", profile);
        json.addProperty("is_admin", u.has(Flag.WORKSPACE_ADMIN) || u.has(Flag.ORG_ADMIN));
        json.addProperty("is_owner", u.has(Flag.ORG_OWNER));
        json.addProperty("is_primary_owner", u.has(Flag.PRIMARY_OWNER));
        json.addProperty("is_restricted", u.has(Flag.GUEST));
        json.addProperty("is_ultra_restricted", u.has(Flag.SINGLE_CHANNEL_GUEST));
        json.addProperty("is_bot", u.has(Flag.BOT));
        json.addProperty("is_app_user", false);
        json.addProperty("updated", 1700000000L);
        json.addProperty("is_email_confirmed", !u.has(Flag.BOT));
        json.add("enterprise_user", eu);
        json.add("teams", strings(teams));
        json.addProperty("enterprise_id", enterpriseId);
        json.addProperty("enterprise_name", enterpriseName);
        return json;
    }

    private FakeResponse usergroupsUsersList(RecordedCall c) {
        List<String> members = c.param("usergroup") == null ? null : fake.registeredGroup(c.param("usergroup"));
        return members == null ? error("no_such_subteam") : ok(obj("users", strings(members)));
    }

    /** Every registered group, named after its id: {@code handle} = the id in lower case. */
    private FakeResponse usergroupsList(RecordedCall c) {
        com.google.gson.JsonArray groups = new com.google.gson.JsonArray();
        fake.registeredGroupIds().stream().sorted().forEach(id -> {
            JsonObject g = obj("id", id);
            g.addProperty("name", "Group " + id);
            g.addProperty("handle", id.toLowerCase(java.util.Locale.ROOT));
            groups.add(g);
        });
        JsonObject json = new JsonObject();
        json.add("usergroups", groups);
        return ok(json);
    }

    /** Pages of {@code limit} (default 100, at most 1,000); the cursor is an opaque offset, "" on the last page. */
    private FakeResponse conversationsMembers(RecordedCall c) {
        List<String> members = c.param("channel") == null ? null : fake.registeredChannel(c.param("channel"));
        if (members == null) {
            return error("channel_not_found");
        }
        int limit = c.param("limit") == null ? 100 : Math.min(1000, Math.max(1, Integer.parseInt(c.param("limit"))));
        String cursor = c.param("cursor");
        int from = cursor == null || cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring("offset:".length()));
        int to = Math.min(members.size(), from + limit);
        JsonObject json = obj("members", strings(members.subList(from, to)));
        json.add("response_metadata", obj("next_cursor", to < members.size() ? "offset:" + to : ""));
        return ok(json);
    }

    private FakeResponse usersLookupByEmail(RecordedCall c) {
        FakeUser user = c.param("email") == null ? null : fake.registeredUserByEmail(c.param("email"));
        return user == null ? error("users_not_found") : ok(obj("user", userJson(user)));
    }

    private FakeResponse view(RecordedCall c, String type, String id) {
        JsonObject posted = c.param("view") == null ? new JsonObject() : c.jsonParam("view");
        JsonObject view = new JsonObject();
        view.addProperty("id", id);
        view.addProperty("team_id", TEAM_ID);
        view.addProperty("type", type);
        for (var e : posted.entrySet()) {
            view.add(e.getKey(), e.getValue());
        }
        view.addProperty("id", id);
        view.addProperty("team_id", TEAM_ID);
        JsonObject state = new JsonObject();
        state.add("values", new JsonObject());
        view.add("state", state);
        view.addProperty("hash", "1700000000." + String.format("%08x", hashes.incrementAndGet()));
        view.addProperty("root_view_id", id);
        view.addProperty("app_id", APP_ID);
        view.addProperty("app_installed_team_id", TEAM_ID);
        view.addProperty("bot_id", BOT_ID);
        return ok(obj("view", view));
    }

    private FakeResponse chatPostMessage(RecordedCall c) {
        String channel = c.param("channel");
        if (channel == null) {
            return error("channel_not_found");
        }
        if (channel.startsWith("U") || channel.startsWith("W")) {
            channel = "D" + channel.substring(1); // posting to a user id lands in the bot's DM with them
        }
        String ts = nextTs();
        JsonObject message = new JsonObject();
        message.addProperty("type", "message");
        message.addProperty("user", BOT_USER_ID);
        message.addProperty("bot_id", BOT_ID);
        message.addProperty("app_id", APP_ID);
        message.addProperty("team", TEAM_ID);
        message.addProperty("text", c.param("text") == null ? "" : c.param("text"));
        message.addProperty("ts", ts);
        if (c.param("thread_ts") != null) {
            message.addProperty("thread_ts", c.param("thread_ts"));
        }
        if (c.param("blocks") != null) {
            message.add("blocks", c.jsonArrayParam("blocks"));
        }
        JsonObject json = obj("channel", channel);
        json.addProperty("ts", ts);
        json.add("message", message);
        return ok(json);
    }

    private FakeResponse chatUpdate(RecordedCall c) {
        JsonObject json = obj("channel", c.param("channel"));
        json.addProperty("ts", c.param("ts"));
        json.addProperty("text", c.param("text") == null ? "" : c.param("text"));
        return ok(json);
    }

    /** Slack's current docs require user_id as well as session_id. */
    private static FakeResponse invalidate(RecordedCall c) {
        if (c.param("user_id") == null || c.param("session_id") == null || !c.param("session_id").matches("\\d+")) {
            return error("invalid_arguments");
        }
        return ok();
    }

    /** Up to 1,000 people a call; a duration, when given, from 28,800 to 315,569,520 seconds. */
    private static FakeResponse setSettings(RecordedCall c) {
        List<String> ids = userIds(c);
        if (ids == null) {
            return error("invalid_arguments");
        }
        if (ids.size() > 1000) {
            return error("too_many_users");
        }
        String duration = c.param("duration");
        if (duration != null && (!duration.matches("\\d{1,12}")
                || Long.parseLong(duration) < 28_800 || Long.parseLong(duration) > 315_569_520)) {
            return error("invalid_duration");
        }
        return ok();
    }

    private static List<String> userIds(RecordedCall c) {
        String ids = c.param("user_ids");
        return ids == null || ids.isBlank() ? null : Arrays.stream(ids.split(",")).map(String::trim).toList();
    }

    private FakeResponse getSettings(RecordedCall c) {
        String ids = c.param("user_ids");
        if (ids == null || ids.isBlank()) {
            return error("invalid_arguments");
        }
        JsonObject json = new JsonObject();
        json.add("session_settings", new JsonArray());
        json.add("no_settings_applied", strings(Arrays.stream(ids.split(",")).map(String::trim).toList()));
        return ok(json);
    }

    private FakeResponse conversationsInfo(RecordedCall c) {
        if (c.param("channel") == null) {
            return error("channel_not_found");
        }
        JsonObject channel = new JsonObject();
        channel.addProperty("id", c.param("channel"));
        channel.addProperty("name", "session-guard-audit");
        channel.addProperty("name_normalized", "session-guard-audit");
        channel.addProperty("is_channel", true);
        channel.addProperty("is_group", false);
        channel.addProperty("is_im", false);
        channel.addProperty("is_mpim", false);
        channel.addProperty("is_private", true);
        channel.addProperty("is_archived", false);
        channel.addProperty("is_member", true);
        channel.addProperty("created", 1700000000L);
        channel.addProperty("creator", INSTALLER_USER_ID);
        channel.addProperty("context_team_id", TEAM_ID);
        if (Set.of("true", "1").contains(String.valueOf(c.param("include_num_members")))) {
            List<String> members = fake.registeredChannel(c.param("channel"));
            channel.addProperty("num_members", members == null ? 0 : members.size());
        }
        return ok(obj("channel", channel));
    }

    /** Slack's own token checks for admin.* methods: a user token is required. */
    private static FakeResponse admin(RecordedCall c, java.util.function.Supplier<FakeResponse> success) {
        if (c.token() == null) {
            return error("not_authed");
        }
        if (!c.token().startsWith("xoxp-")) {
            return error(c.token().startsWith("xox") ? "not_allowed_token_type" : "invalid_auth");
        }
        return success.get();
    }

    private String nextModalId() {
        return String.format("V%010d", modalIds.incrementAndGet());
    }

    private String nextTs() {
        long n = messageTs.incrementAndGet();
        return String.format("%d.%06d", 1700000000L + n / 10000, (n % 10000) * 100);
    }

    private static JsonObject obj(String key, Object value) {
        JsonObject json = new JsonObject();
        if (value instanceof JsonObject o) {
            json.add(key, o);
        } else if (value instanceof JsonArray a) {
            json.add(key, a);
        } else {
            json.addProperty(key, value == null ? null : value.toString());
        }
        return json;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
