package dev.sessionguard;

import static dev.sessionguard.config.GuardSettings.AUDIT_CHANNEL;
import static dev.sessionguard.config.OAuthSettings.CLIENT_ID;
import static dev.sessionguard.config.OAuthSettings.CLIENT_SECRET;
import static dev.sessionguard.config.OAuthSettings.ENCRYPTION_KEY;
import static dev.sessionguard.config.ServerSettings.DATABASE_URL;
import static dev.sessionguard.config.ServerSettings.DEFAULT_DATABASE_URL;
import static dev.sessionguard.config.ServerSettings.PORT;
import static dev.sessionguard.config.SlackSettings.ADMIN_TOKEN;
import static dev.sessionguard.config.SlackSettings.APP_TOKEN;
import static dev.sessionguard.config.SlackSettings.BOT_TOKEN;
import static dev.sessionguard.config.SlackSettings.SIGNING_SECRET;

import java.util.Set;

/** {@code --help}: the commands and the variables each one needs. Printed with no variable set. */
final class Usage {

    private static final Set<String> HELP = Set.of("help", "--help", "-h");

    static final String TEXT = String.join("\n",
            "Session Guard: lets Enterprise Grid org admins sign people out of Slack, with an audit trail.",
            "",
            "Usage: java -jar session-guard.jar [command]",
            "",
            "Commands:",
            "  run            start the app (the default when no command is given). Needs:",
            "                   " + AUDIT_CHANNEL + ", and",
            "                   " + SIGNING_SECRET + " (HTTP), or " + APP_TOKEN + " for Socket Mode instead;",
            "                   token mode: " + BOT_TOKEN + " and " + ADMIN_TOKEN + ";",
            "                   or OAuth mode: " + CLIENT_ID + ", " + CLIENT_SECRET + " and " + ENCRYPTION_KEY
                    + " instead of the two tokens.",
            "                 Optional: " + DATABASE_URL + " (default " + DEFAULT_DATABASE_URL + "), " + PORT
                    + " (default 3000), and the rest of README.md's Configuration table.",
            "  doctor         check the configuration against Slack, read-only; the same variables as run.",
            "  audit verify   check the audit trail's hash chain. Needs only " + DATABASE_URL + " (default "
                    + DEFAULT_DATABASE_URL + "); exit 0 intact, 1 broken, 3 unreadable or not there.",
            "  audit export [--since 2026-01-01] [--format csv|jsonl]",
            "                 write the audit trail to stdout. Needs only " + DATABASE_URL + ".",
            "  healthcheck    ask the running app's /healthz on 127.0.0.1. Needs only " + PORT + " (default 3000).",
            "  cds-training   the build runs this once after packaging, to write the class archive the run command",
            "                 maps (target/session-guard.jsa); it needs nothing and starts the app on loopback only.",
            "  help, --help   print this.",
            "",
            "Secrets are read from the environment only and never printed. More: README.md.",
            "");

    private Usage() {
    }

    static boolean isHelp(String command) {
        return HELP.contains(command);
    }
}
