package dev.sessionguard.policy;

import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.text.Mentions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code /session-reset policy [@people…]}: the session policy form, for those people (may be none). */
final class PolicyCommand {

    static final String WORD = "policy";

    private PolicyCommand() {
    }

    /** @param open the form for these people, each once, in the order named */
    static CommandRouter.Answer read(String words, Function<List<String>, CommandRouter.Opening> open) {
        Optional<List<String>> users = Mentions.only(words);
        if (users.isEmpty()) {
            return new CommandRouter.Problem("After `policy` name people as @mentions only (for example "
                    + "`/session-reset policy @alice`).");
        }
        return new CommandRouter.Open(open.apply(users.get()));
    }
}
