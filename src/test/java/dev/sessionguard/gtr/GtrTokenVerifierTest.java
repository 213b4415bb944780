package dev.sessionguard.gtr;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.gtr.GtrTokenVerifier.Invalid;
import dev.sessionguard.gtr.GtrTokenVerifier.Valid;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.TestIdp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token checks against a loopback JWKS, on a clock the test moves: the edges of exp, iat and nbf. */
class GtrTokenVerifierTest {

    final TestIdp idp = TestIdp.start();
    final MutableClock clock = new MutableClock(Instant.now());
    final GtrTokenVerifier verifier = new GtrTokenVerifier(new GtrSettings(idp.issuer(),
            GtrSettings.defaultJwksUrl(idp.issuer()), TestIdp.AUDIENCE, 60), clock);

    @AfterEach
    void stop() {
        idp.close();
    }

    String bearer(JWTClaimsSet claims) {
        return "Bearer " + idp.rs256(claims);
    }

    JWTClaimsSet.Builder at(Instant iat, Instant exp) {
        return idp.claims().issueTime(Date.from(iat)).expirationTime(Date.from(exp));
    }

    @Test
    void aGoodTokenGivesItsJtiAndExpiry() {
        Instant exp = clock.instant().plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JWTClaimsSet claims = at(clock.instant(), exp).jwtID("the-jti").build();

        assertThat(verifier.verify(bearer(claims))).isEqualTo(new Valid("the-jti", exp));
        assertThat(verifier.verify("bearer   " + idp.rs256(claims) + " ")).as("scheme in any case, spaces around")
                .isInstanceOf(Valid.class);
    }

    @Test
    void expMustBeInTheFutureWithNoGrace() {
        Instant now = clock.instant();
        String token = bearer(at(now.minusSeconds(60), now.plusSeconds(2)).build());
        assertThat(verifier.verify(token)).isInstanceOf(Valid.class);

        clock.advance(Duration.ofSeconds(3));
        assertThat(verifier.verify(token)).isEqualTo(new Invalid("expired"));
    }

    @Test
    void iatMayRunAheadBySixtySecondsAndNoMore() {
        Instant now = clock.instant();
        assertThat(verifier.verify(bearer(at(now.plusSeconds(59), now.plusSeconds(300)).build())))
                .isInstanceOf(Valid.class);
        assertThat(verifier.verify(bearer(at(now.plusSeconds(61), now.plusSeconds(300)).build())))
                .isEqualTo(new Invalid("iat is in the future"));
    }

    @Test
    void nbfAheadBeyondTheSkewIsRefused() {
        Instant now = clock.instant();
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(300)).notBeforeTime(Date.from(now.plusSeconds(120)))
                .build()))).isEqualTo(new Invalid("not valid yet (nbf)"));
    }

    @Test
    void audMayHoldSeveralValuesOneOfThemOurs() {
        Instant now = clock.instant();
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(300))
                .audience(java.util.List.of("https://other.test", TestIdp.AUDIENCE)).build()))).isInstanceOf(Valid.class);
    }

    @Test
    void anRs384TokenByTheSameKeyIsRefused() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(idp.rsaKey().getKeyID()).build(),
                idp.claims().build());
        jwt.sign(new RSASSASigner(idp.rsaKey()));

        assertThat(verifier.verify("Bearer " + jwt.serialize())).isInstanceOf(Invalid.class);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = idp.token();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(idp.claims().subject("x").build()
                .toString()) + "." + parts[2];

        assertThat(verifier.verify("Bearer " + forged)).isInstanceOf(Invalid.class);
    }

    @Test
    void anOverlongHeaderIsRefusedUnparsed() {
        assertThat(verifier.verify("Bearer " + "a".repeat(GtrTokenVerifier.MAX_TOKEN_CHARS + 1)))
                .isEqualTo(new Invalid("the bearer token is empty or too long"));
        assertThat(idp.fetches()).isZero();
    }
    @Test
    void onlyABearerTokenOfAtMost8KiBIsLookedAt() {
        assertThat(verifier.verify(null)).isEqualTo(new Invalid("no Authorization header"));
        assertThat(verifier.verify("  ")).isEqualTo(new Invalid("no Authorization header"));
        assertThat(verifier.verify("Bearer")).isEqualTo(new Invalid("the Authorization header is not a bearer token"));
        assertThat(verifier.verify("Basic dXNlcjpwYXNz"))
                .isEqualTo(new Invalid("the Authorization header is not a bearer token"));
        assertThat(verifier.verify("Bearer x")).isEqualTo(new Invalid("the bearer token is not a JWT"));
        assertThat(verifier.verify("Bearer " + "x".repeat(GtrTokenVerifier.MAX_TOKEN_CHARS)))
                .isEqualTo(new Invalid("the bearer token is not a JWT"));
        assertThat(verifier.verify("Bearer " + "x".repeat(GtrTokenVerifier.MAX_TOKEN_CHARS + 1)))
                .isEqualTo(new Invalid("the bearer token is empty or too long"));
    }

    @Test
    void eachMissingOrWrongClaimIsNamed() {
        Instant now = clock.instant();
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).issuer("https://other.example").build())))
                .isEqualTo(new Invalid("iss is not the configured issuer"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).audience((String) null).build())))
                .isEqualTo(new Invalid("aud does not hold the configured audience"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).audience("https://other.example").build())))
                .isEqualTo(new Invalid("aud does not hold the configured audience"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).expirationTime(null).build())))
                .isEqualTo(new Invalid("no exp"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).issueTime(null).build())))
                .isEqualTo(new Invalid("no iat"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).jwtID(null).build())))
                .isEqualTo(new Invalid("no jti"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60)).jwtID(" ").build())))
                .isEqualTo(new Invalid("no jti"));
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60))
                .jwtID("j".repeat(GtrTokenVerifier.MAX_JTI_CHARS)).build()))).isInstanceOf(Valid.class);
        assertThat(verifier.verify(bearer(at(now, now.plusSeconds(60))
                .jwtID("j".repeat(GtrTokenVerifier.MAX_JTI_CHARS + 1)).build())))
                .isEqualTo(new Invalid("jti too long"));
    }

    @Test
    void anyTokenTypeIsAcceptedForTheAudienceTiesItToUs() throws JOSEException {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(idp.rsaKey().getKeyID())
                .type(new com.nimbusds.jose.JOSEObjectType("logout+jwt")).build(), at(now, now.plusSeconds(60)).build());
        jwt.sign(new RSASSASigner(idp.rsaKey()));

        assertThat(verifier.verify("Bearer " + jwt.serialize())).isInstanceOf(Valid.class);
    }
}
