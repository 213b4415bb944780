package dev.sessionguard.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many installs one client address may start ({@code GET /slack/install}, which stores a state row) in a
 * fixed window. Anyone can open that page without signing in, so this keeps one address from filling the state
 * table; {@link InstallStates}' cap on live states bounds what many addresses together can store.
 *
 * <p>The address is the connection's ({@code getRemoteAddr}), never {@code X-Forwarded-For}, which the client
 * writes. Behind a reverse proxy every visitor shares the proxy's address, so they share its budget; installs are
 * rare enough for that.
 */
final class InstallStartLimit {

    private static final Logger log = LoggerFactory.getLogger(InstallStartLimit.class);

    /**
     * Starts per address per window: an Org Admin installing reloads the page a few times at most. With states
     * living 10 minutes, one address can then hold at most 100 live states, a tenth of the table's cap.
     */
    static final int STARTS_PER_WINDOW = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * Addresses remembered at once: a counter is a few dozen bytes, so this is well under a megabyte. Past it the
     * least used are forgotten; a flood from more addresses than this is held back by the table's cap instead.
     */
    static final int ADDRESSES = 10_000;

    private final Cache<String, AtomicInteger> starts;

    InstallStartLimit() {
        this(Ticker.systemTicker());
    }

    InstallStartLimit(Ticker ticker) {
        // Written once, when an address's first start opens its window; counting up is not a write, so the
        // window ends WINDOW after that first start however many follow.
        this.starts = Caffeine.newBuilder()
                .maximumSize(ADDRESSES)
                .expireAfterWrite(WINDOW)
                .ticker(ticker)
                .build();
    }

    /**
     * Counts a start from {@code address}.
     *
     * @return empty when it may go ahead; otherwise how long until the address's window ends (at least a second)
     */
    Optional<Duration> tryStart(String address) {
        String key = address == null ? "" : address;
        int count = starts.get(key, k -> new AtomicInteger()).incrementAndGet();
        if (count <= STARTS_PER_WINDOW) {
            return Optional.empty();
        }
        if (count == STARTS_PER_WINDOW + 1) {
            log.warn("Refusing install starts from {} for the rest of the minute: more than {} a minute", key,
                    STARTS_PER_WINDOW);
        }
        Duration age = starts.policy().expireAfterWrite().flatMap(p -> p.ageOf(key)).orElse(Duration.ZERO);
        Duration left = WINDOW.minus(age);
        return Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }
}
