package dev.sessionguard.gtr;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The identity provider's signing keys, as Nimbus' key selector asks for them. The JWKS is fetched
 * ({@link JwksFetch}: no redirects) when there is none or it is {@link #CACHE_TTL} old, and again when a token names a
 * key the set lacks (a rotation). The rule for a key id the set lacks:
 *
 * <ul>
 *   <li>If the set in hand came from a fetch that <em>began after this token arrived</em>, the key is not the IdP's:
 *       no key (the verifier's 401). The IdP publishes a key before it signs with it, so that fetch would hold it.
 *   <li>Otherwise, if a fetch is allowed now, this request fetches the set itself, synchronously, and judges by it:
 *       found, the token is checked with it; not found, no key (401); the fetch failed, {@link Unavailable} (503).
 *   <li>Otherwise, {@link Unavailable} (503, Retry-After until a fetch is allowed), never a 401: a fetch is under way
 *       for another request, or the last one failed or was made for an unknown key less than
 *       {@link #REFETCH_INTERVAL} ago.
 * </ul>
 *
 * So a forged token with an invented key id costs the IdP at most one fetch per interval, and can make a real token
 * wait (503, tried again by the IdP) but never refused; and since every fetch brings the IdP's current set, the wait
 * ends at the next fetch. A fetch for a missing or expired set that succeeds doesn't count against the interval;
 * one that fails does, so an unreachable IdP is asked at most once per interval. An expired set is not used while
 * it can't be fetched again: a key the IdP withdrew is trusted at most {@link #CACHE_TTL} longer. One fetch at a
 * time (single flight); the others are answered at once, without waiting on it.
 */
final class IdpKeys implements JWKSource<SecurityContext> {

    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);

    /** The keys can't be had now: the request should be answered 503 with this Retry-After. */
    static final class Unavailable extends KeySourceException {
        private final long retryAfterSeconds;

        Unavailable(String why, long retryAfterSeconds) {
            super(why);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A fetched set, when its fetch began, and that fetch's number (they only grow). */
    private record Fetched(JWKSet set, Instant began, long number) {
    }

    private final URL url;
    private final Clock clock;
    private final Duration interval;
    private final ReentrantLock fetching = new ReentrantLock();
    private final AtomicLong fetchesBegun = new AtomicLong();
    /** Replaced only while holding {@link #fetching}. */
    private volatile Fetched keys;
    /** Written only while holding {@link #fetching}; read without it for a Retry-After. */
    private volatile Instant nextFetchAllowed = Instant.MIN;

    IdpKeys(URL url, Clock clock, Duration interval) {
        this.url = url;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long arrived = fetchesBegun.get();
        // Each pass returns, or fetches (or sees another request's fetch) and looks again; three are plenty.
        for (int pass = 0; pass < 3; pass++) {
            Fetched seen = keys;
            boolean fresh = seen != null && clock.instant().isBefore(seen.began().plus(CACHE_TTL));
            if (fresh) {
                List<JWK> found = selector.select(seen.set());
                if (!found.isEmpty() || seen.number() > arrived) {
                    return found;
                }
            }
            fetch(seen, fresh);
        }
        throw new Unavailable("the identity provider's JWKS kept changing", retryAfter(clock.instant()));
    }

    /**
     * Fetches the set unless another request is fetching it or has replaced {@code seen} since (then returns, for the
     * caller to look again). When there are no current keys every request needs that fetch (the IdP sends several
     * at once, and the first after a start all do), so they wait for it, at most as long as one fetch may take (it
     * connects and reads within {@link JwksFetch#TIMEOUT_MS} each), on Universal Logout's own lane. A key id the
     * current keys lack may be a forger's: such a request doesn't wait, it gets {@link Unavailable} at once.
     */
    private void fetch(Fetched seen, boolean forUnknownKey) throws Unavailable {
        boolean locked;
        try {
            locked = forUnknownKey ? fetching.tryLock()
                    : fetching.tryLock(2L * JwksFetch.TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            throw new Unavailable("the identity provider's JWKS is being fetched for another request",
                    retryAfter(clock.instant()));
        }
        try {
            if (keys != seen) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(nextFetchAllowed)) {
                throw new Unavailable(forUnknownKey
                        ? "a key id the cached JWKS lacks, and the JWKS was fetched for one less than "
                                + interval.toSeconds() + " s ago"
                        : "no current JWKS, and fetching it failed less than " + interval.toSeconds() + " s ago",
                        retryAfter(now));
            }
            Instant allowedBefore = nextFetchAllowed;
            nextFetchAllowed = now.plus(interval);
            long number = fetchesBegun.incrementAndGet();
            JWKSet set;
            try {
                set = JwksFetch.load(url);
            } catch (IOException e) {
                throw new Unavailable("the identity provider's JWKS could not be fetched (" + JwksFetch.describe(e)
                        + ")", retryAfter(now));
            } catch (ParseException e) {
                throw new Unavailable("the identity provider's JWKS is not a JWK set", retryAfter(now));
            } catch (RuntimeException e) {
                // Not the IdP's verdict on the token: left to the verifier, it would become a 401.
                throw new Unavailable("the identity provider's JWKS could not be fetched ("
                        + e.getClass().getSimpleName() + ")", retryAfter(now));
            }
            keys = new Fetched(set, now, number);
            if (!forUnknownKey) {
                nextFetchAllowed = allowedBefore;
            }
        } finally {
            fetching.unlock();
        }
    }

    /** Whole seconds until a fetch is allowed, at least 1. */
    private long retryAfter(Instant now) {
        long millis = Duration.between(now, nextFetchAllowed.isBefore(now) ? now : nextFetchAllowed).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
