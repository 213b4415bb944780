package dev.sessionguard.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.SlackConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A fake Slack Web API on a real loopback HTTP server. Point the SDK at it with
 * {@code new SlackConfig().setMethodsEndpointUrlPrefix(fake.apiUrl())}.
 *
 * <p>Serves {@code POST /api/{method}} with form or JSON bodies, records every call (with its {@code Authorization}
 * header, e.g. the HTTP Basic client credentials of {@code oauth.v2.access}), and answers with
 * realistic defaults (see {@code DefaultResponders}) that a test can replace per method:
 * <ul>
 *   <li>{@code auth.test}: bot identity for {@code xoxb-}, org-install installer for {@code xoxp-},
 *       else {@code invalid_auth}; with {@code X-OAuth-Scopes}.</li>
 *   <li>{@code users.info}, {@code usergroups.users.list}: what {@link #user} and {@link #userGroup} registered,
 *       else {@code user_not_found} / {@code no_such_subteam}.</li>
 *   <li>{@code views.open/push/update/publish}: the posted view echoed with an id ({@code V0000000001}, … or
 *       the given {@code view_id}; {@code VHOME…} for publish), hash and team.</li>
 *   <li>{@code chat.postMessage/postEphemeral/update}, {@code conversations.info} (a private audit channel).</li>
 *   <li>{@code files.getUploadURLExternal}, the upload URL it hands out (on this fake) and
 *       {@code files.completeUploadExternal}: the SDK's {@code filesUploadV2}; see {@link #uploads()}.</li>
 *   <li>its own file host for uploaded files ({@link #file}), served only to the bot token; see {@link FakeFiles}.</li>
 *   <li>{@code admin.users.session.*}: ok ({@code list}: {@code no_active_sessions}; {@code getSettings}: every
 *       requested id in {@code no_settings_applied}); like Slack, these want a user token: no token gives
 *       {@code not_authed}, an {@code xoxb-} token {@code not_allowed_token_type}. {@code invalidate} wants
 *       {@code user_id} and {@code session_id}; {@code setSettings} refuses over 1,000 ids ({@code too_many_users})
 *       and a duration outside 28,800 to 315,569,520 s ({@code invalid_duration}). {@link SessionListPages} serves
 *       paged listings.</li>
 *   <li>{@code auth.teams.list}, {@code users.list}: the registered people, paged; see {@code FakeDirectory}.</li>
 *   <li>Slack's Audit Logs API at {@code GET /audit/v1/logs} ({@link #auditUrl()}), a separate base URL as at Slack;
 *       see {@link FakeAuditLogs}.</li>
 *   <li>anything else: {@code unknown_method}.</li>
 * </ul>
 * Responders run on the server's threads (16), so one may block (e.g. on a latch) to simulate a slow Slack.
 */
public final class FakeSlack implements AutoCloseable {

    /** The org the fake belongs to unless {@link #enterpriseId(String)} changes it. */
    public static final String DEFAULT_ENTERPRISE_ID = "E0000ORG1";

    /** 16 unless {@code -Dsessionguard.fake.threads} says otherwise (the benchmark's slow fake needs more). */
    private static final int THREADS = Integer.getInteger("sessionguard.fake.threads", 16);

    static {
        // The JDK server leaves Nagle on: with the client's delayed ACK each answer then waits ~40 ms, which
        // turns a 2,500-person lookup into minutes. Read once, when the server classes load, so set it first.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedCall> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<RecordedCall, FakeResponse> answers = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, Function<RecordedCall, FakeResponse>> defaults;
    private final Map<String, Function<RecordedCall, FakeResponse>> responders = new ConcurrentHashMap<>();
    private final Map<String, Deque<FakeResponse>> sequences = new ConcurrentHashMap<>();
    private final Map<String, FakeUser> users = new ConcurrentHashMap<>();
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private final Map<String, List<String>> channels = new ConcurrentHashMap<>();
    private final Map<String, FakeRateLimit> limits = new ConcurrentHashMap<>();
    private volatile String enterpriseId = DEFAULT_ENTERPRISE_ID;
    private volatile Duration latency = Duration.ZERO;
    private final FakeUploads uploads = new FakeUploads(this::baseUrl);
    private final FakeResponseUrls responseUrls = new FakeResponseUrls(this::baseUrl);
    private final FakeFiles files = new FakeFiles(this::baseUrl);
    private final FakeAuditLogs auditLogs = new FakeAuditLogs(this::baseUrl, this::enterpriseId);

    private FakeSlack() throws IOException {
        defaults = new DefaultResponders(this).all();
        responders.putAll(defaults);
        AtomicInteger threadNo = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "fake-slack-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/api/", this::handle);
        server.createContext(FakeUploads.PATH, uploads::receive);
        server.createContext(FakeResponseUrls.PATH, responseUrls::receive);
        server.createContext(FakeFiles.PATH, files::serve);
        server.createContext(FakeAuditLogs.PATH, auditLogs::serve);
        server.start();
    }

    /** Starts a fake on an ephemeral port of 127.0.0.1. */
    public static FakeSlack start() {
        try {
            return new FakeSlack();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/api/}, for {@code SlackConfig#setMethodsEndpointUrlPrefix}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** {@code http://127.0.0.1:<port>/audit/v1/}, Slack's Audit Logs API on this fake: see {@link #auditLogs()}. */
    public String auditUrl() {
        return auditLogs.url();
    }

    /** The Audit Logs API's entries, owners' tokens, queued answers and recorded requests. */
    public FakeAuditLogs auditLogs() {
        return auditLogs;
    }

    /**
     * A new {@link SlackConfig} pointing at this fake, with stats off. (With stats on, the SDK makes a hidden
     * {@code auth.test} the first time it sees a token, cached JVM-wide, and at DEBUG level it logs
     * {@code token.substring(0, 16)}, which throws for tokens shorter than 16 characters.)
     */
    public SlackConfig slackConfig() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl());
        config.setStatsEnabled(false);
        return config;
    }

    /** The org id {@code auth.test} reports and own-org users carry. */
    public String enterpriseId() {
        return enterpriseId;
    }

    /** Changes the org id {@code auth.test} reports and own-org users carry. */
    public FakeSlack enterpriseId(String enterpriseId) {
        this.enterpriseId = Objects.requireNonNull(enterpriseId);
        return this;
    }

    /** Registers (or replaces) a user answered by {@code users.info}. */
    public FakeSlack user(FakeUser user) {
        users.put(user.id(), user);
        return this;
    }

    /** Registers (or replaces) a user group answered by {@code usergroups.users.list}. */
    public FakeSlack userGroup(String groupId, String... userIds) {
        groups.put(groupId, List.of(userIds));
        return this;
    }

    /** Registers (or replaces) a channel's members, answered by {@code conversations.members} in pages. */
    public FakeSlack channel(String channelId, List<String> memberIds) {
        channels.put(channelId, List.copyOf(memberIds));
        return this;
    }

    /**
     * At most {@code calls} accepted calls of {@code method} in any {@code window} (Slack's tiers, shortened):
     * beyond that, HTTP 429 with {@code Retry-After} until a slot frees. Checked before any responder or sequence.
     */
    public FakeSlack limit(String method, int calls, Duration window) {
        limits.put(method, new FakeRateLimit(calls, window));
        return this;
    }

    /** Every call is answered this much later (Slack's own per-call latency; the benchmark's default is 100 ms). */
    public FakeSlack latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency);
        return this;
    }

    /** How many calls of {@code method} its {@link #limit} answered with HTTP 429. */
    public int rateLimited(String method) {
        FakeRateLimit limit = limits.get(method);
        return limit == null ? 0 : limit.refused();
    }

    /** Replaces how {@code method} is answered; {@code null} restores the default. */
    public void respond(String method, Function<RecordedCall, FakeResponse> responder) {
        if (responder == null) {
            Function<RecordedCall, FakeResponse> original = defaults.get(method);
            if (original == null) {
                responders.remove(method);
            } else {
                responders.put(method, original);
            }
        } else {
            responders.put(method, responder);
        }
    }

    /**
     * What the default responder answers to {@code call}, so a test's responder can change one detail of it,
     * e.g. {@code c -> fake.defaultAnswer(c).withHeader("X-OAuth-Scopes", "commands")}.
     */
    public FakeResponse defaultAnswer(RecordedCall call) {
        return defaults.getOrDefault(call.method(), DefaultResponders::unknownMethod).apply(call);
    }

    /** What the fake answered to {@code call}, or null while it is still being answered. */
    public FakeResponse answerTo(RecordedCall call) {
        return answers.get(call);
    }

    /** The next calls of {@code method} get these, in order; after that its responder answers again. */
    public void respondInSequence(String method, FakeResponse... responses) {
        Deque<FakeResponse> queue = sequences.computeIfAbsent(method, m -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(responses));
        }
    }

    /** All calls so far, oldest first (a snapshot). */
    /** The calls of one method that the fake answered with HTTP 200 and {@code "ok": true}. */
    public List<RecordedCall> succeeded(String method) {
        return calls(method).stream().filter(c -> {
            FakeResponse r = answers.get(c);
            return r != null && r.status() == 200 && r.body().contains("\"ok\":true");
        }).toList();
    }

    public List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls of one method so far, oldest first (a snapshot). */
    public List<RecordedCall> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /**
     * The first call of {@code method} matching {@code match}, already made or made before the timeout.
     *
     * @throws AssertionError on timeout, listing the methods that were called
     */
    public RecordedCall awaitCall(String method, Predicate<RecordedCall> match, Duration timeout) {
        return Await.value(timeout,
                () -> calls(method).stream().filter(match).findFirst().orElse(null),
                () -> "a matching " + method + " call; calls seen: " + summary());
    }

    /** The first call of {@code method}, already made or made before the timeout. */
    public RecordedCall awaitCall(String method, Duration timeout) {
        return awaitCall(method, c -> true, timeout);
    }

    /** The first {@code count} calls of {@code method}, waiting until there are that many. */
    public List<RecordedCall> awaitCalls(String method, int count, Duration timeout) {
        return Await.value(timeout, () -> {
            List<RecordedCall> seen = calls(method);
            return seen.size() >= count ? seen.subList(0, count) : null;
        }, () -> count + " " + method + " calls; calls seen: " + summary());
    }

    /**
     * Forgets recorded calls, uploads and unused one-shot sequences, the audit logs' requests and queued answers
     * (users, groups, responders, audit log entries and owners stay).
     */
    public void reset() {
        calls.clear();
        answers.clear();
        sequences.clear();
        uploads.clear();
        auditLogs.reset();
    }

    /** The files shared so far through the SDK's {@code filesUploadV2}, oldest first (a snapshot). */
    public List<FakeUpload> uploads() {
        return uploads.completed();
    }

    /** The {@code response_url}s this fake serves, for requests that should be answered through one. */
    public FakeResponseUrls responseUrls() {
        return responseUrls;
    }

    /**
     * A file on the fake's file host, as an admin's upload through a {@code file_input}: its object, with
     * {@code url_private_download} on this fake, served only to the bot token (see {@link FakeFiles}).
     */
    public JsonObject file(String name, byte[] bytes, String mimetype) {
        return files.add(name, bytes, mimetype);
    }

    /** The fake's file host: the requests it got, with their {@code Authorization} headers. */
    public FakeFiles files() {
        return files;
    }

    FakeUploads fileUploads() {
        return uploads;
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stops the server at once; responders still blocked are interrupted. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    FakeUser registeredUser(String id) {
        return users.get(id);
    }

    /** Everyone registered, for {@code users.list} ({@link FakeDirectory}). */
    java.util.Collection<FakeUser> registeredUsers() {
        return List.copyOf(users.values());
    }

    java.util.Set<String> registeredGroupIds() {
        return java.util.Set.copyOf(groups.keySet());
    }

    List<String> registeredGroup(String id) {
        return groups.get(id);
    }

    List<String> registeredChannel(String id) {
        return channels.get(id);
    }

    /** The registered person whose profile email ({@code name@example.com}) this is; bots have none. */
    FakeUser registeredUserByEmail(String email) {
        return users.values().stream()
                .filter(u -> !u.has(FakeUser.Flag.BOT) && (u.name() + "@example.com").equalsIgnoreCase(email))
                .findFirst().orElse(null);
    }

    private String summary() {
        Map<String, Long> counts = calls().stream()
                .collect(Collectors.groupingBy(RecordedCall::method, LinkedHashMap::new, Collectors.counting()));
        return counts.isEmpty() ? "none" : counts.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            if (method.isEmpty() || method.contains("/")) {
                send(exchange, FakeResponse.httpStatus(404, "not found"));
                return;
            }
            RecordedCall call = record(method, exchange);
            FakeResponse response = answer(call);
            answers.put(call, response);
            send(exchange, response);
        } finally {
            exchange.close();
        }
    }

    private RecordedCall record(String method, HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(exchange.getRequestURI().getRawQuery(), params);
        JsonObject json = null;
        if (contentType.toLowerCase().startsWith("application/json")) {
            json = parseJsonObject(body);
            for (Map.Entry<String, JsonElement> e : (json == null ? new JsonObject() : json).entrySet()) {
                JsonElement v = e.getValue();
                if (!v.isJsonNull()) {
                    params.put(e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
                }
            }
        } else {
            parseForm(body, params);
        }
        String token = params.get("token");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            token = auth.substring("Bearer ".length()).trim();
        }
        RecordedCall call = new RecordedCall(method, token, Collections.unmodifiableMap(params), json, body,
                Instant.now(), auth);
        calls.add(call);
        return call;
    }

    private FakeResponse answer(RecordedCall call) {
        FakeLatency.sleep(latency);
        FakeRateLimit limit = limits.get(call.method());
        FakeResponse refusal = limit == null ? null : limit.refusal();
        if (refusal != null) {
            return refusal;
        }
        Deque<FakeResponse> queue = sequences.get(call.method());
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.poll();
                }
            }
        }
        try {
            FakeResponse response = responders.getOrDefault(call.method(), DefaultResponders::unknownMethod).apply(call);
            return Objects.requireNonNull(response, "responder of " + call.method() + " returned null");
        } catch (RuntimeException e) {
            System.err.println("FakeSlack: responder of " + call.method() + " failed: " + e);
            return FakeResponse.httpStatus(500, "{\"ok\":false,\"error\":\"fake_responder_failed\"}");
        }
    }

    private static void send(HttpExchange exchange, FakeResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The body as a JSON object, or null when it is not one (the responder then sees no params). */
    private static JsonObject parseJsonObject(String body) {
        try {
            JsonElement parsed = JsonParser.parseString(body.isBlank() ? "{}" : body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }
}
