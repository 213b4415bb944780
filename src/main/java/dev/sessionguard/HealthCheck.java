package dev.sessionguard;

import dev.sessionguard.edge.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code java -jar session-guard.jar healthcheck}: asks the app running in the same container for {@code /healthz}.
 * The container's HEALTHCHECK runs this, because the JRE image has no curl or wget and nothing may be downloaded.
 */
public final class HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HealthCheck() {
    }

    /** 0 when {@code /healthz} on 127.0.0.1:{@code port} answers 200, else 1; one line on {@code out} says why. */
    public static int run(int port, PrintStream out) {
        URI uri = URI.create("http://127.0.0.1:" + port + HttpServer.HEALTH_PATH);
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                    HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 200) {
                out.println("healthy: " + response.body());
                return 0;
            }
            out.println("unhealthy: HTTP " + response.statusCode() + " " + response.body());
            return 1;
        } catch (IOException e) {
            out.println("unhealthy: nothing answered at " + uri + " (" + e.getClass().getSimpleName() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("unhealthy: interrupted");
            return 1;
        }
    }
}
