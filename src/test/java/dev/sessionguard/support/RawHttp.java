package dev.sessionguard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: any method with a body, a declared
 * length the body never reaches, a body that stops halfway. Reads the answer until the server closes or
 * {@code timeout} passes.
 */
public final class RawHttp {

    /** What came back; {@code status} is -1 when the server closed without answering. */
    public record Answer(int status, Map<String, String> headers, String body, Duration took) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the request head (request line, {@code headers}, Host and Connection: close) and then
     * {@code bodyBytes}, which need not match any Content-Length given, and reads the answer.
     */
    public static Answer send(int port, String method, String path, Map<String, String> headers, byte[] bodyBytes,
            Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(bodyBytes);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before taking all of a body it refuses
            }
            return read(socket.getInputStream(), start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the head, then {@code body} one byte every {@code gap} from a scheduler (a client that dribbles), and
     * reads the answer while it does.
     */
    public static Answer dribble(int port, String path, Map<String, String> headers, byte[] body, Duration gap,
            Duration timeout) {
        long start = System.nanoTime();
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            scheduler.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                try {
                    if (i < body.length) {
                        out.write(body[i]);
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // closed by the server: stop
                }
            }, gap.toMillis(), gap.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return read(socket.getInputStream(), start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static Answer read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // timed out or reset: parse what came
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            return new Answer(-1, Map.of(), text, took);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(status, headers, text.substring(end + 4), took);
    }
}
