package dev.sessionguard.config;

import java.util.Optional;

/**
 * How the app reaches Slack and proves Slack's requests: the signing secret, the tokens of a token-mode install,
 * Socket Mode's app token and the Web API's address.
 *
 * @param signingSecret checks every request over HTTP; null in Socket Mode when unset (the socket's envelopes are
 *                      not signed)
 * @param botToken      the bot token (token mode); null in OAuth mode, where the install's tokens are used
 * @param adminToken    an Org Owner's or Org Admin's org-level user token (token mode); null in OAuth mode
 * @param appToken      Socket Mode: present when {@code SLACK_APP_TOKEN} is set
 * @param apiUrl        the Web API's base URL, ending in a slash
 */
public record SlackSettings(Secret signingSecret, Secret botToken, Secret adminToken, Optional<Secret> appToken,
        String apiUrl) {

    public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
    public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
    public static final String ADMIN_TOKEN = "SLACK_ADMIN_TOKEN";
    public static final String APP_TOKEN = "SLACK_APP_TOKEN";
    public static final String API_URL = "SLACK_API_URL";

    public static final String DEFAULT_API_URL = "https://slack.com/api/";

    static SlackSettings read(Env env) {
        Optional<Secret> appToken = env.optionalSecret(APP_TOKEN, "xapp-", "an app-level token (xapp-…)");
        // Socket Mode requests come over the app's own WebSocket and are not signed.
        Secret signingSecret = appToken.isPresent() ? env.optionalSecret(SIGNING_SECRET, null, "").orElse(null)
                : env.secret(SIGNING_SECRET, null, "");
        boolean oauth = OAuthSettings.intended(env);
        Secret botToken = oauth ? ignoredInOAuthMode(env, BOT_TOKEN)
                : env.secret(BOT_TOKEN, "xoxb-", "a bot token (xoxb-…)");
        Secret adminToken = oauth ? ignoredInOAuthMode(env, ADMIN_TOKEN)
                : env.secret(ADMIN_TOKEN, "xoxp-", "an org-level user token (xoxp-…)");
        String apiUrl = env.url(API_URL, DEFAULT_API_URL);
        return new SlackSettings(signingSecret, botToken, adminToken, appToken, apiUrl);
    }

    /** In OAuth mode the tokens come from the install; a leftover token variable is not used. */
    private static Secret ignoredInOAuthMode(Env env, String name) {
        env.ignored(name, " in OAuth mode: the tokens come from the org's install at /slack/install");
        return null;
    }
}
