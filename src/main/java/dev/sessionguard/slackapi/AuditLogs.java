package dev.sessionguard.slackapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Audit Logs API ({@code GET <base>logs}), read with an Org Owner's token. Entries come newest first and
 * are paged by cursor. The SDK's audit client can't be used as is: it models {@code details.reason} as a string,
 * and anomaly entries carry a list, so the SDK's HTTP client fetches the body and this class reads it.
 */
public final class AuditLogs {

    private static final Logger log = LoggerFactory.getLogger(AuditLogs.class);

    /** What the threat watcher asks for. */
    public static final List<String> SESSION_ACTIONS = List.of(AuditLogEntry.ANOMALY,
            AuditLogEntry.RESET_BY_ANOMALY_RESPONSE);

    /** No answer at all: refused connection, timeout, a URL or token the HTTP client would not send. */
    public static final String IO_ERROR = "io_error";
    /** A 2xx answer that is not the JSON of a page. */
    public static final String MALFORMED_RESPONSE = "malformed_response";

    /**
     * An error code as Slack writes them. Anything else in an error body (a proxy's page, a hostile string) is
     * replaced by {@code http_<status>}: the code goes into logs and metrics.
     */
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z0-9_.]{1,64}");

    /**
     * @param entries    this page, newest first; entries without an id are left out
     * @param nextCursor the next page's cursor, or null on the last page
     * @param failure    null when Slack answered the page
     */
    public record Page(List<AuditLogEntry> entries, String nextCursor, Failure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * @param error      Slack's error code ({@code ratelimited}, {@code invalid_authentication}, {@code missing_scope}
     *                   …), or {@code http_<status>}, {@code io_error}, {@code malformed_response}
     * @param status     the HTTP status, 0 when there was none
     * @param retryAfter seconds from Slack's {@code Retry-After} header, 0 when none
     */
    public record Failure(String error, int status, long retryAfter) {
        public boolean rateLimited() {
            return status == 429 || SlackErrors.RATELIMITED.equals(error);
        }

        /** Worth trying again soon: 5xx, no answer, a garbled one. */
        public boolean transientError() {
            return status >= 500 || status == 0 || MALFORMED_RESPONSE.equals(error);
        }
    }

    private final Slack slack;
    private final String baseUrl;
    private final Secret token;

    /** @param baseUrl ends with a slash, e.g. {@code https://api.slack.com/audit/v1/} */
    public AuditLogs(Slack slack, String baseUrl, Secret token) {
        this.slack = slack;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /**
     * One page of {@code actions} no older than {@code oldest} (Unix seconds), or the page {@code cursor} names.
     * Never throws: a failure is in the page.
     */
    public Page page(List<String> actions, long oldest, String cursor, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("action", String.join(",", actions));
        if (oldest > 0) {
            query.put("oldest", Long.toString(oldest));
        }
        query.put("limit", Integer.toString(limit));
        if (cursor != null && !cursor.isEmpty()) {
            query.put("cursor", cursor);
        }
        try (Response response = slack.getHttpClient().get(baseUrl + "logs", query, token.reveal())) {
            ResponseBody body = response.body();
            return read(response.code(), response.header("Retry-After"), body == null ? "" : body.string());
        } catch (IOException | RuntimeException e) {
            // Neither the exception nor its message is kept: the SDK's and OkHttp's texts may carry the URL.
            return failed(IO_ERROR, 0, 0);
        }
    }

    /** The newest anomaly, if any: whether the token may read the logs at all, for {@code doctor}. */
    public Page probe() {
        return page(List.of(AuditLogEntry.ANOMALY), 0, null, 1);
    }

    /** A page from Slack's answer; package-private so the parsing can be tested without a server. */
    static Page read(int status, String retryAfter, String body) {
        if (status == 429) {
            return failed(SlackErrors.RATELIMITED, status, seconds(retryAfter));
        }
        JsonObject json = jsonObject(body);
        if (status < 200 || status > 299) {
            String error = json == null ? null : string(json, "error");
            return failed(error != null && ERROR_CODE.matcher(error).matches() ? error : "http_" + status, status, 0);
        }
        if (json == null || !json.has("entries") || !json.get("entries").isJsonArray()) {
            String error = json == null ? null : string(json, "error");
            return error != null && ERROR_CODE.matcher(error).matches()
                    ? failed(error, status, 0) // a 200 carrying {"ok":false,"error":…}, the Web API's way
                    : failed(MALFORMED_RESPONSE, status, 0);
        }
        JsonArray array = json.getAsJsonArray("entries");
        List<AuditLogEntry> entries = new ArrayList<>(array.size());
        int skipped = 0;
        for (JsonElement element : array) {
            AuditLogEntry entry = entry(element);
            if (entry == null) {
                skipped++;
            } else {
                entries.add(entry);
            }
        }
        if (skipped > 0) {
            // How many, never what: an entry's strings are chosen by whoever holds the session.
            log.warn("Slack's Audit Logs API sent {} of {} entries that were not objects with an id; they were skipped",
                    skipped, array.size());
        }
        String next = string(json, "response_metadata", "next_cursor");
        return new Page(List.copyOf(entries), next == null || next.isEmpty() ? null : next, null);
    }

    /** One entry, or null when it is not an object with an id. Any other field may be missing: it is then null. */
    static AuditLogEntry entry(JsonElement element) {
        if (element == null || !element.isJsonObject()) {
            return null;
        }
        JsonObject e = element.getAsJsonObject();
        String id = string(e, "id");
        if (id == null || id.isEmpty()) {
            return null;
        }
        // The person it is about is the entity when that is a user; an entry about something else names its actor.
        String userId = "user".equals(string(e, "entity", "type")) ? string(e, "entity", "user", "id")
                : string(e, "actor", "user", "id");
        String enterpriseId = "enterprise".equals(string(e, "context", "location", "type"))
                ? string(e, "context", "location", "id") : null;
        return new AuditLogEntry(id, instant(at(e, "date_create")), string(e, "action"), userId, enterpriseId,
                reasons(at(e, "details", "reason")), string(e, "context", "ip_address"), string(e, "context", "ua"),
                string(e, "details", "location"), string(e, "context", "session_id"),
                string(e, "details", "previous_ip_address"), string(e, "details", "previous_ua"));
    }

    /** {@code details.reason}: a list in anomaly entries, a single string in some others. */
    private static List<String> reasons(JsonElement reason) {
        if (reason == null) {
            return List.of();
        }
        if (reason.isJsonPrimitive()) {
            return List.of(reason.getAsString());
        }
        List<String> reasons = new ArrayList<>();
        if (reason.isJsonArray()) {
            for (JsonElement r : reason.getAsJsonArray()) {
                if (r.isJsonPrimitive()) {
                    reasons.add(r.getAsString());
                }
            }
        }
        return reasons;
    }

    /** Unix seconds; anything else (absent, a string, out of range) is no time at all. */
    private static Instant instant(JsonElement value) {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(value.getAsBigDecimal().longValueExact());
        } catch (ArithmeticException | DateTimeException e) {
            return null;
        }
    }

    /** The element at {@code path}, or null when any step is missing or not an object. */
    private static JsonElement at(JsonObject root, String... path) {
        JsonElement current = root;
        for (String name : path) {
            if (current == null || !current.isJsonObject()) {
                return null;
            }
            current = current.getAsJsonObject().get(name);
        }
        return current == null || current.isJsonNull() ? null : current;
    }

    /** The string (or number, e.g. a session id) at {@code path}; null for anything else. */
    private static String string(JsonObject root, String... path) {
        JsonElement value = at(root, path);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static JsonObject jsonObject(String body) {
        try {
            JsonElement parsed = JsonParser.parseString(body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code Retry-After} in seconds; an HTTP date or garbage counts as none. */
    private static long seconds(String retryAfter) {
        try {
            return retryAfter == null ? 0 : Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Page failed(String error, int status, long retryAfter) {
        return new Page(List.of(), null, new Failure(error, status, retryAfter));
    }
}
