package dev.sessionguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.CommandRouter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The words after {@code /session-reset policy}; the router hands them over (edge/CommandRouterTest). */
class PolicyCommandTest {

    private static List<String> opensFor(String words) {
        AtomicReference<List<String>> people = new AtomicReference<>();
        CommandRouter.Answer answer = PolicyCommand.read(words, p -> (triggerId, actor) -> {
            people.set(p);
            return true;
        });
        assertThat(answer).as("read(%s)", words).isInstanceOf(CommandRouter.Open.class);
        assertThat(((CommandRouter.Open) answer).opening().open("T1", new Actor("W0ADMIN", "E0ORG"))).isTrue();
        return people.get();
    }

    @Test
    void takesSeveralPeopleOnceInTheOrderNamed() {
        assertThat(opensFor("<@W0000001|alice>, <@W0000002|bob> <@W0000001>")).containsExactly("W0000001", "W0000002");
        assertThat(opensFor("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<@W0000001> 30d", "<!channel>"})
    void mentionsOnly(String words) {
        CommandRouter.Answer answer = PolicyCommand.read(words, p -> (triggerId, actor) -> true);
        assertThat(answer).isInstanceOf(CommandRouter.Problem.class);
        assertThat(((CommandRouter.Problem) answer).words()).contains("as @mentions only");
    }
}
