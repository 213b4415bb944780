package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.support.OAuthFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The stored install is read and decrypted once, not at every Slack call, and read again after it changed here,
 * after {@link StoredTokens#TRUST} (a change on another instance), and whenever nothing was installed.
 * Reads are counted through the seam that reads the store.
 */
class StoredTokensTest {

    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<Optional<OrgInstallation>> stored = new AtomicReference<>(Optional.of(install()));
    final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    final StoredTokens tokens = new StoredTokens(counted(stored::get), nanos::get);

    @Test
    void aHundredCallsAfterAnInstallReadTheStoreOnce() {
        for (int i = 0; i < 50; i++) {
            assertThat(tokens.bot().reveal()).isEqualTo(OAuthFlow.BOT_TOKEN);
            assertThat(tokens.admin().reveal()).isEqualTo(OAuthFlow.ADMIN_TOKEN);
        }

        assertThat(reads).hasValue(1);
    }

    @Test
    void callsArrivingTogetherShareOneRead() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StoredTokens slow = new StoredTokens(counted(() -> {
            reading.countDown();
            await(release);
            return stored.get();
        }), nanos::get);
        CompletableFuture<?>[] calls = new CompletableFuture<?>[8];
        calls[0] = CompletableFuture.runAsync(slow::bot);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < calls.length; i++) {
            calls[i] = CompletableFuture.runAsync(slow::admin);
        }

        release.countDown();
        CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);

        assertThat(reads).hasValue(1);
    }

    @Test
    void afterARevocationHereTheNextCallSeesNoToken() {
        tokens.admin();
        stored.set(Optional.of(withoutAdminToken(install())));

        tokens.forget();

        assertThatThrownBy(tokens::admin).isInstanceOf(Tokens.NotInstalledException.class)
                .hasMessageContaining("admin user token was revoked");
        assertThat(tokens.bot().reveal()).isEqualTo(OAuthFlow.BOT_TOKEN);
        assertThat(reads).hasValue(2);
    }

    @Test
    void afterAnUninstallHereTheNextCallIsNotInstalled() {
        tokens.bot();
        stored.set(Optional.empty());

        tokens.forget();

        assertThatThrownBy(tokens::bot).isInstanceOf(Tokens.NotInstalledException.class);
    }

    @Test
    void aChangeOnAnotherInstanceIsSeenOnceTheTrustRunsOut() {
        tokens.admin();
        stored.set(Optional.of(withoutAdminToken(install())));
        nanos.addAndGet(StoredTokens.TRUST.minusMillis(1).toNanos());
        assertThat(tokens.admin().reveal()).as("still trusted").isEqualTo(OAuthFlow.ADMIN_TOKEN);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());

        assertThatThrownBy(tokens::admin).isInstanceOf(Tokens.NotInstalledException.class);
        assertThat(reads).hasValue(2);
    }

    @Test
    void notInstalledIsNotRememberedSoAnInstallWorksAtTheNextCall() {
        stored.set(Optional.empty());
        assertThatThrownBy(tokens::bot).isInstanceOf(Tokens.NotInstalledException.class)
                .hasMessageContaining("/slack/install");

        stored.set(Optional.of(install()));

        assertThat(tokens.bot().reveal()).isEqualTo(OAuthFlow.BOT_TOKEN);
    }

    @Test
    void anInstallThatDoesNotOpenIsNotInstalledAndNotRemembered() {
        StoredTokens undecryptable = new StoredTokens(counted(() -> {
            throw new InstallStore.UndecryptableException("bot_token");
        }), nanos::get);

        assertThatThrownBy(undecryptable::bot).isInstanceOf(Tokens.NotInstalledException.class);
        assertThatThrownBy(undecryptable::bot).isInstanceOf(Tokens.NotInstalledException.class);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReadOvertakenByAForgetIsNotKept() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        StoredTokens racing = new StoredTokens(counted(() -> {
            Optional<OrgInstallation> before = stored.get();
            if (calls.incrementAndGet() == 1) {
                reading.countDown();
                await(release);
            }
            return before;
        }), nanos::get);
        CompletableFuture<Secret> inFlight = CompletableFuture.supplyAsync(racing::admin);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        stored.set(Optional.of(withoutAdminToken(install())));
        racing.forget();
        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).reveal()).as("the call that read before").isNotNull();
        assertThatThrownBy(racing::admin).as("the next call").isInstanceOf(Tokens.NotInstalledException.class);
    }

    // ------------------------------------------------------------------ helpers

    private Supplier<Optional<OrgInstallation>> counted(Supplier<Optional<OrgInstallation>> read) {
        return () -> {
            reads.incrementAndGet();
            return read.get();
        };
    }

    private static OrgInstallation install() {
        return new OrgInstallation("E0000ORG1", "Example Org", OAuthFlow.APP_ID, OAuthFlow.INSTALLER,
                OAuthScopes.USER, new Secret(OAuthFlow.ADMIN_TOKEN), "B0000BOT1", OAuthFlow.BOT_USER_ID,
                OAuthScopes.BOT, new Secret(OAuthFlow.BOT_TOKEN), Instant.parse("2026-03-01T10:00:00Z"));
    }

    private static OrgInstallation withoutAdminToken(OrgInstallation i) {
        return new OrgInstallation(i.enterpriseId(), i.enterpriseName(), i.appId(), i.installerUserId(),
                i.installerScope(), null, i.botId(), i.botUserId(), i.botScope(), i.botToken(), i.installedAt());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
