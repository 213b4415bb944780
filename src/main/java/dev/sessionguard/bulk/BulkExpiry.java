package dev.sessionguard.bulk;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code poll}, on a thread of its own: requests nobody approved in time end, recorded as expired, and
 * previews nobody submitted are forgotten ({@link BulkService#expireDue}).
 */
public final class BulkExpiry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkExpiry.class);

    private final BulkService service;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulk-expiry");
        t.setDaemon(true);
        return t;
    });

    public BulkExpiry(BulkService service) {
        this.service = service;
    }

    public BulkExpiry start(Duration poll) {
        thread.scheduleWithFixedDelay(this::expireSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void expireSafely() {
        try {
            service.expireDue();
        } catch (RuntimeException e) {
            log.error("Expiring bulk requests failed ({}); will retry", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
