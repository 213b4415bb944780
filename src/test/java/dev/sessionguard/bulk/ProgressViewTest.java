package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.slackapi.ViewCalls;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How far finding the people has got, in the admin's view: not at first, then at most every 2 s, one hourglass. */
class ProgressViewTest {

    FakeSlack slack;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    ProgressView progress;

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        Slack client = Slack.getInstance(slack.slackConfig());
        progress = new ProgressView(new ViewCalls(client.methods(), Tokens.fixed(new Secret("xoxb-test-bot"), null),
                SlackCalls.withDefaults()), "V0000PREVIEW", clock);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void nothingIsShownInTheFirstTwoSecondsThenAtMostOneUpdateEveryTwo() {
        progress.at("Reading channel members… 1,000 of 10,004");
        clock.advance(Duration.ofMillis(1_999));
        progress.at("Reading channel members… 2,000 of 10,004");
        assertThat(slack.calls("views.update")).isEmpty();

        clock.advance(Duration.ofMillis(1));
        progress.at("Reading channel members… 3,000 of 10,004");
        clock.advance(Duration.ofSeconds(1));
        progress.at("Reading channel members… 4,000 of 10,004");
        clock.advance(Duration.ofSeconds(1));
        progress.at("Reading channel members… 5,000 of 10,004");

        assertThat(slack.calls("views.update")).hasSize(2).allSatisfy(c -> {
            assertThat(c.param("view_id")).isEqualTo("V0000PREVIEW");
            assertThat(c.param("view")).containsOnlyOnce(":hourglass");
        });
        assertThat(slack.calls("views.update").get(0).param("view")).contains("3,000 of 10,004");
        assertThat(slack.calls("views.update").get(1).param("view")).contains("5,000 of 10,004");
    }

    @Test
    void afterSlackRefusesAnUpdateNoMoreAreTriedAndNoneIsRetried() {
        slack.respondInSequence("views.update", FakeResponse.ratelimited(30));
        clock.advance(Duration.ofSeconds(2));
        progress.at("Checking 10,000 people in the directory…");
        clock.advance(Duration.ofSeconds(10));
        progress.at("Asking Slack about people the directory doesn't know… 1 of at most 100");

        assertThat(slack.calls("views.update")).hasSize(1);
    }
}
