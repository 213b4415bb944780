package dev.sessionguard.gtr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.TestIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code doctor}'s look at the JWKS fetches it as the verifier does: a redirect or an error status is a failure. */
class JwksProbeTest {

    final TestIdp idp = TestIdp.start();

    @AfterEach
    void stop() {
        idp.close();
    }

    @Test
    void aJwksWithTwoSigningKeysPasses() {
        assertThat(JwksProbe.probe(idp.jwksUrl())).isEqualTo(new JwksProbe.Result(true,
                idp.jwksUrl() + " holds 2 signing keys for RS256 or ES256"));
    }

    @Test
    void aRedirectToAnotherServerIsNotFollowedAndFails() {
        try (TestIdp elsewhere = TestIdp.start()) {
            idp.redirectTo(elsewhere.jwksUrl());

            assertThat(JwksProbe.probe(idp.jwksUrl())).isEqualTo(new JwksProbe.Result(false,
                    idp.jwksUrl() + " could not be fetched (HTTP 302, a redirect, which is not followed)"));
            assertThat(elsewhere.fetches()).isZero();
        }
    }

    @Test
    void anErrorStatusFailsAndNamesTheStatusOnly() {
        idp.fail(500);

        assertThat(JwksProbe.probe(idp.jwksUrl())).isEqualTo(new JwksProbe.Result(false,
                idp.jwksUrl() + " could not be fetched (HTTP 500)"));
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedUnread() {
        assertThat(JwksProbe.probe("file:///etc/hostname").ok()).isFalse();
        assertThat(JwksProbe.probe("file:///etc/hostname")).isEqualTo(new JwksProbe.Result(false,
                "file:///etc/hostname could not be fetched (IOException)"));
    }

    @Test
    void keysForEncryptionOrOtherCurvesAreNotSigningKeys() throws Exception {
        com.nimbusds.jose.jwk.RSAKey forEncryption = new com.nimbusds.jose.jwk.RSAKey.Builder(idp.rsaKey())
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build().toPublicJWK();
        com.nimbusds.jose.jwk.ECKey p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_384).keyID("ec-384").generate().toPublicJWK();

        idp.publish(java.util.List.of(forEncryption));
        assertThat(JwksProbe.probe(idp.jwksUrl())).isEqualTo(new JwksProbe.Result(false,
                idp.jwksUrl() + " holds 1 key and none is an RSA or EC P-256 signing key (RS256, ES256)"));
        idp.publish(java.util.List.of(forEncryption, p384));
        assertThat(JwksProbe.probe(idp.jwksUrl())).isEqualTo(new JwksProbe.Result(false,
                idp.jwksUrl() + " holds 2 keys and none is an RSA or EC P-256 signing key (RS256, ES256)"));
        idp.publish(java.util.List.of(forEncryption, idp.rsaKey().toPublicJWK()));
        assertThat(JwksProbe.probe(idp.jwksUrl())).isEqualTo(new JwksProbe.Result(true,
                idp.jwksUrl() + " holds 1 signing key for RS256 or ES256"));
    }

    @Test
    void aFailedFetchIsDescribedByItsStatusOrItsKindNeverTheServersWords() {
        assertThat(JwksFetch.describe(new java.io.IOException())).isEqualTo("IOException");
        assertThat(JwksFetch.describe(new java.net.SocketTimeoutException("Read timed out <b>")))
                .isEqualTo("SocketTimeoutException");
    }
}
