package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.slack.api.app_backend.SlackSignature.Generator;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeSocketMode;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RawHttp;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random requests thrown at the real app over loopback, in HTTP mode and in OAuth + Socket Mode (no signing
 * secret, so Bolt's placeholder {@code "---"} is what a forger signs with). Whatever arrives: never a 5xx, never a
 * logged exception, and never a Slack call unless the request was really signed.
 */
@Tag("slow")
class EdgePropertiesTest {

    static final String PLACEHOLDER_SECRET = "---";
    /** How long the app must make no Slack call to count as done with the requests sent. */
    static final Duration QUIET = Duration.ofMillis(250);
    static final List<String> PATHS = List.of("/slack/events", "/slack/install", "/slack/oauth_redirect", "/healthz",
            "/metrics", "/", "/slack/events/", "/slack/install?code=x&state=y", "/slack/oauth_redirect?code=c&state=s",
            "/global-token-revocation", "/slack/actions");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "HEAD", "PATCH", "OPTIONS", "DELETE");
    static final List<String> TYPES = List.of("block_actions", "view_submission", "view_closed", "shortcut",
            "message_action", "block_suggestion", "event_callback", "url_verification", "interactive_message",
            "dialog_submission", "workflow_step_edit", "app_rate_limited", "");
    /** Every callback, block and action id the app registers, so random payloads reach real handlers. */
    static final List<String> IDS = List.of("session_reset", "session_console", "session_console_pick", "session_policy",
            "console_invalidate", "console_page_next", "console_refresh", "console_reset_all", "console_policy",
            "reset_form_open_console", "home_reset", "home_inspect", "home_policy", "users", "scope", "reason",
            "policy_users", "policy_mode", "policy_duration", "policy_hours", "policy_quit", "app_home_opened",
            "tokens_revoked", "app_uninstalled");
    static final List<String> USERS = List.of(Org.ADMIN, Org.MEMBER, Org.ALICE, Org.PRIMARY, "W0000NOBODY", "", "U<&>");

    static FakeSlack httpSlack;
    static TestApp httpApp;
    static FakeSlack socketSlack;
    static FakeSocketMode socket;
    static TestApp socketApp;
    static CapturedLogs logs;
    /**
     * Each Slack's call count before a property's first forgery, and what was sent since: checked once the app has
     * gone quiet, after the property's last try ({@link #forgeriesMadeNoCallsEvenAfterTheirAnswer}).
     */
    static final Map<FakeSlack, Integer> callsBeforeForgeries = new IdentityHashMap<>();
    static final List<String> forgeriesSent = new ArrayList<>();

    @BeforeContainer
    static void startApps() {
        logs = CapturedLogs.start();
        httpSlack = Org.register(FakeSlack.start());
        // Universal Logout on, its JWKS nowhere: nothing here is a token signed by its keys.
        Map<String, String> httpEnv = TestApp.environment(httpSlack);
        httpEnv.put(GtrSettings.GTR_ISSUER, "http://127.0.0.1:9");
        httpEnv.put(GtrSettings.GTR_AUDIENCE, "https://session-guard.test");
        httpApp = TestApp.start(httpEnv);
        socket = FakeSocketMode.start();
        socketSlack = Org.register(FakeSlack.start());
        socket.servedBy(socketSlack);
        socketApp = TestApp.start(TestApp.inSocketMode(TestApp.oauthEnvironment(socketSlack)));
    }

    @AfterContainer
    static void stopApps() throws Exception {
        try {
            httpApp.close();
            socketApp.close();
        } finally {
            httpSlack.close();
            socketSlack.close();
            socket.close();
            logs.close();
        }
    }

    /**
     * After each property that sent forgeries: once the app has gone quiet, not one Slack call more than before its
     * first try. Work handed to the lanes runs after the ack, so a forgery that got through would call Slack after
     * its answer, and the per-try count taken at the answer could miss it; this count can't.
     */
    @AfterProperty
    void forgeriesMadeNoCallsEvenAfterTheirAnswer() {
        try {
            callsBeforeForgeries.forEach((slack, before) -> assertThat(callsOnceQuiet(slack))
                    .as("Slack calls once quiet, after " + forgeriesSent.size() + " forgeries, the last ones: "
                            + forgeriesSent.subList(Math.max(0, forgeriesSent.size() - 20), forgeriesSent.size()))
                    .isEqualTo(before));
        } finally {
            callsBeforeForgeries.clear();
            forgeriesSent.clear();
        }
    }

    /** After each property: nothing anywhere logged an exception (each would have been a stack trace). */
    @AfterProperty
    void noExceptionWasLogged() {
        List<ILoggingEvent> traces = logs.withStackTraces();
        assertThat(traces).as(CapturedLogs.describe(traces)).isEmpty();
    }

    // ------------------------------------------------------------------ from outside, without the secret

    @Property(tries = 300)
    void unsignedForgedOrStaleRequestsToAnyPathNeverActNorFail(@ForAll("method") String method,
            @ForAll("path") String path, @ForAll("body") String body, @ForAll("forgery") Forgery forgery) {
        assertNeitherActsNorFails(httpApp, httpSlack, method, path, body, forgery);
    }

    @Property(tries = 300)
    void inSocketModeNothingArrivingOverHttpIsEverRunAsASlackRequest(@ForAll("method") String method,
            @ForAll("path") String path, @ForAll("body") String body, @ForAll("forgery") Forgery forgery) {
        assertNeitherActsNorFails(socketApp, socketSlack, method, path, body, forgery);
    }

    /** The forgery most worth catching, tried every run: a command that would open a modal, dressed each way. */
    @Example
    void aForgedCommandIsNotActedOnEvenAfterItsAnswer() {
        String body = form(SlackRequests.command(Org.ADMIN, ""));
        for (Forgery forgery : Forgery.values()) {
            assertNeitherActsNorFails(httpApp, httpSlack, "POST", HttpServer.EVENTS_PATH, body, forgery);
        }
    }

    /**
     * The request is answered below 500 and has made the app call Slack not at all by its answer; what it might do
     * after the answer is counted once the property's tries are over ({@link #forgeriesMadeNoCallsEvenAfterTheirAnswer}).
     */
    private static void assertNeitherActsNorFails(TestApp app, FakeSlack slack, String method, String path, String body,
            Forgery forgery) {
        int before = calls(slack);
        callsBeforeForgeries.putIfAbsent(slack, before);
        forgeriesSent.add(method + " " + path + " (" + forgery + ")");

        RawHttp.Answer answer = send(app, method, path, body, forgery.headers(body));

        assertThat(answer.status()).as(method + " " + path).isBetween(200, 499);
        assertThat(calls(slack)).as("Slack calls by the answer to " + method + " " + path + " (" + forgery + ")")
                .isEqualTo(before);
    }

    /**
     * The count of {@link #calls} once it has not changed for {@link #QUIET}: long enough for work queued on the
     * lanes at the ack to reach the loopback Slack (a few milliseconds when it happens).
     */
    private static int callsOnceQuiet(FakeSlack slack) {
        int[] last = {calls(slack)};
        long[] since = {System.nanoTime()};
        Await.until(Duration.ofSeconds(10), () -> {
            int now = calls(slack);
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] >= QUIET.toNanos();
        }, () -> "the app to stop calling Slack (" + last[0] + " calls so far)");
        return last[0];
    }

    // ------------------------------------------------------------------ signed, but anything inside

    @Property(tries = 400)
    void signedBodiesOfAnyShapeNeverGetA5xx(@ForAll("signedBody") String body) {
        var answer = httpApp.slack().post(body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded",
                body);

        assertThat(answer.statusCode()).isBetween(200, 499);
    }

    @Property(tries = 200)
    void signedCommandTextOfAnyKindIsAlwaysAcknowledged(@ForAll("user") String user, @ForAll("commandText") String text) {
        var answer = httpApp.slack().slashCommand(SlackRequests.command(user, text));

        assertThat(answer.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ generators

    /** How a request without the real signature is dressed up. */
    enum Forgery {
        NONE, WRONG_SECRET, PLACEHOLDER, STALE, FUTURE, GARBAGE_HEADERS, BEARER_GARBAGE;

        Map<String, String> headers(String body) {
            long now = Instant.now().getEpochSecond();
            return switch (this) {
                case NONE -> Map.of();
                case WRONG_SECRET -> signed("not-the-secret", now, body);
                case PLACEHOLDER -> signed(PLACEHOLDER_SECRET, now, body);
                case STALE -> signed(TestApp.SIGNING_SECRET, now - 301, body);
                case FUTURE -> signed(TestApp.SIGNING_SECRET, now + 301, body);
                case GARBAGE_HEADERS -> Map.of(RequestSignature.TIMESTAMP_HEADER, "x" + now,
                        RequestSignature.SIGNATURE_HEADER, "v0=" + "g".repeat(64));
                // For /global-token-revocation: a bearer token that is no JWT at all.
                case BEARER_GARBAGE -> Map.of("Authorization", "Bearer eyJ" + Integer.toHexString(body.hashCode())
                        + ".e30.c2ln");
            };
        }

        private static Map<String, String> signed(String secret, long ts, String body) {
            return Map.of(RequestSignature.TIMESTAMP_HEADER, Long.toString(ts),
                    RequestSignature.SIGNATURE_HEADER, new Generator(secret).generate(Long.toString(ts), body));
        }
    }

    /** POST half the time or more: the door where a forgery could reach a handler. */
    @Provide
    Arbitrary<String> method() {
        return Arbitraries.oneOf(Arbitraries.just("POST"), Arbitraries.of(METHODS));
    }

    /** The events path half the time or more, for the same reason. */
    @Provide
    Arbitrary<String> path() {
        return Arbitraries.oneOf(Arbitraries.just(HttpServer.EVENTS_PATH), Arbitraries.of(PATHS));
    }

    @Provide
    Arbitrary<Forgery> forgery() {
        return Arbitraries.of(Forgery.class);
    }

    @Provide
    Arbitrary<String> user() {
        return Arbitraries.of(USERS);
    }

    @Provide
    Arbitrary<String> body() {
        return Arbitraries.oneOf(signedBody(), Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> commandText() {
        Arbitrary<String> words = Arbitraries.oneOf(Arbitraries.of("help", "sessions", "policy", "web", "mobile", ",",
                "<@" + Org.ALICE + ">", "<@" + Org.ALICE + "|alice>", "<@W0000NOBODY>", "<!channel>", "<#C1|x>", "@alice",
                "\u202e", "\r\n", "\u0000", "🙂", "&lt;"), Arbitraries.strings().ofMaxLength(20));
        return words.list().ofMaxSize(8).map(l -> String.join(" ", l));
    }

    /** Bodies as Slack would send them (forms, payload forms, JSON events), with random insides. */
    @Provide
    Arbitrary<String> signedBody() {
        Arbitrary<String> payloadForm = payload().map(p -> "payload=" + enc(p.toString()));
        Arbitrary<String> brokenPayload = Arbitraries.strings().ofMaxLength(60).map(s -> "payload=" + s);
        Arbitrary<String> event = payload().map(JsonElement::toString);
        Arbitrary<String> form = Arbitraries.maps(Arbitraries.of("command", "text", "user_id", "team_id", "trigger_id",
                "ssl_check", "payload", "enterprise_id"), Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of("/session-reset", "1", "")))
                .ofMaxSize(6).map(EdgePropertiesTest::form);
        return Arbitraries.oneOf(payloadForm, payloadForm, event, brokenPayload, form);
    }

    private static Arbitrary<JsonObject> payload() {
        Arbitrary<JsonElement> id = Arbitraries.of(IDS).map(JsonPrimitive::new);
        Arbitrary<JsonElement> anyValue = json(3);
        Arbitrary<JsonObject> user = Combinators.combine(Arbitraries.of(USERS), Arbitraries.of(true, false))
                .as((u, asObject) -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("id", u);
                    return o;
                });
        Arbitrary<JsonObject> view = Combinators.combine(id, Arbitraries.of("modal", "home", "workflow_step", ""),
                anyValue, Arbitraries.strings().alpha().ofMaxLength(8))
                .as((callback, type, state, viewId) -> {
                    JsonObject v = new JsonObject();
                    v.add("callback_id", callback);
                    v.addProperty("type", type);
                    v.addProperty("id", "V" + viewId);
                    v.addProperty("hash", viewId);
                    v.addProperty("private_metadata", viewId.isEmpty() ? "" : Org.ALICE + "|" + viewId.length());
                    JsonObject st = new JsonObject();
                    st.add("values", state);
                    v.add("state", st);
                    return v;
                });
        Arbitrary<JsonArray> actions = Combinators.combine(id, id, anyValue).as((action, block, value) -> {
            JsonObject a = new JsonObject();
            a.add("action_id", action);
            a.add("block_id", block);
            a.add("value", value.isJsonPrimitive() ? value : new JsonPrimitive(value.toString()));
            a.addProperty("type", "button");
            JsonArray list = new JsonArray();
            list.add(a);
            return list;
        });
        Arbitrary<JsonObject> event = Combinators.combine(id, Arbitraries.of(USERS), anyValue).as((type, u, extra) -> {
            JsonObject e = new JsonObject();
            e.add("type", type);
            e.addProperty("user", u);
            e.add("tokens", extra);
            return e;
        });
        return Combinators.combine(Arbitraries.of(TYPES), user, view, actions, event, anyValue,
                Arbitraries.integers().between(0, 63)).as((type, u, v, a, e, extra, drop) -> {
                    JsonObject p = new JsonObject();
                    p.addProperty("type", type);
                    if ((drop & 1) == 0) {
                        p.add("user", u);
                    }
                    if ((drop & 2) == 0) {
                        p.add("view", v);
                    }
                    if ((drop & 4) == 0) {
                        p.add("actions", a);
                    }
                    if ((drop & 8) == 0) {
                        p.add("event", e);
                    }
                    if ((drop & 16) == 0) {
                        p.add("team", extra);
                    }
                    if ((drop & 32) == 0) {
                        p.add("callback_id", v.get("callback_id"));
                        p.addProperty("trigger_id", "trig-" + drop);
                        p.addProperty("enterprise_id", SlackRequests.ENTERPRISE_ID);
                    }
                    return p;
                });
    }

    private static Arbitrary<JsonElement> json(int depth) {
        Arbitrary<JsonElement> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(JsonPrimitive::new),
                Arbitraries.integers().map(JsonPrimitive::new),
                Arbitraries.of(true, false).map(JsonPrimitive::new),
                Arbitraries.just(JsonNull.INSTANCE));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonElement> array = json(depth - 1).list().ofMaxSize(3).map(l -> {
            JsonArray a = new JsonArray();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonElement> object = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(IDS),
                Arbitraries.strings().alpha().ofMaxLength(6)), json(depth - 1)).ofMaxSize(3).map(m -> {
                    JsonObject o = new JsonObject();
                    m.forEach(o::add);
                    return o;
                });
        return Arbitraries.oneOf(leaf, array, object);
    }

    // ------------------------------------------------------------------ helpers

    private static RawHttp.Answer send(TestApp app, String method, String path, String body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Type", body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
        headers.put("Content-Length", Integer.toString(bytes.length));
        return RawHttp.send(app.port(), method, path, headers, bytes, Duration.ofSeconds(15));
    }

    /** Slack Web API calls but the start-up ones and the user directory's own sync. */
    private static int calls(FakeSlack slack) {
        return (int) slack.calls().stream()
                .filter(c -> !EdgeEndToEndTest.STARTUP_AND_DIRECTORY.contains(c.method())
                        && !c.method().equals("apps.connections.open")).count();
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
