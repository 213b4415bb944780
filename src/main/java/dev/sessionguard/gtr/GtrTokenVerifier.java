package dev.sessionguard.gtr;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sessionguard.config.GtrSettings;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks the bearer JWT of a Universal Logout request, Okta {@code private_key_jwt} style: signed with RS256 or
 * ES256 by a key in the IdP's JWKS ({@link IdpKeys}: cached, fetched again for an unknown key id, and a 503 rather
 * than a 401 while it can't be), {@code iss} the configured issuer, {@code aud} holding the configured audience,
 * {@code exp} in the future, {@code iat} not ahead of this clock by more than {@link #SKEW}, and a {@code jti}.
 * Whether the {@code jti} was seen before is the caller's question (it needs the database).
 *
 * <p>What it says of a refused token is one of its own fixed phrases, never the token or a value from it.
 */
public final class GtrTokenVerifier {

    /** How far an IdP's clock may run ahead of ours for {@code iat} and {@code nbf}. */
    static final Duration SKEW = Duration.ofSeconds(60);
    /** Far above an Okta token (about 1 KiB); anything longer is refused unread. */
    static final int MAX_TOKEN_CHARS = 8 * 1024;
    static final int MAX_JTI_CHARS = 256;
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** What a check came to. */
    public sealed interface Verdict permits Valid, Invalid, KeysUnavailable {
    }

    /** A token from the IdP: its {@code jti} and when it expires (how long the jti must be remembered). */
    public record Valid(String jti, Instant expires) implements Verdict {
    }

    /** Not authenticated; {@code why} is a fixed phrase fit for a log line. */
    public record Invalid(String why) implements Verdict {
    }

    /**
     * The IdP's keys can't be had right now (unreachable, or not to be fetched again yet), so this token can't be
     * checked: the IdP should send it again after {@code retryAfterSeconds} (at least 1).
     */
    public record KeysUnavailable(String why, long retryAfterSeconds) implements Verdict {
    }

    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** @param clock also times the JWKS cache and the wait between fetches for unknown key ids */
    public GtrTokenVerifier(GtrSettings settings, Clock clock) {
        this.issuer = settings.issuer();
        this.audience = settings.audience();
        this.clock = clock;
        IdpKeys keys;
        try {
            keys = new IdpKeys(URI.create(settings.jwksUrl()).toURL(), clock, IdpKeys.REFETCH_INTERVAL);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL is not a URL", e); // Settings checked it
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // Okta's typ varies by product; the audience, not the type, is what ties a token to this endpoint.
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWTClaimsSetVerifier((claims, context) -> checkClaims(claims));
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    public Verdict verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Invalid("no Authorization header");
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Invalid("the Authorization header is not a bearer token");
        }
        String token = value.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return new Invalid("the bearer token is empty or too long");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new Invalid("the bearer token is not a JWT");
        } catch (ClaimRefused e) {
            return new Invalid(e.getMessage()); // one of checkClaims' fixed phrases
        } catch (BadJOSEException e) {
            // Unsigned (alg none), HMAC or another algorithm, an unknown key id, a bad signature, an encrypted JWT.
            return new Invalid("not signed with RS256 or ES256 by a key in the identity provider's JWKS");
        } catch (IdpKeys.Unavailable e) {
            return new KeysUnavailable(e.getMessage(), e.retryAfterSeconds()); // one of IdpKeys' own phrases
        } catch (JOSEException | RuntimeException e) {
            return new Invalid("the signature could not be checked (" + e.getClass().getSimpleName() + ")");
        }
        return new Valid(claims.getJWTID(), claims.getExpirationTime().toInstant());
    }

    private void checkClaims(JWTClaimsSet claims) throws BadJWTException {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new ClaimRefused("iss is not the configured issuer");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new ClaimRefused("aud does not hold the configured audience");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            throw new ClaimRefused(exp == null ? "no exp" : "expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(SKEW))) {
            throw new ClaimRefused(iat == null ? "no iat" : "iat is in the future");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(SKEW))) {
            throw new ClaimRefused("not valid yet (nbf)");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > MAX_JTI_CHARS) {
            throw new ClaimRefused(jti == null || jti.isBlank() ? "no jti" : "jti too long");
        }
    }

    /** A claim check that failed, with a phrase of ours (never a claim's value). */
    private static final class ClaimRefused extends BadJWTException {
        ClaimRefused(String why) {
            super(why);
        }
    }
}
