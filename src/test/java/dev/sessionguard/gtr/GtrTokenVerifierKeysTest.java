package dev.sessionguard.gtr;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.gtr.GtrTokenVerifier.Invalid;
import dev.sessionguard.gtr.GtrTokenVerifier.KeysUnavailable;
import dev.sessionguard.gtr.GtrTokenVerifier.Valid;
import dev.sessionguard.gtr.GtrTokenVerifier.Verdict;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.TestIdp;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IdP's keys as the verifier fetches them ({@link IdpKeys}): a key id the JWKS lacks is a 401 only when a fetch
 * made after the token came says so; while the JWKS can't be fetched (down, redirecting, or fetched for an unknown key
 * id less than 30 s ago) it is {@link KeysUnavailable}, so forged key ids can delay a real token but never refuse it.
 */
class GtrTokenVerifierKeysTest {

    static final Invalid NO_KEY = new Invalid("not signed with RS256 or ES256 by a key in the identity provider's JWKS");

    final TestIdp idp = TestIdp.start();
    final MutableClock clock = new MutableClock(Instant.now());
    final GtrTokenVerifier verifier = verifier(idp.jwksUrl());

    @AfterEach
    void stop() {
        idp.close();
    }

    GtrTokenVerifier verifier(String jwksUrl) {
        return new GtrTokenVerifier(new GtrSettings(idp.issuer(), jwksUrl, TestIdp.AUDIENCE, 60), clock);
    }

    /** Claims good on the test's clock for ten minutes, whatever it was moved to. */
    JWTClaimsSet claims() {
        Instant now = clock.instant();
        return idp.claims().issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .build();
    }

    String real() {
        return "Bearer " + idp.rs256(claims());
    }

    String forged(String keyId) {
        return "Bearer " + TestIdp.signedByStranger(claims(), keyId);
    }

    @Test
    void forgedKeyIdsThenTheIdpsNewKeyIsNeverA401OnlyAWaitUntilTheNextFetch() {
        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);
        assertThat(idp.fetches()).isEqualTo(1);

        List<Verdict> forgedVerdicts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            forgedVerdicts.add(verifier.verify(forged("made-up-" + i)));
        }
        assertThat(forgedVerdicts.get(0)).as("judged by a fetch made for it").isEqualTo(NO_KEY);
        assertThat(forgedVerdicts.subList(1, 5)).as("no second fetch within 30 s")
                .allSatisfy(v -> assertThat(v).isInstanceOf(KeysUnavailable.class));
        assertThat(idp.fetches()).isEqualTo(2);

        idp.rotate("rsa-2");
        String rotated = real();
        Verdict first = verifier.verify(rotated);
        assertThat(first).isInstanceOfSatisfying(KeysUnavailable.class,
                k -> assertThat(k.retryAfterSeconds()).isBetween(1L, 30L));
        assertThat(idp.fetches()).as("the wait is not spent on a fetch").isEqualTo(2);

        clock.advance(Duration.ofSeconds(((KeysUnavailable) first).retryAfterSeconds()));
        assertThat(verifier.verify(rotated)).isInstanceOf(Valid.class);
        assertThat(idp.fetches()).isEqualTo(3);
    }

    @Test
    void aRotatedKeyIsAcceptedAtOnceWhenNoForgedKeyIdCameFirst() {
        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);

        idp.rotate("rsa-2");

        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);
        assertThat(idp.fetches()).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIdIs401OnceAFetchMadeAfterTheTokenCameLacksIt() {
        assertThat(verifier.verify(forged("made-up"))).as("the first fetch, made for this token")
                .isEqualTo(NO_KEY);
        assertThat(idp.fetches()).isEqualTo(1);

        assertThat(verifier.verify(forged("made-up-too"))).as("a refetch for this token").isEqualTo(NO_KEY);
        assertThat(idp.fetches()).isEqualTo(2);
    }

    @Test
    void duringAJwksOutageAValidTokenWaitsAndIsAcceptedOnceAFetchSucceeds() {
        idp.fail(500);
        String token = real();

        Verdict down = verifier.verify(token);
        assertThat(down).isInstanceOfSatisfying(KeysUnavailable.class, k -> {
            assertThat(k.why()).contains("could not be fetched (HTTP 500)");
            assertThat(k.retryAfterSeconds()).isEqualTo(30);
        });
        assertThat(verifier.verify(token)).as("the IdP is asked at most once in 30 s")
                .isInstanceOf(KeysUnavailable.class);
        assertThat(idp.fetches()).isEqualTo(1);

        idp.recover();
        clock.advance(Duration.ofSeconds(10));
        assertThat(verifier.verify(token)).as("just recovered, not fetched again yet")
                .isInstanceOfSatisfying(KeysUnavailable.class, k -> assertThat(k.retryAfterSeconds()).isEqualTo(20));

        clock.advance(Duration.ofSeconds(20));
        assertThat(verifier.verify(token)).isInstanceOf(Valid.class);
        assertThat(idp.fetches()).isEqualTo(2);
    }

    @Test
    void anExpiredSetIsNotUsedWhileTheJwksIsDownAndTheKeyIsTakenAgainAfterRecovery() {
        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);
        idp.fail(503);
        clock.advance(IdpKeys.CACHE_TTL);

        assertThat(verifier.verify(real())).isInstanceOf(KeysUnavailable.class);

        idp.recover();
        clock.advance(IdpKeys.REFETCH_INTERVAL);
        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);
        assertThat(idp.fetches()).isEqualTo(3);
    }

    @Test
    void anUnreachableJwksIsUnavailableNotInvalid() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GtrTokenVerifier unreachable = verifier("http://127.0.0.1:" + closedPort + TestIdp.JWKS_PATH);

        assertThat(unreachable.verify(real())).isInstanceOf(KeysUnavailable.class);
        assertThat(unreachable.verify(forged("made-up"))).isInstanceOf(KeysUnavailable.class);
    }

    @Test
    void aKeyTheIdpWithdrewIsTrustedUntilTheCachedSetExpiresAndNoLonger() throws JOSEException {
        RSAKey withdrawn = idp.rsaKey();
        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);
        idp.rotate("rsa-2");

        assertThat(verifier.verify(signedWith(withdrawn))).isInstanceOf(Valid.class);
        clock.advance(IdpKeys.CACHE_TTL);
        assertThat(verifier.verify(signedWith(withdrawn))).as("judged by the fetch the expired set called for")
                .isEqualTo(NO_KEY);
        assertThat(idp.fetches()).isEqualTo(2);
    }

    @Test
    void aRedirectingJwksIsAFailedFetchAndTheKeysWhereItPointsAreNotTrusted() {
        try (TestIdp elsewhere = TestIdp.start()) {
            idp.redirectTo(elsewhere.jwksUrl());
            String signedElsewhere = "Bearer " + elsewhere.rs256(claims());

            assertThat(verifier.verify(signedElsewhere)).isInstanceOfSatisfying(KeysUnavailable.class,
                    k -> assertThat(k.why()).contains("HTTP 302").contains("not followed"));
            clock.advance(IdpKeys.REFETCH_INTERVAL);
            assertThat(verifier.verify(real())).isInstanceOf(KeysUnavailable.class);

            assertThat(idp.fetches()).isEqualTo(2);
            assertThat(elsewhere.fetches()).isZero();
        }
    }

    @Test
    void theFirstRequestsAfterAStartWaitForTheOneFetchOfTheKeysAndAreAllAccepted() throws Exception {
        int n = 6;
        CountDownLatch fetchHeld = idp.holdFetches();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String token = real();
                verdicts.add(pool.submit(() -> verifier.verify(token)));
            }
            Await.until(Duration.ofSeconds(5), () -> idp.fetches() == 1, "the first request's fetch");
            fetchHeld.countDown();

            for (Future<Verdict> v : verdicts) {
                assertThat(v.get(10, TimeUnit.SECONDS)).isInstanceOf(Valid.class);
            }
            assertThat(idp.fetches()).isEqualTo(1);
        } finally {
            fetchHeld.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void manyRequestsWithUnknownKeyIdsAtOnceCauseOneFetchAndTheOthersAreAnsweredWithoutWaiting() throws Exception {
        assertThat(verifier.verify(real())).isInstanceOf(Valid.class);
        int n = 8;
        CountDownLatch fetchHeld = idp.holdFetches();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String token = forged("made-up-" + i);
                verdicts.add(pool.submit(() -> {
                    go.await();
                    return verifier.verify(token);
                }));
            }
            go.countDown();
            // All but the one whose fetch is held are answered while it is held: nobody waits on it.
            Await.until(Duration.ofSeconds(2), () -> verdicts.stream().filter(Future::isDone).count() == n - 1,
                    "all but one request to be answered while the fetch is held");
            fetchHeld.countDown();

            List<Verdict> all = new ArrayList<>();
            for (Future<Verdict> v : verdicts) {
                all.add(v.get(10, TimeUnit.SECONDS));
            }
            assertThat(idp.fetches()).isEqualTo(2);
            assertThat(all).filteredOn(v -> v instanceof KeysUnavailable).hasSize(n - 1);
            assertThat(all).filteredOn(NO_KEY::equals).hasSize(1);
        } finally {
            fetchHeld.countDown();
            pool.shutdownNow();
        }
    }

    String signedWith(RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims());
        jwt.sign(new RSASSASigner(key));
        return "Bearer " + jwt.serialize();
    }
}
