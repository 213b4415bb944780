package dev.sessionguard.support;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Slack's file host ({@code files.slack.com}) on the fake: files registered with {@link #add} are served at their
 * {@code url_private_download} only to {@code Authorization: Bearer} {@link TestApp#BOT_TOKEN}. Anything else gets
 * what Slack gives: HTTP 200 with a sign-in page in HTML, not the file. Every request is recorded with its headers.
 */
public final class FakeFiles {

    static final String PATH = "/files-pri/";
    static final String SIGN_IN_PAGE = "<!DOCTYPE html><html><head><title>Slack</title></head>"
            + "<body><h1>Sign in to your workspace</h1></body></html>";

    /** One request for a file: its path, and its {@code Authorization} header or null. */
    public record Request(String method, String path, String authorization) {
    }

    private record Stored(byte[] bytes, String mimetype) {
    }

    private final Supplier<String> baseUrl;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeFiles(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Registers a file and returns its object as a {@code file_input}'s state value lists it (and as
     * {@code files.info} would): id, name, title, filetype, mimetype, size, url_private, url_private_download.
     */
    public JsonObject add(String name, byte[] bytes, String mimetype) {
        String id = String.format("F9%08d", ids.incrementAndGet());
        String path = PATH + "T0000TEAM1-" + id + "/";
        files.put(path + name, new Stored(bytes.clone(), mimetype));
        files.put(path + "download/" + name, new Stored(bytes.clone(), mimetype));
        JsonObject file = new JsonObject();
        file.addProperty("id", id);
        file.addProperty("name", name);
        file.addProperty("title", name);
        file.addProperty("filetype", filetype(name));
        file.addProperty("mimetype", mimetype);
        file.addProperty("size", bytes.length);
        file.addProperty("url_private", baseUrl.get() + path + name);
        file.addProperty("url_private_download", baseUrl.get() + path + "download/" + name);
        return file;
    }

    /** Every request for a file so far, oldest first (a snapshot). */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(exchange.getRequestMethod(), path, auth));
            Stored file = files.get(path);
            boolean allowed = ("Bearer " + TestApp.BOT_TOKEN).equals(auth);
            byte[] body = allowed && file != null ? file.bytes() : SIGN_IN_PAGE.getBytes(StandardCharsets.UTF_8);
            String type = allowed && file != null ? file.mimetype() : "text/html; charset=utf-8";
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    /** Slack's {@code filetype}: "csv", "text" for .txt, else the extension. */
    private static String filetype(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "txt" -> "text";
            case "" -> "binary";
            default -> ext;
        };
    }
}
