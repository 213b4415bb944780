package dev.sessionguard.edge;

import com.slack.api.bolt.App;
import dev.sessionguard.access.Actor;
import dev.sessionguard.text.UserText;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The slash command's one door. It is registered with Bolt once; {@code help} gets the usage, a first word that a
 * feature registered ({@code sessions}, {@code policy}, {@code bulk}, {@code status}) goes to that feature with the
 * words after it, and anything else to the command's own reading (the reset form). So no feature knows another's
 * subcommands, and the root routes nothing.
 */
public final class CommandRouter {

    /** What a feature makes of its words. */
    public sealed interface Answer permits Say, Problem, Open {
    }

    /** Words for the ack, as they are. */
    public record Say(String text) implements Answer {
    }

    /** A mistake in the words: the ack says it, then the usage. */
    public record Problem(String words) implements Answer {
    }

    /** A modal to open after the ack, on the fast lane. */
    public record Open(Opening opening) implements Answer {
    }

    @FunctionalInterface
    public interface Opening {
        /** @return false when the modal could not be shown and the person has heard nothing */
        boolean open(String triggerId, Actor actor);
    }

    /** A feature's reading of the words after its subcommand (or, for the command's own, of all of them). */
    @FunctionalInterface
    public interface Subcommand {
        Answer read(String words);
    }

    private final String command;
    private final String usage;
    private final AfterAck afterAck;
    private final Subcommand otherwise;
    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();

    /**
     * @param usage     what {@code help} answers, and what follows every problem
     * @param otherwise the command's own reading, for words that start with no registered subcommand
     */
    public CommandRouter(String command, String usage, AfterAck afterAck, Subcommand otherwise) {
        this.command = command;
        this.usage = usage;
        this.afterAck = afterAck;
        this.otherwise = otherwise;
    }

    /** A feature's subcommand, its first word in lower case; registered while the app is wired, before it runs. */
    public CommandRouter subcommand(String word, Subcommand reading) {
        String key = word.toLowerCase(Locale.ROOT);
        if (subcommands.putIfAbsent(key, reading) != null) {
            throw new IllegalArgumentException("two features registered the subcommand " + key);
        }
        return this;
    }

    public void register(App app) {
        app.command(command, (req, ctx) -> {
            var p = req.getPayload();
            Answer answer = route(p.getText());
            if (answer instanceof Say say) {
                return ctx.ack(say.text());
            }
            if (answer instanceof Problem problem) {
                return ctx.ack(problem(problem.words()));
            }
            Opening opening = ((Open) answer).opening();
            Actor actor = Actors.of(p);
            String triggerId = p.getTriggerId();
            // A command's ack can carry words: a full lane is said there, to each command, without a Slack call.
            boolean queued = afterAck.openOrSay(new Reply(p.getUserId(), p.getResponseUrl()),
                    () -> opening.open(triggerId, actor));
            return queued ? ctx.ack() : ctx.ack(AfterAck.BUSY_TEXT);
        });
    }

    /** The words as the ack would answer them; cleaned whole first, so no answer can echo a control character. */
    Answer route(String text) {
        String words = UserText.clean(text);
        if (words.equalsIgnoreCase("help") || words.equals("?")) {
            return new Say(usage);
        }
        String[] firstAndRest = words.split("\\s+", 2);
        Subcommand subcommand = subcommands.get(firstAndRest[0].toLowerCase(Locale.ROOT));
        if (subcommand == null) {
            return otherwise.read(words);
        }
        return subcommand.read(firstAndRest.length > 1 ? firstAndRest[1].strip() : "");
    }

    /** A problem as the ack says it: a warning, then the usage. */
    public String problem(String words) {
        return ":warning: " + words + "\n\n" + usage;
    }
}
