package dev.sessionguard.oauth;

import java.time.Instant;

/**
 * What the revocation listeners compare an event with, read without opening a token.
 *
 * @param installedAt when this install was stored: an event older than that is about an earlier install
 */
public record StoredInstall(String enterpriseId, String installerUserId, String botUserId, Instant installedAt) {
}
