package dev.sessionguard.config;

import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OAuth mode: the app installs itself through Slack's OAuth flow and keeps the org's tokens, encrypted,
 * in its database, instead of reading them from {@code SLACK_BOT_TOKEN} and {@code SLACK_ADMIN_TOKEN}.
 *
 * @param clientId      the app's Client ID (Basic Information); not a secret, it is in every install link
 * @param clientSecret  the app's Client Secret, sent to Slack only to exchange an install's code for tokens
 * @param encryptionKey 32 random bytes in base64 that encrypt the stored tokens (AES-256-GCM)
 * @param redirectUri   the public URL of {@code /slack/oauth_redirect}; empty lets Slack use the app's only one
 */
public record OAuthSettings(String clientId, Secret clientSecret, Secret encryptionKey, Optional<String> redirectUri) {

    // OAuth mode: both client variables set.
    public static final String CLIENT_ID = "SLACK_CLIENT_ID";
    public static final String CLIENT_SECRET = "SLACK_CLIENT_SECRET";
    public static final String ENCRYPTION_KEY = "SESSION_GUARD_ENCRYPTION_KEY";
    public static final String REDIRECT_URI = "SLACK_REDIRECT_URI";

    private static final Pattern CLIENT_ID_PATTERN = Pattern.compile("[0-9]+\\.[0-9]+");

    /**
     * OAuth mode takes both client variables. Either one set means OAuth was meant, so the other one missing stops
     * the start (naming it) rather than quietly running in token mode.
     */
    static boolean intended(Env env) {
        return env.isSet(CLIENT_ID) || env.isSet(CLIENT_SECRET);
    }

    static Optional<OAuthSettings> read(Env env) {
        if (!intended(env)) {
            return Optional.empty();
        }
        if (!env.isSet(CLIENT_ID) || !env.isSet(CLIENT_SECRET)) {
            String set = env.isSet(CLIENT_ID) ? CLIENT_ID : CLIENT_SECRET;
            env.problem("OAuth mode needs both " + CLIENT_ID + " and " + CLIENT_SECRET + ", and only " + set
                    + " is set: set the other too, or unset " + set + " to run in token mode");
        }
        String clientId = env.required(CLIENT_ID, CLIENT_ID_PATTERN,
                "the app's Client ID such as 1234567890.1234567890 (Basic Information > App Credentials)");
        Secret clientSecret = env.secret(CLIENT_SECRET, null, "");
        String key = env.value(ENCRYPTION_KEY);
        if (key == null) {
            env.problem("OAuth mode (" + CLIENT_ID + " and " + CLIENT_SECRET + " set) needs " + ENCRYPTION_KEY
                    + " to encrypt the Slack tokens it stores: make one with `openssl rand -base64 32` and keep it "
                    + "in your secret store, as losing it means installing the app again");
        } else if (!isBase64Of32Bytes(key)) {
            env.problem(ENCRYPTION_KEY + " must be 32 random bytes in base64, as `openssl rand -base64 32` makes");
        }
        String redirect = env.value(REDIRECT_URI);
        if (redirect != null && !isRedirectUri(redirect)) {
            env.problem(REDIRECT_URI + " must be the public URL of /slack/oauth_redirect, such as "
                    + "https://session-guard.example.com/slack/oauth_redirect");
        }
        return Optional.of(new OAuthSettings(clientId, clientSecret, new Secret(key), Optional.ofNullable(redirect)));
    }

    private static boolean isBase64Of32Bytes(String v) {
        try {
            return Base64.getDecoder().decode(v).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isRedirectUri(String v) {
        return Env.isHttpUrl(v) && "/slack/oauth_redirect".equals(URI.create(v).getPath())
                && URI.create(v).getQuery() == null;
    }
}
