package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing only: the features' readings have their own tests (SessionsCommandTest, PolicyCommandTest, …). */
class CommandRouterTest {

    private static final String USAGE = "usage words";
    private final List<String> sessions = new ArrayList<>();
    private final List<String> otherwise = new ArrayList<>();
    private final CommandRouter router = new CommandRouter("/session-reset", USAGE, null, words -> {
        otherwise.add(words);
        return new CommandRouter.Say("reset");
    }).subcommand("sessions", words -> {
        sessions.add(words);
        return new CommandRouter.Problem("a mistake");
    });

    @ParameterizedTest
    @ValueSource(strings = {"help", "HELP", " Help ", "?"})
    void helpIsTheUsage(String text) {
        assertThat(router.route(text)).isEqualTo(new CommandRouter.Say(USAGE));
        assertThat(sessions).isEmpty();
        assertThat(otherwise).isEmpty();
    }

    @Test
    void aRegisteredFirstWordInAnyCaseGetsTheWordsAfterIt() {
        assertThat(router.route("  SESSIONS   <@W0000001>  ")).isEqualTo(new CommandRouter.Problem("a mistake"));
        assertThat(sessions).containsExactly("<@W0000001>");
        assertThat(router.route("sessions")).isEqualTo(new CommandRouter.Problem("a mistake"));
        assertThat(sessions).containsExactly("<@W0000001>", "");
        assertThat(otherwise).isEmpty();
    }

    @Test
    void anythingElseIsTheCommandsOwnReadingOfAllTheWords() {
        router.route("<@W0000001> sessions stolen");
        router.route("");
        router.route("bulk");
        assertThat(otherwise).containsExactly("<@W0000001> sessions stolen", "", "bulk");
        assertThat(sessions).isEmpty();
    }

    @Test
    void aProblemIsSaidWithTheUsageAfterIt() {
        assertThat(router.problem("`sessions` shows one person at a time.")).isEqualTo(
                ":warning: `sessions` shows one person at a time.\n\n" + USAGE);
    }

    @Test
    void aSubcommandBelongsToOneFeature() {
        assertThatThrownBy(() -> router.subcommand("Sessions", words -> new CommandRouter.Say("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessions");
    }
}
