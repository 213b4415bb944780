package dev.sessionguard.oauth;

import java.util.List;

/** The scopes the install asks for; the same as {@code oauth_config.scopes} in manifest.yml. */
public final class OAuthScopes {

    /**
     * The bot's: the command, modals, users.info, user groups, reading the private audit channel, CSV files
     * attached to audit records there, and breach lists uploaded through the bulk form.
     */
    public static final String BOT = "commands,chat:write,users:read,users:read.email,usergroups:read,groups:read,channels:read,"
            + "files:write,files:read";
    /** The installer's: admin.users.session.* accepts only an Org Owner's or Org Admin's user token with these. */
    public static final List<String> USER_LIST = List.of("admin.users:read", "admin.users:write");
    public static final String USER = String.join(",", USER_LIST);

    private OAuthScopes() {
    }
}
