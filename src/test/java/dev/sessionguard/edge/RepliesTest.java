package dev.sessionguard.edge;

import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.slackapi.ViewCalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.Secret;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Telling a person a line: the response_url first, a DM tried once, and no DM at all while Slack said to wait. */
class RepliesTest {

    FakeSlack slack;
    AtomicLong now = new AtomicLong();
    Replies replies;

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        Slack client = Slack.getInstance(slack.slackConfig());
        replies = new Replies(client, new ViewCalls(client.methods(), Tokens.fixed(new Secret("xoxb-test-bot"), null),
                SlackCalls.withDefaults().withoutRetries()), now::get);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void aWorkingResponseUrlIsUsedAndNoDmIsSent() {
        boolean told = replies.tell(new Reply("W0000ALICE", slack.apiUrl() + "response.url"), "busy");

        assertThat(told).isTrue();
        assertThat(slack.calls("response.url")).hasSize(1);
        assertThat(slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void afterARateLimitedDmNoDmIsTriedUntilItsRetryAfterHasPassed() {
        slack.respondInSequence("chat.postMessage", FakeResponse.ratelimited(30));

        assertThat(replies.tell(Reply.dm("W0000ALICE"), "busy")).isFalse();
        assertThat(replies.tell(Reply.dm("W0000BOB"), "busy")).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(replies.tell(Reply.dm("W0000CAROL"), "busy")).isFalse();
        assertThat(slack.calls("chat.postMessage")).hasSize(1);

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(replies.tell(Reply.dm("W0000DAVE"), "busy")).isTrue();
        assertThat(slack.calls("chat.postMessage")).extracting(c -> c.param("channel"))
                .containsExactly("W0000ALICE", "W0000DAVE");
    }

    @Test
    void aDmRefusedForAnotherReasonDoesNotHoldBackTheNext() {
        slack.respondInSequence("chat.postMessage", FakeResponse.error("channel_not_found"));

        assertThat(replies.tell(Reply.dm("W0000ALICE"), "busy")).isFalse();
        assertThat(replies.tell(Reply.dm("W0000BOB"), "busy")).isTrue();
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
    }
}
