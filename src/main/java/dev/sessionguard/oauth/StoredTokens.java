package dev.sessionguard.oauth;

import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.Tokens;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth mode's tokens, from the stored org install. The install is read and decrypted once and then kept in
 * memory for {@link #TRUST}, not at every Slack call; {@link #forget} (on every save or deletion on this
 * instance, see {@link OrgInstall#onChange}) makes the very next call read it again. The admin token is the
 * installer's user token: neither {@code ctx.getRequestUserToken()} (the invoker's own) nor {@code ctx.client()}
 * (always the bot's).
 */
public final class StoredTokens implements Tokens {

    private static final Logger log = LoggerFactory.getLogger(StoredTokens.class);

    /**
     * How long a read install is used without reading it again. Only the instance that receives Slack's
     * {@code tokens_revoked} or {@code app_uninstalled} (or the install's redirect) hears of it; the others see the
     * change within this. A revoked token is refused by Slack anyway, so the window costs an error, never access.
     */
    static final Duration TRUST = Duration.ofSeconds(30);

    /**
     * What was read, and when. Each {@link #forget} puts in a new one, so a read that started before it can tell
     * and is not kept. (One value needs no cache library, and here it is plain what becomes of a read in flight
     * when the install changes, which is the case that matters.)
     */
    private record Remembered(OrgInstallation install, long readAtNanos) {
    }

    private final Supplier<Optional<OrgInstallation>> latest;
    private final LongSupplier nanoTime;
    private final AtomicReference<Remembered> remembered = new AtomicReference<>(new Remembered(null, 0));
    /** One read at a time: calls arriving together wait for it rather than each reading. */
    private final Object reading = new Object();

    public StoredTokens(InstallStore store) {
        this(store::latest, System::nanoTime);
    }

    /** @param latest reads and decrypts the stored install (the seam tests count reads through) */
    StoredTokens(Supplier<Optional<OrgInstallation>> latest, LongSupplier nanoTime) {
        this.latest = latest;
        this.nanoTime = nanoTime;
    }

    @Override
    public Secret bot() {
        return token(OrgInstallation::botToken, "the org's bot token was revoked");
    }

    @Override
    public Secret admin() {
        return token(OrgInstallation::adminToken, "the installer's admin user token was revoked");
    }

    /** The stored install, as the calls see it; empty when there is none or it can't be read. */
    Optional<OrgInstallation> installed() {
        try {
            return install();
        } catch (NotInstalledException e) {
            return Optional.empty();
        }
    }

    /** The stored install changed: the next call reads it again. */
    public void forget() {
        remembered.set(new Remembered(null, 0));
    }

    private Secret token(Function<OrgInstallation, Secret> which, String whenRevoked) {
        OrgInstallation install = install().orElseThrow(() -> new NotInstalledException(
                "not installed: no Enterprise Grid org has installed Session Guard at " + OAuthPaths.INSTALL + " yet"));
        Secret token = which.apply(install);
        if (token == null) {
            throw new NotInstalledException("not installed: " + whenRevoked);
        }
        return token;
    }

    private Optional<OrgInstallation> install() {
        Remembered r = remembered.get();
        if (fresh(r)) {
            return Optional.of(r.install());
        }
        synchronized (reading) {
            Remembered before = remembered.get();
            if (fresh(before)) {
                return Optional.of(before.install());
            }
            Optional<OrgInstallation> read = read();
            // "Not installed" is not kept: an install (on any instance) must work at the next call, and while
            // nothing is installed Bolt turns Slack's requests away before they need a token, so such reads are few.
            // Nor is a read kept that a forget() overtook: it may be of the install before the change.
            read.ifPresent(i -> remembered.compareAndSet(before, new Remembered(i, nanoTime.getAsLong())));
            return read;
        }
    }

    private boolean fresh(Remembered r) {
        return r.install() != null && nanoTime.getAsLong() - r.readAtNanos() < TRUST.toNanos();
    }

    private Optional<OrgInstallation> read() {
        try {
            return latest.get();
        } catch (InstallStore.UndecryptableException e) {
            log.error("{} Install the app again at {} to store new tokens.", e.getMessage(), OAuthPaths.INSTALL);
            throw new NotInstalledException(e.getMessage());
        }
    }
}
