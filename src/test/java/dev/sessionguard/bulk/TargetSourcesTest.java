package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A channel's members and count as Slack hands them over, and what a refusal leaves. */
class TargetSourcesTest {

    final FakeSlack slack = FakeSlack.start();
    final TargetSources sources;

    TargetSourcesTest() {
        MethodsClient methods = Slack.getInstance(slack.slackConfig()).methods();
        sources = new TargetSources(methods, Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)),
                SlackCalls.withDefaults().withoutRetries());
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void aChannelsMembersAreReadAndCountedAndProgressIsToldAfterEachPage() {
        slack.channel("C0000ONE", List.of("W0000001", "W0000002"));
        List<Integer> told = new ArrayList<>();

        TargetSources.Members m = sources.channelMembers("C0000ONE", told::add);

        assertThat(m.members()).containsExactly("W0000001", "W0000002");
        assertThat(m.error()).isNull();
        assertThat(told).containsExactly(2);
        assertThat(sources.memberCount("C0000ONE")).hasValue(2);
    }

    @Test
    void aChannelSlackRefusesHasNoMembersItsErrorAndNoCount() {
        slack.respondInSequence("conversations.members", FakeResponse.error("channel_not_found"));
        slack.respondInSequence("conversations.info", FakeResponse.error("channel_not_found"));

        TargetSources.Members m = sources.channelMembers("C0000GONE");

        assertThat(m.members()).isEmpty();
        assertThat(m.error()).isEqualTo("channel_not_found");
        assertThat(sources.memberCount("C0000GONE")).isEqualTo(OptionalInt.empty());
    }
}
