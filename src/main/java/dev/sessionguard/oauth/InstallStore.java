package dev.sessionguard.oauth;

import com.slack.api.bolt.service.InstallationService;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the org-wide install is kept, its tokens encrypted at rest (the app's database: {@code storage}). One row
 * per org, so any team of the org finds it. Bolt's own methods ({@link #findBot} etc.) are for its authorization
 * middleware; the install flow, the revocation listeners and the tokens use the methods below.
 */
public interface InstallStore extends InstallationService {

    /** What Bolt tells someone who uses the app while it is not installed. */
    String NOT_INSTALLED_GUIDE = "Session Guard is not installed on this org, or its tokens were revoked. "
            + "An Org Owner or Org Admin can install it by opening " + OAuthPaths.INSTALL + " on the app's address.";

    /**
     * Stores the org's install, replacing any earlier one of the same org, unless another org's install is
     * stored: one deployment serves one org. Two orgs installing at once can't both be stored.
     *
     * @return empty when stored; otherwise the org already installed, and nothing was changed
     */
    Optional<String> saveUnlessAnotherOrg(OrgInstallation installation);

    /** The org's install as the revocation listeners need it; no token is opened. */
    Optional<StoredInstall> stored(String enterpriseId);

    /** @throws UndecryptableException when a stored token does not open with this key */
    Optional<OrgInstallation> find(String enterpriseId);

    /**
     * The most recent install. A deployment serves one org, so this is that org's install.
     *
     * @throws UndecryptableException when a stored token does not open with this key
     */
    Optional<OrgInstallation> latest();

    /** The org of the most recent install, read without opening its tokens. */
    Optional<String> latestEnterpriseId();

    /**
     * Forgets the installer's user token if {@code userId} is the installer and the install was stored no later
     * than the second of {@code eventTime} (null: whenever); true when one was deleted.
     */
    boolean deleteUserToken(String enterpriseId, String userId, Instant eventTime);

    /**
     * Forgets the org's bot token if {@code botUserId} is its bot user and the install was stored no later than
     * the second of {@code eventTime} (null: whenever); true when one was deleted.
     */
    boolean deleteBotToken(String enterpriseId, String botUserId, Instant eventTime);

    /**
     * Forgets the org's install altogether if it was stored no later than the second of {@code eventTime}
     * (null: whenever): an event sent before a reinstall must not delete the new install. True when one was deleted.
     */
    boolean deleteInstallation(String enterpriseId, Instant eventTime);

    @Override
    default String getInstallationGuideText(String enterpriseId, String teamId, String userId) {
        return NOT_INSTALLED_GUIDE;
    }

    /** A stored token that this key cannot open. Names the place only, never the ciphertext or the key. */
    final class UndecryptableException extends RuntimeException {

        /** @param message says which stored value, and why; never the value or the key */
        public UndecryptableException(String message) {
            super(message, null, false, false);
        }
    }
}
