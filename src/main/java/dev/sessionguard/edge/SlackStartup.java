package dev.sessionguard.edge;

import dev.sessionguard.slackapi.SlackErrors;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt's start calls {@code auth.test} with the bot token (in Socket Mode, then {@code apps.connections.open}
 * with the app token); until it succeeds the app is not ready. Retried in the background with backoff, so a
 * Slack hiccup at boot does not kill the process.
 */
public final class SlackStartup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlackStartup.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final AtomicReference<HttpServer.Health> health =
            new AtomicReference<>(new HttpServer.Health(false, "checking the bot token with Slack"));
    private final Thread thread;

    public SlackStartup(Runnable start) {
        this.thread = new Thread(() -> run(start), "slack-start");
        thread.setDaemon(true);
    }

    public SlackStartup begin() {
        thread.start();
        return this;
    }

    /** Ready once Slack accepted the app; else why not. */
    public HttpServer.Health health() {
        return health.get();
    }

    public boolean ready() {
        return health.get().ready();
    }

    private void run(Runnable start) {
        Duration wait = FIRST_WAIT;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                start.run();
                health.set(new HttpServer.Health(true, "ready"));
                log.info("Session Guard is ready");
                return;
            } catch (RuntimeException e) {
                // Bolt's message names the auth.test error or the network failure, never the token.
                String why = SlackErrors.startupProblem(e);
                health.set(new HttpServer.Health(false, why));
                log.error("{}; retrying in {}", why, seconds(wait));
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    /** "0.5 s", "2 s", "30 s": a wait as the log prints it. */
    static String seconds(Duration wait) {
        long millis = wait.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s"
                : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** A start-up still waiting for Slack must not hold up the shutdown. */
    @Override
    public void close() {
        thread.interrupt();
    }
}
