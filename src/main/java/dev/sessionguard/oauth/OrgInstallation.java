package dev.sessionguard.oauth;

import dev.sessionguard.config.Secret;
import java.time.Instant;

/**
 * The app's install on one Enterprise Grid org, with its two tokens decrypted. {@code toString} is safe:
 * tokens are {@link Secret}s.
 *
 * @param installerUserId the Org Owner or Org Admin who installed; their user token is the admin token
 * @param installerScope  the user scopes they granted, comma-separated
 * @param adminToken      the installer's user token ({@code xoxp-}) for {@code admin.*}, or null once revoked
 * @param botToken        the bot token ({@code xoxb-}), or null once revoked
 */
public record OrgInstallation(
        String enterpriseId,
        String enterpriseName,
        String appId,
        String installerUserId,
        String installerScope,
        Secret adminToken,
        String botId,
        String botUserId,
        String botScope,
        Secret botToken,
        Instant installedAt) {
}
