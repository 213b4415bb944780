package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.SlackSignature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Sends signed requests to the app under test over real HTTP, the way Slack does:
 * {@code POST {appBaseUrl}/slack/events} with {@code X-Slack-Request-Timestamp} and {@code X-Slack-Signature}.
 * Instances are immutable; {@code with…} methods return changed copies. Payload builders return mutable
 * objects a test can adjust before sending.
 */
public final class SlackRequests {

    public static final String TEAM_ID = "T0000TEAM1";
    public static final String ENTERPRISE_ID = "E0000ORG1";
    public static final String API_APP_ID = "A0000APP1";
    public static final String VERIFICATION_TOKEN = "legacy-verification-token-unused";
    public static final String COMMAND = "/session-reset";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong SEQ = new AtomicLong();

    private final String endpoint;
    private final String signingSecret;
    private final Long timestamp;
    private final Map<String, String> headers;

    /** Requests to {@code appBaseUrl + "/slack/events"}, signed with {@code signingSecret}. */
    public SlackRequests(String appBaseUrl, String signingSecret) {
        this(stripSlash(appBaseUrl) + "/slack/events", signingSecret, null, Map.of());
    }

    private SlackRequests(String endpoint, String signingSecret, Long timestamp, Map<String, String> headers) {
        this.endpoint = endpoint;
        this.signingSecret = signingSecret;
        this.timestamp = timestamp;
        this.headers = Map.copyOf(headers);
    }

    /** A copy that signs with this timestamp instead of now (e.g. a stale request). */
    public SlackRequests withTimestamp(long epochSeconds) {
        return new SlackRequests(endpoint, signingSecret, epochSeconds, headers);
    }

    /** A copy that signs with another secret (a forged request). */
    public SlackRequests withSigningSecret(String secret) {
        return new SlackRequests(endpoint, secret, timestamp, headers);
    }

    /** A copy that also sends these headers; they override the signature headers if named the same. */
    public SlackRequests withHeaders(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new SlackRequests(endpoint, signingSecret, timestamp, all);
    }

    /** A slash command: form-urlencoded fields, e.g. from {@link #command(String, String)}. */
    public HttpResponse<String> slashCommand(Map<String, String> fields) {
        return post("application/x-www-form-urlencoded", form(fields));
    }

    /** An interactivity payload: form body {@code payload=<urlencoded json>}. */
    public HttpResponse<String> interactivity(JsonObject payload) {
        return post("application/x-www-form-urlencoded", form(Map.of("payload", payload.toString())));
    }

    /** An Events API envelope as a JSON body. */
    public HttpResponse<String> event(JsonObject envelope) {
        return post("application/json", envelope.toString());
    }

    /** A copy that sends to {@code path} of the app instead of {@code /slack/events} (e.g. a forged request). */
    public SlackRequests at(String path) {
        return new SlackRequests(URI.create(endpoint).resolve(path).toString(), signingSecret, timestamp, headers);
    }

    /** Any body, signed as Slack would sign it. */
    public HttpResponse<String> post(String contentType, String body) {
        return send("POST", contentType, body);
    }

    /** Any body with any method (e.g. a GET with a body), signed as Slack would sign it, with a Content-Length. */
    public HttpResponse<String> send(String method, String contentType, String body) {
        return send(method, contentType, body, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** The same, the body sent chunked ({@code Transfer-Encoding: chunked}, no Content-Length). */
    public HttpResponse<String> sendChunked(String method, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(method, contentType, body,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
    }

    private HttpResponse<String> send(String method, String contentType, String body,
                                      HttpRequest.BodyPublisher publisher) {
        String ts = Long.toString(timestamp != null ? timestamp : Instant.now().getEpochSecond());
        String signature = new SlackSignature.Generator(signingSecret).generate(ts, body);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", contentType);
        all.put(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, ts);
        all.put(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature);
        all.put("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)");
        all.putAll(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(REQUEST_TIMEOUT)
                .method(method, publisher);
        all.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + endpoint, e);
        }
    }

    // ---------------------------------------------------------------- payload builders

    /** Fields of {@code /session-reset <text>} typed by {@code userId} in #general. */
    public static Map<String, String> command(String userId, String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", VERIFICATION_TOKEN);
        f.put("team_id", TEAM_ID);
        f.put("team_domain", "example-ws");
        f.put("enterprise_id", ENTERPRISE_ID);
        f.put("enterprise_name", "Example Org");
        f.put("channel_id", "C0000GEN");
        f.put("channel_name", "general");
        f.put("user_id", userId);
        f.put("user_name", userName(userId));
        f.put("command", COMMAND);
        f.put("text", text);
        f.put("api_app_id", API_APP_ID);
        f.put("is_enterprise_install", "false");
        f.put("response_url", "http://127.0.0.1:1/unused");
        f.put("trigger_id", triggerId());
        return f;
    }

    /** A global shortcut ({@code type: shortcut}); global shortcuts have no response_url. */
    public static JsonObject globalShortcut(String userId, String callbackId) {
        JsonObject p = base("shortcut", userId);
        p.addProperty("callback_id", callbackId);
        p.addProperty("action_ts", actionTs());
        return p;
    }

    /** A message shortcut ({@code type: message_action}) on a message by {@code authorId}. */
    public static JsonObject messageShortcut(String userId, String callbackId, String authorId, String messageText) {
        JsonObject p = base("message_action", userId);
        String messageTs = actionTs();
        p.addProperty("callback_id", callbackId);
        p.addProperty("message_ts", messageTs);
        p.addProperty("response_url", "http://127.0.0.1:1/unused");
        p.add("channel", obj("id", "C0000GEN", "name", "general"));
        JsonObject message = obj("type", "message", "user", authorId);
        message.addProperty("text", messageText);
        message.addProperty("ts", messageTs);
        message.addProperty("team", TEAM_ID);
        p.add("message", message);
        p.addProperty("action_ts", actionTs());
        return p;
    }

    /** A modal submission ({@code type: view_submission}); {@code view.state.values} is {@code stateValues}. */
    public static JsonObject viewSubmission(String userId, String callbackId, String viewId, JsonObject stateValues,
                                            String privateMetadata) {
        JsonObject p = base("view_submission", userId);
        JsonObject view = modal(viewId, callbackId, privateMetadata);
        view.getAsJsonObject("state").add("values", stateValues.deepCopy());
        p.add("view", view);
        p.add("response_urls", new JsonArray());
        return p;
    }

    /**
     * A button click in a modal ({@code type: block_actions}, container type {@code view}). The view's
     * {@code callback_id} is empty; set {@code payload.view.callback_id} if the handler needs it.
     */
    public static JsonObject blockAction(String userId, String viewId, String blockId, String actionId, String value) {
        JsonObject p = base("block_actions", userId);
        p.add("container", obj("type", "view", "view_id", viewId));
        p.add("view", modal(viewId, "", ""));
        JsonObject action = obj("type", "button", "block_id", blockId);
        action.addProperty("action_id", actionId);
        action.addProperty("value", value);
        action.add("text", obj("type", "plain_text", "text", value));
        action.addProperty("action_ts", actionTs());
        JsonArray actions = new JsonArray();
        actions.add(action);
        p.add("actions", actions);
        return p;
    }

    /** An Events API envelope ({@code event_callback}) for {@code app_home_opened} on the Home tab. */
    public static JsonObject appHomeOpened(String userId) {
        JsonObject event = obj("type", "app_home_opened", "user", userId);
        event.addProperty("channel", "D" + userId.substring(1));
        event.addProperty("tab", "home");
        event.addProperty("event_ts", actionTs());
        JsonObject authorization = obj("enterprise_id", ENTERPRISE_ID, "team_id", TEAM_ID);
        authorization.addProperty("user_id", "U0000BOT1");
        authorization.addProperty("is_bot", true);
        authorization.addProperty("is_enterprise_install", false);
        JsonArray authorizations = new JsonArray();
        authorizations.add(authorization);

        JsonObject envelope = obj("token", VERIFICATION_TOKEN, "team_id", TEAM_ID);
        envelope.addProperty("enterprise_id", ENTERPRISE_ID);
        envelope.addProperty("api_app_id", API_APP_ID);
        envelope.add("event", event);
        envelope.addProperty("type", "event_callback");
        envelope.addProperty("event_id", "Ev" + String.format("%010d", SEQ.incrementAndGet()));
        envelope.addProperty("event_time", Instant.now().getEpochSecond());
        envelope.add("authorizations", authorizations);
        envelope.addProperty("is_ext_shared_channel", false);
        envelope.addProperty("event_context", "4-" + Long.toHexString(SEQ.incrementAndGet()));
        return envelope;
    }

    // ---------------------------------------------------------------- helpers

    private static JsonObject base(String type, String userId) {
        JsonObject p = new JsonObject();
        p.addProperty("type", type);
        p.addProperty("token", VERIFICATION_TOKEN);
        p.addProperty("api_app_id", API_APP_ID);
        JsonObject team = obj("id", TEAM_ID, "domain", "example-ws");
        team.addProperty("enterprise_id", ENTERPRISE_ID);
        team.addProperty("enterprise_name", "Example Org");
        p.add("team", team);
        p.add("enterprise", obj("id", ENTERPRISE_ID, "name", "Example Org"));
        JsonObject user = obj("id", userId, "username", userName(userId));
        user.addProperty("name", userName(userId));
        user.addProperty("team_id", TEAM_ID);
        p.add("user", user);
        p.addProperty("trigger_id", triggerId());
        p.addProperty("is_enterprise_install", false);
        return p;
    }

    private static JsonObject modal(String viewId, String callbackId, String privateMetadata) {
        JsonObject view = obj("id", viewId, "team_id", TEAM_ID);
        view.addProperty("type", "modal");
        view.addProperty("callback_id", callbackId);
        view.addProperty("private_metadata", privateMetadata);
        view.add("title", obj("type", "plain_text", "text", "Session Guard"));
        view.add("blocks", new JsonArray());
        JsonObject state = new JsonObject();
        state.add("values", new JsonObject());
        view.add("state", state);
        view.addProperty("hash", "1700000000." + Long.toHexString(SEQ.incrementAndGet()));
        view.addProperty("root_view_id", viewId);
        view.addProperty("app_id", API_APP_ID);
        view.addProperty("app_installed_team_id", TEAM_ID);
        view.addProperty("bot_id", "B0000BOT1");
        return view;
    }

    private static JsonObject obj(String k1, String v1, String k2, String v2) {
        JsonObject o = new JsonObject();
        o.addProperty(k1, v1);
        o.addProperty(k2, v2);
        return o;
    }

    private static String userName(String userId) {
        return "user-" + userId.toLowerCase();
    }

    /** Unique per call, in the spirit of Slack's {@code 1234.5678.abcdef} trigger ids. */
    private static String triggerId() {
        return "trig-" + SEQ.incrementAndGet() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    private static String actionTs() {
        long n = SEQ.incrementAndGet();
        return String.format("%d.%06d", Instant.now().getEpochSecond(), n % 1_000_000);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
