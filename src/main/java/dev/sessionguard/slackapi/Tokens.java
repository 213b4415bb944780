package dev.sessionguard.slackapi;

import dev.sessionguard.config.Secret;

/**
 * The two tokens of the org's installation: the bot token (users, views, audit posts) and the
 * installer's admin user token (only for {@code admin.*}). From the environment, or in OAuth mode
 * from the encrypted installation store. Asked for at the moment of each call, so a revoked or
 * replaced install takes effect at the next one (OAuth mode: on another instance, within half a minute).
 */
public interface Tokens {

    /** @throws NotInstalledException when the app has no installation to act with */
    Secret bot();

    /** @throws NotInstalledException when the app has no installation to act with */
    Secret admin();

    static Tokens fixed(Secret bot, Secret admin) {
        return new Tokens() {
            @Override
            public Secret bot() {
                return bot;
            }

            @Override
            public Secret admin() {
                return admin;
            }
        };
    }

    /** No installation yet, or it was revoked; {@link SlackCalls} reports it as {@code not_installed}. */
    final class NotInstalledException extends RuntimeException {
        public NotInstalledException() {
            this("Session Guard is not installed on the org");
        }

        /** @param why what is missing and what to do, e.g. for {@code doctor}; never a token */
        public NotInstalledException(String why) {
            super(why, null, false, false);
        }
    }
}
