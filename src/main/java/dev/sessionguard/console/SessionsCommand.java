package dev.sessionguard.console;

import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.text.Mentions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code /session-reset sessions [@person]}: the session console, for that person or with a person picker. */
final class SessionsCommand {

    static final String WORD = "sessions";

    private SessionsCommand() {
    }

    /** @param open the console for a person, or the picker when empty */
    static CommandRouter.Answer read(String words, Function<Optional<String>, CommandRouter.Opening> open) {
        Optional<List<String>> users = Mentions.only(words);
        if (users.isEmpty()) {
            return new CommandRouter.Problem("After `sessions` name people as @mentions only (for example "
                    + "`/session-reset sessions @alice`).");
        }
        if (users.get().size() > 1) {
            return new CommandRouter.Problem("`sessions` shows one person at a time (for example "
                    + "`/session-reset sessions @alice`).");
        }
        return new CommandRouter.Open(open.apply(users.get().stream().findFirst()));
    }
}
