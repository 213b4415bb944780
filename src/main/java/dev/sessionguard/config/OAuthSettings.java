package dev.sessionguard.config;

import java.util.Optional;

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
}
