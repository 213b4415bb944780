package dev.sessionguard.support;

import dev.sessionguard.config.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real jar in its own JVM, started the way the README runs it ({@code java <options> -jar
 * target/session-guard.jar}), with only the given environment; its output goes to files in {@code dir}. The bench
 * measures it; {@code *JarTest}s, run by {@code mvn verify} after {@code package}, check it.
 */
public final class JarProcess implements AutoCloseable {

    /** What {@code /proc/<pid>/status} says of the process. */
    public record Usage(long rssKib, int threads) {
        public double rssMib() {
            return rssKib / 1024.0;
        }
    }

    private final Process process;
    private final int port;
    private final Duration startup;
    private final Path dir;

    private JarProcess(Process process, int port, Duration startup, Path dir) {
        this.process = process;
        this.port = port;
        this.startup = startup;
        this.dir = dir;
    }

    /**
     * The README's run command's options (and the Dockerfile's), with the class archive beside {@code jar}, made
     * absolute since the jar runs in a directory of its own: what the benches measure is what people run.
     * {@code PackagedJarTest} holds the README to the same words.
     */
    public static List<String> readmeOptions(Path jar) {
        return List.of("-Xms32m", "-Xmx160m", "-XX:CICompilerCount=4", "-XX:SharedArchiveFile="
                + jar.toAbsolutePath().toString().replaceFirst("\\.jar$", ".jsa"));
    }

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    /**
     * How often {@code /healthz} is asked while the jar starts: every 10 ms times start-up to within 10 ms, and
     * leaves the 2 cores to the start being timed (asking every 2 ms took a good part of one).
     */
    private static final Duration POLL = Duration.ofMillis(10);

    /** Starts the jar and waits until {@code /healthz} answers 200, timing from just before the process starts. */
    public static JarProcess start(Path jar, List<String> jvmOptions, Map<String, String> env, Path dir) throws IOException {
        int port = MainProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put(ServerSettings.PORT, Integer.toString(port));
        pb.redirectOutput(dir.resolve("app-out.txt").toFile());
        pb.redirectError(dir.resolve("app-err.txt").toFile());
        pb.directory(dir.toFile());
        long t0 = System.nanoTime();
        Process process = pb.start();
        boolean ready = Await.untilOrTimeout(READY_WITHIN, POLL,
                () -> !process.isAlive() || MainProcess.healthStatus(port) == 200);
        if (!ready || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("the app did not become ready; its stderr:\n"
                    + Files.readString(dir.resolve("app-err.txt")) + "\nstdout:\n"
                    + Files.readString(dir.resolve("app-out.txt")));
        }
        return new JarProcess(process, port, Duration.ofNanos(System.nanoTime() - t0), dir);
    }

    public int port() {
        return port;
    }

    public Duration startup() {
        return startup;
    }

    public Usage usage() {
        try {
            long rss = -1;
            int threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            return new Usage(rss, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the app's output that are warnings or errors, to show next to the figures. */
    /** The samples of one metric on {@code /metrics}, each as Prometheus writes it, joined by "; " (or "absent"). */
    public String metric(String name) throws IOException, InterruptedException {
        var http = java.net.http.HttpClient.newHttpClient();
        String text = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        List<String> samples = text.lines().filter(l -> l.startsWith(name)).toList();
        return samples.isEmpty() ? "absent" : String.join("; ", samples);
    }

    public long logLines(String level) throws IOException {
        long n = 0;
        for (String f : List.of("app-out.txt", "app-err.txt")) {
            try (var lines = Files.lines(dir.resolve(f))) {
                n += lines.filter(l -> l.contains(level)).count();
            }
        }
        return n;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
