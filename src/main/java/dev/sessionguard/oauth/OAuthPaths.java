package dev.sessionguard.oauth;

/** Where the OAuth flow is served; the manifest's redirect URL ends with {@link #REDIRECT}. */
public final class OAuthPaths {

    /** Where an Org Owner or Org Admin starts the install. */
    public static final String INSTALL = "/slack/install";
    /** Where Slack sends them back with a code; must match the app config's redirect URL. */
    public static final String REDIRECT = "/slack/oauth_redirect";

    private OAuthPaths() {
    }
}
