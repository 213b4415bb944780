package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.text.Mentions;
import dev.sessionguard.text.UserText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text after {@code /session-reset} when it starts with no other feature's subcommand
 * ({@code edge.CommandRouter} hands those to their features). With {@code should_escape: true} Slack sends
 * mentions as {@code <@W123|alice>}; plain names can't be resolved safely, so they are an error.
 */
public final class ResetCommand {

    public static final String COMMAND = "/session-reset";

    public static final String USAGE = String.join("\n",
            "*Session Guard* signs people out of Slack. Org Owners and Org Admins only; every use is posted to the audit channel.",
            "• `/session-reset` opens the sign-out form.",
            "• `/session-reset @alice @bob [web|mobile] [reason…]` opens it filled in. Without `web` or `mobile` it ends all sessions.",
            "• `/session-reset sessions @alice` shows Alice's active sessions: sign out one device, all of them, or set her session policy.",
            "• `/session-reset policy @alice @bob` shows and sets their session policy (how long a session lasts, and sign-out when the app or browser closes).",
            "• `/session-reset bulk` signs out many people at once (people, channels, user groups or a pasted list): incident mode, with a preview, and a second admin's approval for big jobs.",
            "• `/session-reset status [job-id]` shows a bulk job, or the running and recent ones.",
            "• `/session-reset help` shows this.",
            "You can also use the shortcut *Sign someone out*, *Sign out message author* on a message, or the app's Home tab.",
            "Nothing happens until you confirm in the form.");

    private static final Pattern ANY_MENTION = Pattern.compile("<@([UW][A-Z0-9]{2,})(?:\\|([^>]*))?>");

    /** What the command asked for. */
    public sealed interface Parsed permits Help, Open, Invalid {
    }

    public record Help() implements Parsed {
    }

    public record Open(Prefill prefill) implements Parsed {
    }

    /** @param message mrkdwn for the invoker, already including usage */
    public record Invalid(String message) implements Parsed {
    }

    private ResetCommand() {
    }

    public static Parsed parse(String text) {
        // Cleaned whole, before parsing: the reason prefills the form, and no later error message can echo a control.
        String rest = UserText.clean(text);
        if (rest.isEmpty()) {
            return new Open(Prefill.EMPTY);
        }
        if (rest.equalsIgnoreCase("help") || rest.equals("?")) {
            return new Help();
        }
        Set<String> users = new LinkedHashSet<>();
        rest = Mentions.leading(rest, users);
        if (users.isEmpty()) {
            return invalid("Start with the people to sign out, as @mentions (for example `/session-reset @alice`).");
        }
        ResetScope scope = ResetScope.ALL;
        String[] firstAndRest = rest.split("\\s+", 2);
        Optional<ResetScope> keyword = ResetScope.fromValue(firstAndRest[0]);
        if (keyword.isPresent()) {
            scope = keyword.get();
            rest = firstAndRest.length > 1 ? firstAndRest[1] : "";
        }
        return new Open(new Prefill(new ArrayList<>(users), scope, readableMentions(rest.strip()), null));
    }

    private static Invalid invalid(String problem) {
        return new Invalid(":warning: " + problem + "\n\n" + USAGE);
    }

    /** Mentions typed into a reason read as {@code @name} in the form rather than as raw markup. */
    static String readableMentions(String reason) {
        Matcher m = ANY_MENTION.matcher(reason);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String label = m.group(2) == null || m.group(2).isBlank() ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement("@" + label));
        }
        m.appendTail(out);
        return out.toString();
    }
}
