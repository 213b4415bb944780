package dev.sessionguard.bench;

import dev.sessionguard.support.Org;
import dev.sessionguard.support.SlackRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What someone else sees while the app is under a burst: a {@code GET /healthz} and a signed
 * {@code /session-reset help} every {@link #EVERY}, each on its own connection, timed from the moment each was due.
 * A probe that fails or waits past its 5 s timeout counts as a failure, with the time it took.
 */
final class Probes implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(100);

    final Latencies health = new Latencies();
    final Latencies help = new Latencies();
    volatile int failures;
    private final Thread thread;
    private volatile boolean stop;

    private Probes(int port, String secret) {
        thread = new Thread(() -> run(port, secret), "perf-probes");
        thread.setDaemon(true);
    }

    static Probes start(int port, String secret) {
        Probes p = new Probes(port, secret);
        p.thread.start();
        return p;
    }

    private void run(int port, String secret) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build();
        String helpBody = SignedClient.form(SlackRequests.command(Org.ADMIN, "help"));
        try (SignedClient client = new SignedClient(port, secret, 5_000)) {
            long next = System.nanoTime();
            while (!stop) {
                long t0 = System.nanoTime();
                try {
                    if (http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                        failures++;
                    }
                } catch (Exception e) {
                    failures++;
                }
                health.add(System.nanoTime() - t0);
                long t1 = System.nanoTime();
                if (client.post(helpBody).status() != 200) {
                    failures++;
                }
                help.add(System.nanoTime() - t1);
                next += EVERY.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
