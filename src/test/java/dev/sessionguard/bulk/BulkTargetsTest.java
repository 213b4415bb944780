package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import dev.sessionguard.config.Secret;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slack.Directory;
import dev.sessionguard.slack.SlackCalls;
import dev.sessionguard.slack.Tokens;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolving a bulk sign-out's targets against the loopback Slack. */
class BulkTargetsTest {

    static final String CHANNEL = "C0000ALLHANDS";
    static final String GROUP = "S0000ONCALL";

    FakeSlack slack;
    BulkTargets targets;

    @BeforeEach
    void start() {
        slack = Org.register(FakeSlack.start());
        MethodsClient methods = Slack.getInstance(slack.slackConfig()).methods();
        Tokens tokens = Tokens.fixed(new Secret("xoxb-test-bot"), new Secret("xoxp-test-admin"));
        SlackCalls calls = new SlackCalls(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));
        targets = new BulkTargets(new Directory(methods, tokens, calls), new TargetSources(methods, tokens, calls),
                ProtectedUsers.of(List.of(Org.BREAK_GLASS)));
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private BulkTargets.Result resolve(List<String> users, List<String> channels, List<String> groups, String pasted) {
        return targets.resolve(new BulkTargets.Request(users, channels, groups, pasted));
    }

    private List<String> bigChannel() {
        List<String> members = new ArrayList<>();
        IntStream.range(0, 2_500).mapToObj(i -> String.format("W%07dX", i)).forEach(id -> {
            slack.user(FakeUser.member(id).name("m" + id.toLowerCase()));
            members.add(id);
        });
        members.add(1_234, Org.ALICE);
        members.remove(members.size() - 1);
        slack.channel(CHANNEL, members);
        return members;
    }

    @Test
    void aChannelOfTwoAndAHalfThousandIsReadToTheEndInOrderAndPickedPeopleAreNotRepeated() {
        List<String> members = bigChannel();

        BulkTargets.Result r = resolve(List.of(Org.BOB, Org.ALICE), List.of(CHANNEL), List.of(), "");

        List<String> expected = new ArrayList<>(List.of(Org.BOB, Org.ALICE));
        members.stream().filter(id -> !id.equals(Org.ALICE)).forEach(expected::add);
        assertThat(r.userIds()).containsExactlyElementsOf(expected);
        assertThat(r.excluded()).isEmpty();
        assertThat(slack.calls("conversations.members")).hasSize(3)
                .allSatisfy(c -> assertThat(c.token()).startsWith("xoxb-"));
    }

    @Test
    void aUserGroupsMembersAreTargeted() {
        slack.userGroup(GROUP, Org.CAROL, Org.MEMBER);

        BulkTargets.Result r = resolve(List.of(), List.of(), List.of(GROUP), "");

        assertThat(r.userIds()).containsExactly(Org.CAROL, Org.MEMBER);
        assertThat(r.excluded()).isEmpty();
    }

    @Test
    void pastedEmailsAndIdsAreLookedUpAndAnUnknownEmailIsReportedAsTyped() {
        BulkTargets.Result r = resolve(List.of(), List.of(), List.of(),
                " alice@example.com , nobody@example.com\n\n" + Org.CAROL + "\r\nbob@example.com,,");

        assertThat(r.userIds()).containsExactly(Org.ALICE, Org.CAROL, Org.BOB);
        assertThat(r.excluded()).containsExactly(new Exclusion("nobody@example.com",
                BulkTargets.UNKNOWN_EMAIL, "No one in the org has this email address."));
    }

    @Test
    void primaryOwnerBotDeactivatedProtectedAndUnknownPeopleAreLeftOutWithTheirReasons() {
        BulkTargets.Result r = resolve(
                List.of(Org.PRIMARY, Org.BOT, Org.GONE, Org.BREAK_GLASS, "W0000NOBODY", Org.ALICE),
                List.of(), List.of(), "");

        assertThat(r.userIds()).containsExactly(Org.ALICE);
        assertThat(r.excluded()).extracting(Exclusion::subject, Exclusion::code).containsExactly(
                tuple(Org.PRIMARY, "primary_owner"),
                tuple(Org.BOT, "bot"),
                tuple(Org.GONE, "deactivated"),
                tuple(Org.BREAK_GLASS, ProtectedUsers.ERROR_CODE),
                tuple("W0000NOBODY", BulkTargets.NOT_FOUND));
        assertThat(r.excluded().get(0).words()).contains("Primary Owner");
        assertThat(r.excluded().get(1).words()).contains("bot or app");
        assertThat(r.excluded().get(2).words()).contains("deactivated");
        assertThat(r.excluded().get(3).words()).contains("protected");
        // A protected account is left out before anything is asked of Slack about it.
        assertThat(slack.calls("users.info")).extracting(c -> c.param("user")).doesNotContain(Org.BREAK_GLASS);
    }

    @Test
    void aRateLimitedPageIsWaitedOutAndReadingCarriesOn() {
        bigChannel();
        slack.respondInSequence("conversations.members", FakeResponse.ratelimited(1));

        BulkTargets.Result r = resolve(List.of(), List.of(CHANNEL), List.of(), "");

        assertThat(r.userIds()).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(r.excluded()).isEmpty();
        List<RecordedCall> pages = slack.calls("conversations.members");
        assertThat(pages).hasSize(4);
        assertThat(pages.get(0).param("cursor")).isEqualTo(pages.get(1).param("cursor"));
    }

    @Test
    void aSlackPageThatRepeatsItsCursorStopsTheReadAndSaysSo() {
        slack.respond("conversations.members", c -> FakeResponse.ok(json(
                "{\"members\":[\"" + Org.ALICE + "\"],\"response_metadata\":{\"next_cursor\":\"again\"}}")));

        BulkTargets.Result r = resolve(List.of(), List.of(CHANNEL), List.of(), "");

        assertThat(r.userIds()).containsExactly(Org.ALICE);
        assertThat(r.excluded()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(CHANNEL);
            assertThat(e.code()).isEqualTo(BulkTargets.CHANNEL_UNREAD);
        });
        assertThat(slack.calls("conversations.members")).hasSize(2);
    }

    @Test
    void linesThatAreNeitherEmailsNorUserIdsAreReported() {
        BulkTargets.Result r = resolve(List.of(), List.of(), List.of(), "hello\nalice@example.com\n<@W0000BOB>, w0000carol");

        assertThat(r.userIds()).containsExactly(Org.ALICE);
        assertThat(r.excluded()).extracting(Exclusion::subject)
                .containsExactly("hello", "<@W0000BOB>", "w0000carol");
        assertThat(r.excluded()).extracting(Exclusion::code).containsOnly(BulkTargets.NOT_AN_EMAIL_OR_ID);
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void peopleOfAnotherOrgInASharedChannelAreLeftOutWhenTheOrgIsKnown() {
        MethodsClient methods = Slack.getInstance(slack.slackConfig()).methods();
        Tokens tokens = Tokens.fixed(new Secret("xoxb-test-bot"), new Secret("xoxp-test-admin"));
        SlackCalls calls = SlackCalls.withDefaults();
        BulkTargets inOrg = new BulkTargets(new Directory(methods, tokens, calls), new TargetSources(methods, tokens, calls),
                ProtectedUsers.NONE, () -> java.util.Optional.of(FakeSlack.DEFAULT_ENTERPRISE_ID));
        slack.channel(CHANNEL, List.of(Org.ALICE, Org.OUTSIDER, Org.BOB));

        BulkTargets.Result r = inOrg.resolve(new BulkTargets.Request(List.of(), List.of(CHANNEL), List.of(), ""));

        assertThat(r.userIds()).containsExactly(Org.ALICE, Org.BOB);
        assertThat(r.excluded()).extracting(Exclusion::subject, Exclusion::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Org.OUTSIDER, BulkTargets.OTHER_ORG));
    }
}
