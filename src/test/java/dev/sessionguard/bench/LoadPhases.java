package dev.sessionguard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Closed-loop load: {@code concurrency} connections, each sending its next request when the last is answered. */
final class LoadPhases {

    /** What one closed-loop run saw; {@code latencies} holds every answered request, errors included. */
    record Result(int concurrency, Latencies latencies, int errors, double seconds, String sampleBody) {
        int requests() {
            return latencies.count();
        }

        double throughput() {
            return (requests() - errors) / seconds;
        }
    }

    private LoadPhases() {
    }

    /**
     * Runs until {@code duration} has passed or {@code maxRequests} were sent, whichever is first.
     *
     * @param body the form body of the i-th request
     */
    static Result closedLoop(int port, String secret, int concurrency, Duration duration, int maxRequests,
                             IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<Object[]>> futures = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            futures.add(pool.submit(() -> {
                Latencies mine = new Latencies();
                int errors = 0;
                String sample = null;
                try (SignedClient client = new SignedClient(port, secret, 30_000)) {
                    for (int i = next.getAndIncrement(); i < maxRequests && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        SignedClient.Answer a = client.post(body.apply(i));
                        mine.add(System.nanoTime() - t0);
                        if (a.status() != 200) {
                            errors++;
                        }
                        if (sample == null) {
                            sample = a.status() + " " + a.body();
                        }
                    }
                }
                return new Object[] {mine, errors, sample};
            }));
        }
        Latencies all = new Latencies();
        int errors = 0;
        String sample = null;
        for (Future<Object[]> f : futures) {
            Object[] r = f.get();
            all.addAll((Latencies) r[0]);
            errors += (Integer) r[1];
            sample = sample == null ? (String) r[2] : sample;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(concurrency, all, errors, seconds, sample);
    }
}
