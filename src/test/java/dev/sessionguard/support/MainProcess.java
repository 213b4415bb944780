package dev.sessionguard.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link Main} as its own JVM, the way the jar runs: only the given environment, the test class path,
 * stdout and stderr kept in files of {@code dir} named after the run ({@code <name>-out.txt},
 * {@code <name>-err.txt}). Closing it kills the process (SIGKILL); {@code process().destroy()} is a SIGTERM.
 */
public final class MainProcess implements AutoCloseable {

    /** How long {@link #run} lets a one-shot command take. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private MainProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code java -cp <test class path> dev.sessionguard.Main args…} in {@code dir}. */
    public static MainProcess launch(Path dir, String name, Map<String, String> env, String... args) {
        return launch(dir, name, env, List.of(), args);
    }

    /** With options for the JVM itself, e.g. {@code -Dlogback.configurationFile=…}. */
    public static MainProcess launch(Path dir, String name, Map<String, String> env, List<String> jvmOptions,
                                     String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Each lives seconds: only the quick compiler and the serial collector, as the test JVMs themselves.
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = dir.resolve(name + "-out.txt");
        Path err = dir.resolve(name + "-err.txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.directory(dir.toFile());
        try {
            return new MainProcess(name, pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-shot command run to completion (asserted to end within 60 s). */
    public static Finished run(Path dir, String name, Map<String, String> env, String... args) {
        return run(dir, name, env, List.of(), args);
    }

    public static Finished run(Path dir, String name, Map<String, String> env, List<String> jvmOptions,
                               String... args) {
        try (MainProcess p = launch(dir, name, env, jvmOptions, args)) {
            return p.finish(RUN_TIMEOUT);
        }
    }

    /** What a one-shot command left behind. */
    public record Finished(int exitCode, String out, String err) {
        /** For assertion messages. */
        public String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    public Process process() {
        return process;
    }

    /** Waits for the process to end and returns its exit code (128 + n when killed by signal n). */
    public int awaitExit(Duration timeout) {
        try {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("process ended within %s; stderr so far:%n%s", timeout, stderr()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the process", e);
        }
        return process.exitValue();
    }

    /** Waits for the process to end, as {@link #awaitExit}, and returns what it left behind. */
    public Finished finish(Duration timeout) {
        int exit = awaitExit(timeout);
        return new Finished(exit, stdout(), stderr());
    }

    /** Waits until {@code GET /healthz} on {@code port} answers 200; the failure shows what the process wrote. */
    public void awaitReady(int port, Duration timeout) {
        Await.until(timeout, () -> healthStatus(port) == 200,
                () -> name + " to report ready; stderr:\n" + stderr() + "\nstdout:\n" + stdout());
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** SIGKILL: no shutdown hook, no last outbox pass. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port nothing listens on right now, for a process to be told via {@code PORT}. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status of {@code GET /healthz}, or -1 while nothing listens. */
    public static int healthStatus(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
