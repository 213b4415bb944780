package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Slack's side of the SDK's {@code filesUploadV2}: {@code files.getUploadURLExternal} hands out a URL on the fake
 * itself, that URL keeps the bytes POSTed to it (the SDK sends them raw, with no token, as to Slack's presigned URL),
 * and {@code files.completeUploadExternal} shares what arrived, once per file.
 */
final class FakeUploads {

    /** Where the fake serves upload URLs. */
    static final String PATH = "/upload/";

    /** What {@code files.getUploadURLExternal} was told. */
    private record Started(String filename, long length) {
    }

    private final Supplier<String> baseUrl;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Started> started = new ConcurrentHashMap<>();
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    private final List<FakeUpload> completed = new ArrayList<>();

    /** @param baseUrl the fake's {@code http://127.0.0.1:PORT}, asked for when a URL is handed out */
    FakeUploads(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    FakeResponse uploadUrl(RecordedCall c) {
        if (c.token() == null) {
            return FakeResponse.error("not_authed");
        }
        if (c.param("filename") == null || c.param("length") == null || !c.param("length").matches("\\d+")) {
            return FakeResponse.error("invalid_arguments");
        }
        String id = String.format("F%09d", ids.incrementAndGet());
        started.put(id, new Started(c.param("filename"), Long.parseLong(c.param("length"))));
        JsonObject json = new JsonObject();
        json.addProperty("upload_url", baseUrl.get() + PATH + id);
        json.addProperty("file_id", id);
        return FakeResponse.ok(json);
    }

    /** The upload URL: Slack answers 200 with a line of text. */
    void receive(HttpExchange exchange) throws IOException {
        try {
            String id = exchange.getRequestURI().getPath().substring(PATH.length());
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            int status = !"POST".equals(exchange.getRequestMethod()) ? 405 : started.containsKey(id) ? 200 : 404;
            if (status == 200) {
                received.put(id, bytes);
            }
            byte[] answer = (status == 200 ? "OK - " + bytes.length : "no upload " + id).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } finally {
            exchange.close();
        }
    }

    FakeResponse complete(RecordedCall c) {
        if (c.token() == null) {
            return FakeResponse.error("not_authed");
        }
        JsonArray files = c.param("files") == null ? null : parseArray(c.param("files"));
        if (files == null || files.isEmpty()) {
            return FakeResponse.error("invalid_arguments");
        }
        String channel = c.param("channel_id") != null ? c.param("channel_id") : c.param("channels");
        JsonArray answered = new JsonArray();
        List<FakeUpload> done = new ArrayList<>();
        for (JsonElement f : files) {
            String id = f.getAsJsonObject().has("id") ? f.getAsJsonObject().get("id").getAsString() : "";
            Started start = started.get(id);
            byte[] bytes = received.get(id);
            if (start == null || bytes == null || bytes.length != start.length()) {
                return FakeResponse.error("file_not_found"); // the fake's word for "not uploaded, or not in full"
            }
            String title = f.getAsJsonObject().has("title") ? f.getAsJsonObject().get("title").getAsString()
                    : start.filename();
            done.add(new FakeUpload(id, start.filename(), title, new String(bytes, StandardCharsets.UTF_8), channel,
                    c.param("thread_ts"), c.param("initial_comment")));
            JsonObject file = new JsonObject();
            file.addProperty("id", id);
            file.addProperty("name", start.filename());
            file.addProperty("title", title);
            file.addProperty("size", bytes.length);
            answered.add(file);
        }
        done.forEach(u -> started.remove(u.fileId())); // like Slack: an upload is completed once
        synchronized (completed) {
            completed.addAll(done);
        }
        // Like Slack's usual answer: the files, and no shares yet (Slack shares them a moment later).
        JsonObject json = new JsonObject();
        json.add("files", answered);
        return FakeResponse.ok(json);
    }

    List<FakeUpload> completed() {
        synchronized (completed) {
            return List.copyOf(completed);
        }
    }

    void clear() {
        synchronized (completed) {
            completed.clear();
        }
    }

    private static JsonArray parseArray(String text) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            return parsed.isJsonArray() ? parsed.getAsJsonArray() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
