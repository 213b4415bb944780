package dev.sessionguard.oauth;

/**
 * The HTML an Org Owner or Org Admin sees while installing: the install page, then one of success,
 * refusal (why, and what to do) or failure. Pure functions; every value from outside is escaped.
 */
public final class InstallPages {

    private InstallPages() {
    }

    /** {@code /slack/install}: what the installer must choose on Slack's page, then the link to it. */
    public static String install(String authorizeUrl) {
        return page("Install Session Guard", """
                <p>Session Guard signs people out of Slack for the Owners and Admins of an Enterprise Grid org.
                It must be installed <strong>to the whole organization</strong> by an
                <strong>Org Owner or Org Admin</strong>: its sign-outs use that person's admin permission
                (<code>admin.users:read</code>, <code>admin.users:write</code>).</p>
                <p>On Slack's page, pick your <strong>organization</strong>, not a single workspace, in the menu at
                the top right, then choose <em>Allow</em>.</p>
                <p><a class="button" href="%s">Continue to Slack</a></p>
                """.formatted(escape(authorizeUrl)));
    }

    /** After a stored install. */
    public static String installed(OrgInstallation i) {
        String org = i.enterpriseName() == null || i.enterpriseName().isBlank()
                ? escape(i.enterpriseId()) : escape(i.enterpriseName()) + " (" + escape(i.enterpriseId()) + ")";
        return page("Session Guard is installed", """
                <p>Session Guard is installed on the organization <strong>%s</strong>, with the admin permission of
                the Org Owner or Org Admin who installed it (%s). Slack's own audit log will name that person for
                every sign-out; Session Guard's audit channel names the admin who really acted.</p>
                <p>Next:</p>
                <ol>
                <li>Invite the bot to the private audit channel: <code>/invite @session-guard</code>.</li>
                <li>Run <code>session-guard doctor</code> where the app runs: every line should say <code>ok</code>.</li>
                <li>In Slack, try <code>/session-reset help</code>.</li>
                </ol>
                <p>You can close this page.</p>
                """.formatted(org, escape(i.installerUserId())));
    }

    /** An install that was not stored: why, and what to do instead. */
    public static String refused(String why, String whatToDo) {
        return refused(why, whatToDo, null);
    }

    /** The same, and what became of the tokens Slack issued for it (none issued: null). */
    public static String refused(String why, String whatToDo, String tokens) {
        String tokensLine = tokens == null || tokens.isBlank() ? ""
                : "<p><strong>Its tokens:</strong> %s</p>\n".formatted(escape(tokens));
        return page("Session Guard was not installed", """
                <p><strong>Why:</strong> %s</p>
                %s<p><strong>What to do:</strong> %s</p>
                <p><a class="button" href="%s">Start again</a></p>
                """.formatted(escape(why), tokensLine, escape(whatToDo), OAuthPaths.INSTALL));
    }

    /** The flow itself failed (bad or expired link, cancelled, Slack error): nothing was installed. */
    public static String failed(String why) {
        return refused(why, "Open " + OAuthPaths.INSTALL + " again in this browser and finish within ten minutes. "
                + "If it keeps failing, the app's logs say more.");
    }

    /** Anything at the OAuth paths that is not a browser's plain GET: no method, body or detail is echoed. */
    public static String notThisWay() {
        return page("Session Guard: not a request this page takes", """
                <p>This address only opens in a browser. An Org Owner or Org Admin installs Session Guard by opening
                <a href="%1$s">%1$s</a>.</p>
                """.formatted(OAuthPaths.INSTALL));
    }

    /** Install starts refused for a while (too many from this address, or in all): nothing was stored. */
    public static String tryLater(String why) {
        return page("Session Guard can't start an install right now", """
                <p>%s Nothing was stored.</p>
                <p>Try again in a few minutes.</p>
                """.formatted(escape(why)));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s</title>
                <style>
                body { font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em; line-height: 1.5; }
                .button { display: inline-block; padding: .6em 1.2em; background: #7a1f1f; color: #fff; border-radius: 4px; text-decoration: none; }
                </style>
                </head>
                <body>
                <h1>%1$s</h1>
                %2$s</body>
                </html>
                """.formatted(escape(title), body);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
