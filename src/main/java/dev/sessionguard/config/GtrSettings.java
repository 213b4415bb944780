package dev.sessionguard.config;

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

    /** The JWKS URL when none is set: where Okta publishes an org's keys. */
    public static String defaultJwksUrl(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/oauth2/v1/keys";
    }
}
