package dev.sessionguard.config;

import java.util.List;
import java.util.Optional;

/**
 * Universal Logout (Global Token Revocation): the identity provider may sign people out of Slack by calling
 * {@code POST /global-token-revocation} with a bearer JWT it signed. Present only when
 * {@code SESSION_GUARD_GTR_ISSUER} is set.
 *
 * @param issuer       the IdP's issuer, compared exactly with each token's {@code iss}
 * @param jwksUrl      where the IdP publishes its signing keys; by default {@code <issuer>/oauth2/v1/keys} (Okta)
 * @param audience     a value each token's {@code aud} must contain, so a token minted for another service fails
 * @param maxPerMinute how many authenticated requests a minute this instance takes before answering 429
 */
public record GtrSettings(String issuer, String jwksUrl, String audience, int maxPerMinute) {

    // Universal Logout: the IdP's issuer turns it on; the audience is then required.
    public static final String GTR_ISSUER = "SESSION_GUARD_GTR_ISSUER";
    public static final String GTR_JWKS_URL = "SESSION_GUARD_GTR_JWKS_URL";
    public static final String GTR_AUDIENCE = "SESSION_GUARD_GTR_AUDIENCE";
    public static final String GTR_MAX_PER_MINUTE = "SESSION_GUARD_GTR_MAX_PER_MINUTE";

    /** The JWKS URL when none is set: where Okta publishes an org's keys. */
    public static String defaultJwksUrl(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/oauth2/v1/keys";
    }

    /**
     * Universal Logout is turned on by the issuer; then the audience is required, so that a token the IdP
     * minted for another service can never sign anyone out here.
     */
    static Optional<GtrSettings> read(Env env) {
        String issuer = env.value(GTR_ISSUER);
        int maxPerMinute = env.integer(GTR_MAX_PER_MINUTE, 60, 1, 100_000);
        if (issuer == null) {
            for (String name : List.of(GTR_JWKS_URL, GTR_AUDIENCE, GTR_MAX_PER_MINUTE)) {
                env.ignored(name, ": Universal Logout is off until " + GTR_ISSUER + " is set");
            }
            return Optional.empty();
        }
        if (!Env.isHttpUrl(issuer)) {
            env.problem(GTR_ISSUER + " must be the identity provider's issuer URL, such as https://example.okta.com");
        }
        String jwks = env.value(GTR_JWKS_URL);
        if (jwks != null && !Env.isHttpUrl(jwks)) {
            env.problem(GTR_JWKS_URL + " must be an http(s) URL such as https://example.okta.com/oauth2/v1/keys");
        }
        String audience = env.value(GTR_AUDIENCE);
        if (audience == null) {
            env.problem("Universal Logout (" + GTR_ISSUER + " set) needs " + GTR_AUDIENCE + ": the audience the "
                    + "identity provider puts in its tokens for this app, such as https://<your host>");
        }
        return Optional.of(new GtrSettings(issuer, jwks != null ? jwks : defaultJwksUrl(issuer), audience,
                maxPerMinute));
    }
}
