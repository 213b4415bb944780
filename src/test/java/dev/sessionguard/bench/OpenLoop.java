package dev.sessionguard.bench;

import com.sun.net.httpserver.HttpServer;
import dev.sessionguard.reset.ResetListeners;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Slash commands sent on a fixed schedule whatever the app's answers (open loop): {@code /session-reset} with
 * no text, which opens the form. Each command has its own trigger, person and {@code response_url} (served
 * here), so what became of each one can be told apart afterwards. Times count from when a command was due,
 * not when a sender got to it, so a backed-up client does not hide a slow app.
 */
final class OpenLoop implements AutoCloseable {

    /** What became of one command. */
    record Sent(int n, String userId, String trigger, Instant due, long ackNanos, int ackStatus, String ackBody) {
    }

    /** The counts the issue asks for, and the times of the first {@code views.open} of each trigger. */
    record Outcome(int sent, int opened, int toldBusy, int silent, int ackErrors, int ackOver3s,
                   int viewsOpen429s, Latencies ackLatency, Latencies toViewsOpen) {
    }

    private final HttpServer responses;
    /** What was posted to each command's response_url, by its trigger (unique across phases, unlike n). */
    private final Map<String, List<String>> responseBodies = new ConcurrentHashMap<>();

    OpenLoop() throws IOException {
        responses = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        responses.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "response-url");
            t.setDaemon(true);
            return t;
        }));
        responses.createContext("/response/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String trigger = path.substring("/response/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            responseBodies.computeIfAbsent(trigger, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(body);
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        responses.start();
    }

    static String userId(String prefix, int n) {
        return "W" + prefix + String.format("%06d", n);
    }

    /**
     * Sends {@code count} commands at {@code perSecond}, numbered from {@code first}, as {@code userOf(n)}.
     * Returns once every command is answered (or timed out after 10 s).
     */
    List<Sent> send(int port, String secret, String tag, int first, int count, double perSecond,
                    java.util.function.IntFunction<String> userOf) throws InterruptedException {
        return send(port, secret, tag, first, count, perSecond, userOf, false);
    }

    /**
     * Global shortcuts instead of commands: each a press of the app's shortcut with its own trigger and person, and,
     * as Slack sends them, no {@code response_url}, so a busy notice can only reach the person by DM.
     */
    List<Sent> shortcuts(int port, String secret, String tag, int count, double perSecond,
                         java.util.function.IntFunction<String> userOf) throws InterruptedException {
        return send(port, secret, tag, 0, count, perSecond, userOf, true);
    }

    private List<Sent> send(int port, String secret, String tag, int first, int count, double perSecond,
                            java.util.function.IntFunction<String> userOf, boolean shortcut) throws InterruptedException {
        int threads = Math.min(512, Math.max(4, (int) Math.ceil(perSecond * 1.0)));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<SignedClient> clients = ThreadLocal.withInitial(() -> new SignedClient(port, secret, 10_000));
        List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        connectEveryThread(pool, threads, clients);
        long start = System.nanoTime() + 50_000_000L;
        Instant startWall = Instant.now().plusMillis(50);
        for (int i = 0; i < count; i++) {
            long dueNanos = start + (long) (i * 1e9 / perSecond);
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = first + i;
            Instant due = startWall.plusNanos(dueNanos - start);
            String user = userOf.apply(n);
            String trigger = tag + "-trigger-" + n;
            pool.execute(() -> {
                String body;
                if (shortcut) {
                    var press = SlackRequests.globalShortcut(user, ResetListeners.GLOBAL_SHORTCUT);
                    press.addProperty("trigger_id", trigger);
                    body = SignedClient.form(Map.of("payload", press.toString()));
                } else {
                    Map<String, String> fields = SlackRequests.command(user, "");
                    fields.put("trigger_id", trigger);
                    fields.put("response_url", "http://127.0.0.1:" + responses.getAddress().getPort() + "/response/"
                            + trigger);
                    body = SignedClient.form(fields);
                }
                SignedClient.Answer a = clients.get().post(body);
                sent.add(new Sent(n, user, trigger, due, System.nanoTime() - dueNanos, a.status(), a.body()));
            });
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        return List.copyOf(sent);
    }

    /**
     * Each sender thread opens its connection (one signed {@code help}, answered in the ack) before the timed
     * commands: a new TCP connection and HTTP/1.1 set-up on both ends is the load generator's cost, not the time an
     * admin's command takes to reach {@code views.open}.
     */
    private static void connectEveryThread(ExecutorService pool, int threads, ThreadLocal<SignedClient> clients)
            throws InterruptedException {
        String help = SignedClient.form(SlackRequests.command("WCONNECT", "help"));
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(threads);
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                all.countDown();
                try {
                    all.await(); // every thread takes one, so each opens its own connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                clients.get().post(help);
                connected.countDown();
            });
        }
        connected.await(30, TimeUnit.SECONDS);
    }

    /**
     * Sorts each command into opened (an accepted {@code views.open} of its trigger within {@code openWithin} of
     * when it was due), told busy ("busy" in the ack, its response_url, or an ephemeral or message to the person)
     * or silent.
     */
    Outcome outcome(List<Sent> sent, FakeSlack slack, Duration openWithin) {
        Map<String, RecordedCall> firstOpen = new ConcurrentHashMap<>();
        Map<String, RecordedCall> firstAccepted = new ConcurrentHashMap<>();
        var accepted = new java.util.HashSet<>(slack.succeeded("views.open"));
        for (RecordedCall c : slack.calls("views.open")) {
            String trigger = c.param("trigger_id");
            if (trigger != null) {
                firstOpen.putIfAbsent(trigger, c);
                if (accepted.contains(c)) {
                    firstAccepted.putIfAbsent(trigger, c);
                }
            }
        }
        Map<String, Boolean> busyTold = new ConcurrentHashMap<>();
        for (String method : List.of("chat.postEphemeral", "chat.postMessage")) {
            for (RecordedCall c : slack.succeeded(method)) { // a rate-limited post told no one
                if (mentionsBusy(c.rawBody())) {
                    String user = c.param("user") != null ? c.param("user") : c.param("channel");
                    if (user != null) {
                        busyTold.put(user, true);
                    }
                }
            }
        }
        int opened = 0;
        int busy = 0;
        int silent = 0;
        int ackErrors = 0;
        int over3s = 0;
        Latencies ack = new Latencies();
        Latencies toOpen = new Latencies();
        for (Sent s : sent) {
            ack.add(s.ackNanos());
            if (s.ackStatus() != 200) {
                ackErrors++;
            }
            if (s.ackNanos() > 3_000_000_000L) {
                over3s++;
            }
            RecordedCall open = firstOpen.get(s.trigger());
            if (open != null) {
                toOpen.add(Duration.between(s.due(), open.at()).toNanos());
            }
            RecordedCall ok = firstAccepted.get(s.trigger());
            if (ok != null && Duration.between(s.due(), ok.at()).compareTo(openWithin) <= 0) {
                opened++;
            } else if (mentionsBusy(s.ackBody()) || busyTold.containsKey(s.userId())
                    || responseBodies.getOrDefault(s.trigger(), List.of()).stream().anyMatch(OpenLoop::mentionsBusy)) {
                busy++;
            } else {
                silent++;
            }
        }
        return new Outcome(sent.size(), opened, busy, silent, ackErrors, over3s, slack.rateLimited("views.open"),
                ack, toOpen);
    }

    private static boolean mentionsBusy(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("busy");
    }

    @Override
    public void close() {
        responses.stop(0);
    }
}
