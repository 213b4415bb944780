package dev.sessionguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.CommandRouter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The words after {@code /session-reset sessions}; the router hands them over (edge/CommandRouterTest). */
class SessionsCommandTest {

    /** Whom the console would open for, read by running the answer's opening. */
    private static Optional<String> opensFor(String words) {
        AtomicReference<Optional<String>> person = new AtomicReference<>();
        CommandRouter.Answer answer = SessionsCommand.read(words, p -> (triggerId, actor) -> {
            person.set(p);
            return true;
        });
        assertThat(answer).as("read(%s)", words).isInstanceOf(CommandRouter.Open.class);
        assertThat(((CommandRouter.Open) answer).opening().open("T1", new Actor("W0ADMIN", "E0ORG"))).isTrue();
        return person.get();
    }

    private static String problem(String words) {
        CommandRouter.Answer answer = SessionsCommand.read(words, p -> (triggerId, actor) -> true);
        assertThat(answer).as("read(%s)", words).isInstanceOf(CommandRouter.Problem.class);
        return ((CommandRouter.Problem) answer).words();
    }

    @Test
    void onePersonOpensTheirConsole() {
        assertThat(opensFor("<@W0000001|alice>")).contains("W0000001");
        assertThat(opensFor("<@W0000001>")).contains("W0000001");
    }

    @Test
    void noPersonOpensThePicker() {
        assertThat(opensFor("")).isEmpty();
    }

    @Test
    void twoPeopleAreRefused() {
        assertThat(problem("<@W0000001> <@W0000002>")).contains("one person at a time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "<@W0000001> please"})
    void mentionsOnly(String words) {
        assertThat(problem(words)).contains("as @mentions only").contains("`/session-reset sessions @alice`");
    }
}
