package dev.sessionguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestIdp;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code doctor} with Universal Logout on: the IdP's JWKS is fetched and must hold an RS256 or ES256 key. */
class DoctorGtrTest {

    private FakeSlack fake;
    private TestIdp idp;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        idp = TestIdp.start();
    }

    @AfterEach
    void stop() {
        fake.close();
        idp.close();
    }

    @Test
    void withoutAnIssuerThereIsNoUniversalLogoutCheck() {
        String out = runDoctor(Map.of());

        assertThat(out).doesNotContain(Doctor.GTR_KEYS).contains("All 6 checks passed.");
    }

    @Test
    void aReachableJwksWithAnRsaAndAnEcKeyPasses() {
        String out = runDoctor(idp.configure(new java.util.HashMap<>()));

        assertThat(out).contains("ok    " + Doctor.GTR_KEYS + ": " + idp.issuer() + TestIdp.JWKS_PATH
                + " holds 2 signing keys for RS256 or ES256").contains("All 7 checks passed.");
        assertThat(idp.fetches()).isEqualTo(1);
    }

    @Test
    void aJwksWithOnlyKeysThatCantCheckRs256OrEs256FailsWithAFix() throws Exception {
        idp.publish(List.of(new OctetSequenceKeyGenerator(256).keyID("hmac").generate(),
                new ECKeyGenerator(Curve.P_384).keyID("p384").generate()));

        String out = runDoctor(idp.configure(new java.util.HashMap<>()));

        assertThat(out).contains("FAIL  " + Doctor.GTR_KEYS + ": ").contains("none is an RSA or EC P-256 signing key")
                .contains("Fix: ").contains(GtrSettings.GTR_JWKS_URL).contains("1 of 7 checks failed");
    }

    @Test
    void anUnreachableJwksFailsWithAFix() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = idp.configure(new java.util.HashMap<>());
        env.put(GtrSettings.GTR_JWKS_URL, "http://127.0.0.1:" + closedPort + "/keys");

        String out = runDoctor(env);

        assertThat(out).contains("FAIL  " + Doctor.GTR_KEYS + ": http://127.0.0.1:" + closedPort
                + "/keys could not be fetched").contains("Fix: ").contains("1 of 7 checks failed");
    }

    private String runDoctor(Map<String, String> extraEnv) {
        return DoctorTest.run(fake, extraEnv).output();
    }
}
