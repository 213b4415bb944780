package dev.sessionguard.oauth;

import dev.sessionguard.config.Secret;
import dev.sessionguard.slack.Tokens;
import dev.sessionguard.storage.JdbcInstallationService;
import dev.sessionguard.storage.TokenCipher;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth mode's tokens: read from the stored org install at each call and never kept, so a revocation or a
 * new install applies to the very next call. The admin token is the installer's user token: neither
 * {@code ctx.getRequestUserToken()} (the invoker's own) nor {@code ctx.client()} (always the bot's).
 */
public final class StoredTokens implements Tokens {

    private static final Logger log = LoggerFactory.getLogger(StoredTokens.class);

    private final JdbcInstallationService store;

    public StoredTokens(JdbcInstallationService store) {
        this.store = store;
    }

    @Override
    public Secret bot() {
        return token(OrgInstallation::botToken, "the org's bot token was revoked");
    }

    @Override
    public Secret admin() {
        return token(OrgInstallation::adminToken, "the installer's admin user token was revoked");
    }

    private Secret token(Function<OrgInstallation, Secret> which, String whenRevoked) {
        OrgInstallation install;
        try {
            install = store.latest().orElseThrow(() -> new NotInstalledException(
                    "not installed: no Enterprise Grid org has installed Session Guard at " + OAuthPaths.INSTALL + " yet"));
        } catch (TokenCipher.UndecryptableException e) {
            log.error("{} Install the app again at {} to store new tokens.", e.getMessage(), OAuthPaths.INSTALL);
            throw new NotInstalledException(e.getMessage());
        }
        Secret token = which.apply(install);
        if (token == null) {
            throw new NotInstalledException("not installed: " + whenRevoked);
        }
        return token;
    }
}
