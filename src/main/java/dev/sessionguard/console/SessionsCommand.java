package dev.sessionguard.console;

import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.text.Mentions;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@code /session-reset sessions [@person]}: the session console, for that person or with a person picker. */
final class SessionsCommand {

    static final String WORD = "sessions";

    private SessionsCommand() {
    }

    /** @param open the console for a person, or the picker when empty */
    static CommandRouter.Answer read(String words, Function<Optional<String>, CommandRouter.Opening> open) {
        Set<String> users = new LinkedHashSet<>();
        String left = Mentions.leading(words, users).strip();
        if (!left.isEmpty()) {
            return new CommandRouter.Problem("After `sessions` name people as @mentions only (for example "
                    + "`/session-reset sessions @alice`).");
        }
        if (users.size() > 1) {
            return new CommandRouter.Problem("`sessions` shows one person at a time (for example "
                    + "`/session-reset sessions @alice`).");
        }
        return new CommandRouter.Open(open.apply(users.stream().findFirst()));
    }
}
