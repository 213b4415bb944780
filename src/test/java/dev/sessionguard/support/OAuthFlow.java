package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser going through the app's OAuth install, and the {@code oauth.v2.access} answers Slack gives at its
 * end. Redirects are not followed, so each step can be looked at.
 */
public final class OAuthFlow {

    public static final String BOT_TOKEN = "xoxb-oauth-SECRET-bot-7d1e";
    public static final String ADMIN_TOKEN = "xoxp-oauth-SECRET-admin-4c2a";
    /** The installer the fake's {@code auth.test} names for any {@code xoxp-} token. */
    public static final String INSTALLER = "W0000INSTALLER";
    public static final String BOT_USER_ID = "U0000BOT1";
    public static final String APP_ID = SlackRequests.API_APP_ID;
    public static final String COOKIE_NAME = "slack-app-oauth-state";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern HREF = Pattern.compile("href=\"(https://slack\\.com/[^\"]+)\"");

    private final String baseUrl;

    public OAuthFlow(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** What {@code GET /slack/install} gave: the link to Slack's authorize page and the state cookie. */
    public record Started(HttpResponse<String> page, URI authorizeUrl, String cookie) {

        public String state() {
            return query().get("state");
        }

        /** The authorize link's query, decoded. */
        public Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            for (String pair : authorizeUrl.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return q;
        }
    }

    public HttpResponse<String> get(String pathAndQuery, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code /slack/install} and picks up the authorize link and the state cookie. */
    public Started start() {
        HttpResponse<String> page = get("/slack/install", null);
        Matcher m = HREF.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new AssertionError("no link to Slack on the install page: " + page.statusCode() + " " + page.body());
        }
        String cookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(COOKIE_NAME + "="))
                .map(c -> c.split(";", 2)[0])
                .findFirst().orElse(null);
        return new Started(page, URI.create(m.group(1).replace("&amp;", "&")), cookie);
    }

    /** Slack sending the browser back with {@code code} and the state it was given. */
    public HttpResponse<String> finish(Started started, String code) {
        return redirect("code=" + enc(code) + "&state=" + enc(started.state()), started.cookie());
    }

    public HttpResponse<String> redirect(String query, String cookie) {
        return get("/slack/oauth_redirect?" + query, cookie);
    }

    /** The whole install: start, then come back with {@code code}. */
    public HttpResponse<String> install(String code) {
        return finish(start(), code);
    }

    // ---------------------------------------------------------------- oauth.v2.access answers

    /**
     * An org-wide install by an Org Admin who granted both admin scopes: {@code is_enterprise_install: true}
     * and {@code team: null}, as Slack answers it.
     */
    public static JsonObject orgInstall(String enterpriseId) {
        JsonObject o = new JsonObject();
        o.addProperty("app_id", APP_ID);
        JsonObject user = new JsonObject();
        user.addProperty("id", INSTALLER);
        user.addProperty("scope", "admin.users:read,admin.users:write");
        user.addProperty("access_token", ADMIN_TOKEN);
        user.addProperty("token_type", "user");
        o.add("authed_user", user);
        o.addProperty("scope", "commands,chat:write,users:read,usergroups:read,groups:read,channels:read");
        o.addProperty("token_type", "bot");
        o.addProperty("access_token", BOT_TOKEN);
        o.addProperty("bot_user_id", BOT_USER_ID);
        o.add("team", JsonNull.INSTANCE);
        JsonObject enterprise = new JsonObject();
        enterprise.addProperty("id", enterpriseId);
        enterprise.addProperty("name", "Example Org");
        o.add("enterprise", enterprise);
        o.addProperty("is_enterprise_install", true);
        return o;
    }

    /** The same app installed to one workspace of the org instead. */
    public static JsonObject workspaceInstall(String enterpriseId) {
        JsonObject o = orgInstall(enterpriseId);
        JsonObject team = new JsonObject();
        team.addProperty("id", SlackRequests.TEAM_ID);
        team.addProperty("name", "Example Workspace");
        o.add("team", team);
        o.addProperty("is_enterprise_install", false);
        return o;
    }

    /** An org install whose installer granted only these user scopes. */
    public static JsonObject orgInstallWithUserScope(String enterpriseId, String userScope) {
        JsonObject o = orgInstall(enterpriseId);
        o.getAsJsonObject("authed_user").addProperty("scope", userScope);
        return o;
    }

    // ---------------------------------------------------------------- events about the install

    /** {@code tokens_revoked} for an org-wide install: user IDs whose user tokens, and bot user IDs, were revoked. */
    public static JsonObject tokensRevoked(String enterpriseId, List<String> userIds, List<String> botUserIds) {
        JsonObject tokens = new JsonObject();
        tokens.add("oauth", array(userIds));
        tokens.add("bot", array(botUserIds));
        JsonObject event = new JsonObject();
        event.addProperty("type", "tokens_revoked");
        event.add("tokens", tokens);
        return envelope(enterpriseId, event);
    }

    /** {@code app_uninstalled} for an org-wide install. */
    public static JsonObject appUninstalled(String enterpriseId) {
        JsonObject event = new JsonObject();
        event.addProperty("type", "app_uninstalled");
        return envelope(enterpriseId, event);
    }

    private static final AtomicLong EVENT_SEQ = new AtomicLong();

    /** Slack sends these without {@code authorizations}; an org-wide install's events carry the org's ID. */
    private static JsonObject envelope(String enterpriseId, JsonObject event) {
        event.addProperty("event_ts", Instant.now().getEpochSecond() + ".000100");
        JsonObject e = new JsonObject();
        e.addProperty("token", SlackRequests.VERIFICATION_TOKEN);
        e.addProperty("team_id", enterpriseId);
        e.addProperty("enterprise_id", enterpriseId);
        e.addProperty("api_app_id", APP_ID);
        e.add("event", event);
        e.addProperty("type", "event_callback");
        e.addProperty("event_id", "EvOAUTH" + EVENT_SEQ.incrementAndGet());
        e.addProperty("event_time", Instant.now().getEpochSecond());
        e.addProperty("is_ext_shared_channel", false);
        return e;
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
