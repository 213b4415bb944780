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
    }
}
