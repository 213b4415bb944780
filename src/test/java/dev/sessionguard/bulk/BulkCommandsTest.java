package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.CommandRouter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BulkCommandsTest {

    private static final CommandRouter.Opening FORM = (triggerId, actor) -> true;

    @Test
    void bulkAloneOpensTheFormAndTakesNothingAfterIt() {
        assertThat(BulkCommands.bulk("", FORM)).isEqualTo(new CommandRouter.Open(FORM));
        assertThat(BulkCommands.bulk("now", FORM)).isInstanceOf(CommandRouter.Problem.class)
                .extracting(a -> ((CommandRouter.Problem) a).words()).asString().contains("takes nothing after it");
    }

    @Test
    void statusShowsTheLatestOrOneJobByItsIdUpperCased() {
        assertThat(statusFor("")).isEmpty();
        assertThat(statusFor("7k3mq2zp9d")).contains("7K3MQ2ZP9D");
    }

    @Test
    void aJobIdIsTenLettersAndDigits() {
        for (String words : new String[] {"7K3MQ2ZP9", "7K3MQ2ZP9D1", "7K3MQ2ZP9-", "7K3MQ2ZP9D please"}) {
            assertThat(BulkCommands.status(words, id -> FORM)).as(words).isInstanceOf(CommandRouter.Problem.class)
                    .extracting(a -> ((CommandRouter.Problem) a).words()).asString().contains("10 letters and digits");
        }
    }

    private static Optional<String> statusFor(String words) {
        AtomicReference<Optional<String>> job = new AtomicReference<>();
        CommandRouter.Answer answer = BulkCommands.status(words, id -> (triggerId, actor) -> {
            job.set(id);
            return true;
        });
        assertThat(answer).isInstanceOf(CommandRouter.Open.class);
        ((CommandRouter.Open) answer).opening().open("T1", new Actor("W0ADMIN", "E0ORG"));
        return job.get();
    }
}
