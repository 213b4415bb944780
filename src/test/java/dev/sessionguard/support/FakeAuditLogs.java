package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import dev.sessionguard.config.ThreatSettings;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Slack's Audit Logs API on {@link FakeSlack}'s server: {@code GET /audit/v1/logs}, at {@link FakeSlack#auditUrl()}.
 * Answers the way Slack does, as far as Session Guard reads it:
 * <ul>
 *   <li>only {@code Authorization: Bearer} a token registered with {@link #owner} (an Org Owner's); any other token,
 *       an {@code xoxb-} one included, gets 401 {@code invalid_authentication}, and an owner's token without
 *       {@code auditlogs:read} 403 {@code missing_scope} with {@code needed} and {@code provided};</li>
 *   <li>the entries added with {@link #anomaly}, {@link #slackReset} and {@link #malformed}, newest first, filtered by
 *       {@code action} (comma-separated) and {@code oldest}/{@code latest} (Unix seconds, both inclusive), paged by
 *       {@code limit} ({@value #DEFAULT_LIMIT} when not given) with an opaque {@code cursor} that stays valid while
 *       newer entries arrive;</li>
 *   <li>whatever a test queued for the next answers ({@link #rateLimitNext}, {@link #failNext},
 *       {@link #malformedNext}, {@link #slowNext}, {@link #answerNext}), or an org-wide {@link #limit}.</li>
 * </ul>
 * Every request is recorded with its query and {@code Authorization} header ({@link #requests()}).
 * {@code auth.test} on the fake answers a registered owner's token with its org and scopes.
 */
public final class FakeAuditLogs {

    /** Where the API is served on the fake's server: Slack's {@code https://api.slack.com/audit/v1/}. */
    static final String PATH = "/audit/v1/";
    public static final int DEFAULT_LIMIT = 100;
    public static final String SCOPE = "auditlogs:read";
    /** The Org Owner's token of the tests; {@link #configure} registers it. */
    public static final String OWNER_TOKEN = "xoxp-test-SECRET-audit-owner";
    public static final String OWNER_USER_ID = "W0000OWNER";
    /** What anomaly entries carry unless a test says otherwise. */
    public static final String DEFAULT_IP = "203.0.113.9";
    public static final String DEFAULT_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    public static final String DEFAULT_LOCATION = "Lisbon, Portugal";
    public static final String DEFAULT_PREVIOUS_IP = "198.51.100.7";
    public static final String DEFAULT_PREVIOUS_UA = "Slack/4.41.105 (Macintosh; Mac OS X 14.6)";

    /**
     * One request the fake received.
     *
     * @param query         the query parameters, decoded
     * @param authorization the {@code Authorization} header as sent, or null
     */
    public record Request(String method, String path, Map<String, String> query, String authorization, Instant at) {
        public String param(String name) {
            return query.get(name);
        }

        /** The token after {@code Bearer }, or null. */
        public String token() {
            return authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length()) : null;
        }
    }

    /**
     * A token the Audit Logs API takes (with {@code auditlogs:read}) and {@code auth.test} answers.
     *
     * @param enterpriseId its org, or null for the fake's own ({@link FakeSlack#enterpriseId()})
     */
    public record Owner(String token, String userId, String enterpriseId, Set<String> scopes) {
        public Owner {
            scopes = Set.copyOf(scopes);
        }
    }

    /** A queued answer: after {@code delay}, {@code response}, or the usual answer when it is null. */
    private record Next(Duration delay, FakeResponse response) {
    }

    private final Supplier<String> serverUrl;
    private final Supplier<String> orgId;
    private final AtomicLong seq = new AtomicLong();
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final Deque<Next> next = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile FakeRateLimit limit;

    /** @param serverUrl {@code http://127.0.0.1:<port>} of the fake's server */
    FakeAuditLogs(Supplier<String> serverUrl, Supplier<String> orgId) {
        this.serverUrl = serverUrl;
        this.orgId = orgId;
    }

    /** {@code http://127.0.0.1:<port>/audit/v1/}, for {@code SLACK_AUDIT_LOGS_URL}. */
    public String url() {
        return serverUrl.get() + PATH;
    }

    /**
     * Registers {@link #OWNER_TOKEN} (if no test did) and points {@code env} at this API with it, the way
     * {@link TestIdp#configure} does for Universal Logout.
     */
    public Map<String, String> configure(Map<String, String> env) {
        owners.computeIfAbsent(OWNER_TOKEN, t -> new Owner(t, OWNER_USER_ID, null, Set.of(SCOPE)));
        env.put(ThreatSettings.AUDIT_LOGS_TOKEN, OWNER_TOKEN);
        env.put(ThreatSettings.AUDIT_LOGS_URL, url());
        return env;
    }

    /** An Org Owner's token of the fake's org, with {@code auditlogs:read}. */
    public FakeAuditLogs owner(String token) {
        return owner(token, null, SCOPE);
    }

    /**
     * A token of {@code enterpriseId}'s (null: the fake's own org) with exactly {@code scopes}: without
     * {@code auditlogs:read} the API answers 403 {@code missing_scope}.
     */
    public FakeAuditLogs owner(String token, String enterpriseId, String... scopes) {
        owners.put(token, new Owner(token, OWNER_USER_ID, enterpriseId, new LinkedHashSet<>(List.of(scopes))));
        return this;
    }

    /** Slack's {@code anomaly} entry about {@code userId}, with the default ip, ua and location; change any. */
    public Entry anomaly(String userId, Instant at, List<String> reasons) {
        Entry entry = new Entry(nextId(), "anomaly", userId, at);
        entry.actorId = userId;
        entry.reasons = List.copyOf(reasons);
        entry.ip = DEFAULT_IP;
        entry.ua = DEFAULT_UA;
        entry.location = DEFAULT_LOCATION;
        entry.sessionId = Long.toString(1_000_000 + seq.get());
        entry.previousIp = DEFAULT_PREVIOUS_IP;
        entry.previousUa = DEFAULT_PREVIOUS_UA;
        entries.add(entry);
        return entry;
    }

    /** Slack signing {@code userId} out itself in answer to an anomaly (the org's own anomaly response settings). */
    public Entry slackReset(String userId, Instant at) {
        Entry entry = new Entry(nextId(), "user_sessions_reset_by_anomaly_event_response", userId, at);
        entry.actorId = "USLACKBOT";
        entries.add(entry);
        return entry;
    }

    /**
     * An entry served exactly as {@code json} (any JSON: not an object, an object without an id …), dated {@code at}
     * for the filters and the order, and served for any {@code action} filter.
     */
    public Entry malformed(Instant at, String json) {
        Entry entry = new Entry(null, null, null, at);
        entry.raw = JsonParser.parseString(json);
        entries.add(entry);
        return entry;
    }

    /** The next {@code count} answers are HTTP 429 with {@code Retry-After: seconds}. */
    public FakeAuditLogs rateLimitNext(int count, int seconds) {
        return queue(count, Duration.ZERO, FakeResponse.ratelimited(seconds));
    }

    /** The next {@code count} answers are {@code status} with a plain-text body, as a load balancer in trouble sends. */
    public FakeAuditLogs failNext(int count, int status) {
        return queue(count, Duration.ZERO, FakeResponse.httpStatus(status, "upstream connect error"));
    }

    /** The next {@code count} answers are HTTP 200 with an HTML page instead of JSON (a captive portal, a proxy). */
    public FakeAuditLogs malformedNext(int count) {
        return queue(count, Duration.ZERO, FakeResponse.httpStatus(200, "<html><body>Sign in</body></html>")
                .withHeader("Content-Type", "text/html; charset=utf-8"));
    }

    /** The next {@code count} answers come {@code delay} late (the usual answer; a closed fake cuts the wait). */
    public FakeAuditLogs slowNext(int count, Duration delay) {
        return queue(count, delay, null);
    }

    /** The next answers are these, in order, whoever asks. */
    public FakeAuditLogs answerNext(FakeResponse... responses) {
        for (FakeResponse r : responses) {
            queue(1, Duration.ZERO, r);
        }
        return this;
    }

    /** At most {@code calls} answered requests in any {@code window}, across the org (Slack's Tier 3, shortened). */
    public FakeAuditLogs limit(int calls, Duration window) {
        this.limit = new FakeRateLimit(calls, window);
        return this;
    }

    /** How many requests {@link #limit} answered with HTTP 429. */
    public int rateLimited() {
        FakeRateLimit l = limit;
        return l == null ? 0 : l.refused();
    }

    /** Every request so far, oldest first (a snapshot). */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests and anything queued (entries and owners stay). */
    void reset() {
        requests.clear();
        synchronized (next) {
            next.clear();
        }
    }

    Owner registeredOwner(String token) {
        return token == null ? null : owners.get(token);
    }

    /** The org {@code owner} belongs to. */
    String orgOf(Owner owner) {
        return owner.enterpriseId() == null ? orgId.get() : owner.enterpriseId();
    }

    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    if (!pair.isEmpty()) {
                        query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                    }
                }
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(query), exchange.getRequestHeaders().getFirst("Authorization"), Instant.now());
            requests.add(request);
            FakeResponse response = answer(request);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private FakeResponse answer(Request request) {
        if (!"GET".equals(request.method()) || !request.path().equals(PATH + "logs")) {
            return error(404, "not_found");
        }
        Next queued;
        synchronized (next) {
            queued = next.poll();
        }
        if (queued != null) {
            FakeLatency.sleep(queued.delay());
            if (queued.response() != null) {
                return queued.response();
            }
        }
        FakeRateLimit l = limit;
        FakeResponse refusal = l == null ? null : l.refusal();
        if (refusal != null) {
            return refusal;
        }
        Owner owner = registeredOwner(request.token());
        if (owner == null) {
            return error(401, "invalid_authentication");
        }
        if (!owner.scopes().contains(SCOPE)) {
            JsonObject json = errorJson("missing_scope");
            json.addProperty("needed", SCOPE);
            json.addProperty("provided", String.join(",", owner.scopes()));
            return FakeResponse.json(403, json);
        }
        try {
            return page(request);
        } catch (NumberFormatException e) {
            return error(400, "invalid_arguments");
        }
    }

    private FakeResponse page(Request request) {
        int pageSize = request.param("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(request.param("limit"));
        long oldest = request.param("oldest") == null ? Long.MIN_VALUE : Long.parseLong(request.param("oldest"));
        long latest = request.param("latest") == null ? Long.MAX_VALUE : Long.parseLong(request.param("latest"));
        Set<String> actions = request.param("action") == null ? null : Set.of(request.param("action").split(","));
        if (pageSize < 1 || pageSize > 9999) {
            return error(400, "invalid_arguments");
        }
        List<Entry> matching = entries.stream()
                .filter(e -> e.action == null || actions == null || actions.contains(e.action))
                .filter(e -> e.seconds() >= oldest && e.seconds() <= latest)
                .sorted(Comparator.comparingLong(Entry::seconds).thenComparingLong(e -> e.seq).reversed())
                .toList();
        int start = 0;
        String cursor = request.param("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            start = indexOf(matching, cursor);
            if (start < 0) {
                return error(400, "invalid_cursor");
            }
        }
        int end = Math.min(matching.size(), start + pageSize);
        JsonArray page = new JsonArray();
        matching.subList(start, end).forEach(e -> page.add(e.json()));
        JsonObject metadata = new JsonObject();
        metadata.addProperty("next_cursor", end < matching.size() ? cursorOf(matching.get(end)) : "");
        JsonObject json = new JsonObject();
        json.add("entries", page);
        json.add("response_metadata", metadata);
        return FakeResponse.json(200, json);
    }

    /** A cursor names the first entry of the next page, so entries arriving meanwhile (newer ones) don't shift it. */
    private static String cursorOf(Entry first) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("next:" + first.seq).getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(List<Entry> matching, String cursor) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        for (int i = 0; i < matching.size(); i++) {
            if (decoded.equals("next:" + matching.get(i).seq)) {
                return i;
            }
        }
        return -1;
    }

    private FakeAuditLogs queue(int count, Duration delay, FakeResponse response) {
        synchronized (next) {
            for (int i = 0; i < count; i++) {
                next.add(new Next(delay, response));
            }
        }
        return this;
    }

    private String nextId() {
        return String.format("0a0b0c0d-0000-4000-8000-%012d", seq.incrementAndGet());
    }

    private static FakeResponse error(int status, String code) {
        return FakeResponse.json(status, errorJson(code));
    }

    private static JsonObject errorJson(String code) {
        JsonObject json = new JsonObject();
        json.addProperty("ok", false);
        json.addProperty("error", code);
        return json;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * One entry of the log, changeable until it is served (each answer writes its JSON afresh). A setter given null
     * leaves that field out; {@link #remove} leaves out any member by its dotted path, e.g. {@code "context.location"}.
     */
    public final class Entry {
        private final String id;
        private final String action;
        private final long seq = FakeAuditLogs.this.seq.incrementAndGet();
        private volatile Instant at;
        private volatile String userId;
        private volatile String actorId;
        private volatile String entityType = "user";
        private volatile String enterpriseId;
        private volatile List<String> reasons;
        private volatile String singleReason;
        private volatile String ip;
        private volatile String ua;
        private volatile String location;
        private volatile String sessionId;
        private volatile String previousIp;
        private volatile String previousUa;
        private volatile JsonElement raw;
        private final Set<String> removed = ConcurrentHashMap.newKeySet();

        private Entry(String id, String action, String userId, Instant at) {
            this.id = id;
            this.action = action;
            this.userId = userId;
            this.at = at;
        }

        public String id() {
            return id;
        }

        public Entry at(Instant at) {
            this.at = at;
            return this;
        }

        /** {@code details.reason} as a list. */
        public Entry reasons(List<String> reasons) {
            this.reasons = reasons == null ? null : List.copyOf(reasons);
            this.singleReason = null;
            return this;
        }

        /** {@code details.reason} as a single string, the way some entries other than anomalies carry it. */
        public Entry reason(String reason) {
            this.singleReason = reason;
            this.reasons = null;
            return this;
        }

        public Entry ip(String ip) {
            this.ip = ip;
            return this;
        }

        public Entry ua(String ua) {
            this.ua = ua;
            return this;
        }

        public Entry location(String location) {
            this.location = location;
            return this;
        }

        public Entry sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Entry previousIp(String previousIp) {
            this.previousIp = previousIp;
            return this;
        }

        public Entry previousUa(String previousUa) {
            this.previousUa = previousUa;
            return this;
        }

        /** The actor's user id ({@code actor.user.id}); for anomalies the person themself. */
        public Entry actor(String actorId) {
            this.actorId = actorId;
            return this;
        }

        /** An entity that is not a person, e.g. {@code workspace} with {@code T0000TEAM1}. */
        public Entry entity(String type, String id) {
            this.entityType = type;
            this.userId = id;
            return this;
        }

        /** {@code context.location.id}, the org by default. */
        public Entry enterpriseId(String enterpriseId) {
            this.enterpriseId = enterpriseId;
            return this;
        }

        /** Leaves out the member at {@code dottedPath}, e.g. {@code "details"} or {@code "entity.user.id"}. */
        public Entry remove(String dottedPath) {
            removed.add(dottedPath);
            return this;
        }

        long seconds() {
            return at.getEpochSecond();
        }

        /** The entry as served now. */
        public JsonElement json() {
            if (raw != null) {
                return raw.deepCopy();
            }
            String org = enterpriseId == null ? orgId.get() : enterpriseId;
            JsonObject json = new JsonObject();
            json.addProperty("id", id);
            json.addProperty("date_create", at.getEpochSecond());
            json.addProperty("action", action);
            json.add("actor", party("user", actorId, org));
            json.add("entity", party(entityType, userId, org));
            JsonObject place = new JsonObject();
            place.addProperty("type", "enterprise");
            place.addProperty("id", org);
            place.addProperty("name", "Example Org");
            place.addProperty("domain", "example-org");
            JsonObject context = new JsonObject();
            context.add("location", place);
            context.addProperty("ua", ua);
            context.addProperty("ip_address", ip);
            context.addProperty("session_id", sessionId);
            json.add("context", context);
            JsonObject details = new JsonObject();
            if (reasons != null) {
                JsonArray list = new JsonArray();
                reasons.forEach(list::add);
                details.add("reason", list);
            } else if (singleReason != null) {
                details.addProperty("reason", singleReason);
            }
            details.addProperty("location", location);
            details.addProperty("previous_ip_address", previousIp);
            details.addProperty("previous_ua", previousUa);
            if (details.size() > 0 && details.entrySet().stream().anyMatch(e -> !e.getValue().isJsonNull())) {
                json.add("details", details);
            }
            dropNulls(json);
            removed.forEach(path -> removeAt(json, path));
            return json;
        }

        private JsonObject party(String type, String id, String org) {
            JsonObject party = new JsonObject();
            party.addProperty("type", type);
            JsonObject who = new JsonObject();
            who.addProperty("id", id);
            if ("user".equals(type) && id != null) {
                who.addProperty("name", id.toLowerCase(Locale.ROOT));
                who.addProperty("email", id.toLowerCase(Locale.ROOT) + "@example.com");
                who.addProperty("team", org);
            }
            party.add(type, who);
            return party;
        }
    }

    /** Slack leaves a field out rather than sending null. */
    private static void dropNulls(JsonObject json) {
        for (String key : new ArrayList<>(json.keySet())) {
            JsonElement value = json.get(key);
            if (value.isJsonNull()) {
                json.remove(key);
            } else if (value.isJsonObject()) {
                dropNulls(value.getAsJsonObject());
            }
        }
    }

    private static void removeAt(JsonObject json, String dottedPath) {
        String[] steps = dottedPath.split("\\.");
        JsonObject current = json;
        for (int i = 0; i < steps.length - 1; i++) {
            JsonElement child = current.get(steps[i]);
            if (child == null || !child.isJsonObject()) {
                return;
            }
            current = child.getAsJsonObject();
        }
        current.remove(steps[steps.length - 1]);
    }
}
