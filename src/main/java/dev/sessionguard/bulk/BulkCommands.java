package dev.sessionguard.bulk;

import dev.sessionguard.edge.CommandRouter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** {@code /session-reset bulk} (the bulk form) and {@code /session-reset status [job-id]} (one job, or the latest). */
final class BulkCommands {

    static final String BULK = "bulk";
    static final String STATUS = "status";
    private static final Pattern JOB_ID = Pattern.compile("[0-9A-Za-z]{10}");

    private BulkCommands() {
    }

    static CommandRouter.Answer bulk(String words, CommandRouter.Opening form) {
        return words.isEmpty() ? new CommandRouter.Open(form)
                : new CommandRouter.Problem("`bulk` takes nothing after it: the form asks for the people "
                        + "(" + BulkWords.NEW_BULK + ").");
    }

    /** @param status one job (its id upper-cased), or the running and recent ones when empty */
    static CommandRouter.Answer status(String words, Function<Optional<String>, CommandRouter.Opening> status) {
        if (words.isEmpty()) {
            return new CommandRouter.Open(status.apply(Optional.empty()));
        }
        return JOB_ID.matcher(words).matches()
                ? new CommandRouter.Open(status.apply(Optional.of(words.toUpperCase(Locale.ROOT))))
                : new CommandRouter.Problem("A bulk job id is 10 letters and digits, as the audit channel shows it "
                        + "(for example `/session-reset status 7K3MQ2ZP9D`).");
    }
}
