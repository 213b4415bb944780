package dev.sessionguard.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Slack's {@code response_url}s, served by the fake: a test puts {@link #url} in a request's {@code response_url}
 * and reads what the app posted there. Answers 200 {@code ok}, as Slack does.
 */
public final class FakeResponseUrls {

    static final String PATH = "/response/";

    /** One post to a response_url: which one, and its JSON body. */
    public record Post(String name, JsonObject body) {
        public String text() {
            return body.has("text") ? body.get("text").getAsString() : "";
        }
    }

    private final Supplier<String> baseUrl;
    private final List<Post> posts = new CopyOnWriteArrayList<>();

    FakeResponseUrls(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response_url on the fake; posts to it are recorded under {@code name}. */
    public String url(String name) {
        return baseUrl.get() + PATH + name;
    }

    /** The first post to {@code name}'s URL, waited for. */
    public Post awaitPost(String name, Duration timeout) {
        return Await.value(timeout, () -> posts.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null),
                () -> "a post to response_url " + name + "; posts so far: " + posts);
    }

    void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(PATH.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new Post(name, JsonParser.parseString(body).getAsJsonObject()));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        }
    }
}
