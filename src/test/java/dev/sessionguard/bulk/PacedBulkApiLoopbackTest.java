package dev.sessionguard.bulk;

import static dev.sessionguard.bulk.FakeBulkApi.people;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.bulk.BulkEngine.Ending;
import dev.sessionguard.bulk.BulkEngine.Report;
import dev.sessionguard.config.Secret;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pacer in front of the real {@code resetBulk} over HTTP, against a fake Slack that enforces its own limit.
 * Windows are shortened (a second or two instead of a minute) so a test crosses them in real time.
 */
@Tag("slow")
class PacedBulkApiLoopbackTest {

    private static final String RESET_BULK = "admin.users.session.resetBulk";

    private FakeSlack fake;
    private Slack slack;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        slack = Slack.getInstance(fake.slackConfig());
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        fake.close();
    }

    @Test
    void tenThousandPeopleGoOutInExactlyTenCallsWithNo429WhenThePacerMatchesSlack() {
        fake.limit(RESET_BULK, 20, Duration.ofSeconds(2));

        Report report = run(people(10_000), SlackCalls.withDefaults(), 20, Duration.ofSeconds(2));

        assertThat(fake.calls(RESET_BULK)).hasSize(10);
        assertThat(fake.rateLimited(RESET_BULK)).isZero();
        assertThat(report.settled()).hasSize(10_000).extracting(TargetResult::status).containsOnly(Status.DONE);
    }

    @Test
    void theTwentyFirstCallWaitsOutTheWindowAndStillGetsNo429() {
        fake.limit(RESET_BULK, 20, Duration.ofSeconds(1));
        long started = System.nanoTime();

        Report report = run(people(21_000), SlackCalls.withDefaults(), 20, Duration.ofSeconds(1));

        assertThat(fake.calls(RESET_BULK)).hasSize(21);
        assertThat(fake.rateLimited(RESET_BULK)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(report.settled()).hasSize(21_000).extracting(TargetResult::status).containsOnly(Status.DONE);
    }

    @Test
    void whenSlacksLimitIsTighterItsRetryAfterIsHonouredAndEveryoneIsQueuedOnce() {
        fake.limit(RESET_BULK, 5, Duration.ofSeconds(1));
        List<String> everyone = people(12_000);

        Report report = run(everyone, SlackCalls.withDefaults(), 20, Duration.ofSeconds(1));

        assertThat(fake.rateLimited(RESET_BULK)).as("the fake did refuse some").isPositive();
        assertThat(report.ending()).isEqualTo(Ending.FINISHED);
        assertThat(report.settled()).extracting(TargetResult::userId).containsExactlyElementsOf(everyone);
        assertThat(report.settled()).extracting(TargetResult::status).containsOnly(Status.DONE);
        assertThat(fake.succeeded(RESET_BULK).stream().flatMap(c -> idsOf(c).stream()))
                .as("each person queued by exactly one accepted call").containsExactlyElementsOf(everyone);
    }

    @Test
    void whenSlackCallsGivesUpOnA429ThePacerHoldsTheNextCallForItsRetryAfterAndNoOneIsSkipped() {
        fake.limit(RESET_BULK, 5, Duration.ofSeconds(1));
        List<String> everyone = people(12_000);
        SlackCalls noRetries = new SlackCalls(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(60));

        Report report = run(everyone, noRetries, 20, Duration.ofSeconds(1));

        List<RecordedCall> calls = fake.calls(RESET_BULK);
        assertThat(fake.rateLimited(RESET_BULK)).isPositive();
        for (int i = 0; i < calls.size(); i++) {
            if (fake.answerTo(calls.get(i)).status() != 429) {
                continue;
            }
            long retryAfter = Long.parseLong(fake.answerTo(calls.get(i)).headers().get("Retry-After"));
            if (i + 1 < calls.size()) {
                RecordedCall next = calls.get(i + 1);
                assertThat(Duration.between(calls.get(i).at(), next.at())).as("the call after 429 number %d", i)
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfter));
                assertThat(fake.answerTo(next).status()).as("and Slack took it").isEqualTo(200);
            }
        }
        assertThat(report.ending()).isEqualTo(Ending.FINISHED);
        assertThat(report.settled()).extracting(TargetResult::userId).containsExactlyElementsOf(everyone);
        Map<String, Status> outcome = report.settled().stream()
                .collect(Collectors.toMap(TargetResult::userId, TargetResult::status));
        for (RecordedCall call : calls) {
            Status expected = fake.answerTo(call).status() == 429 ? Status.FAILED : Status.DONE;
            assertThat(idsOf(call)).allSatisfy(id -> assertThat(outcome.get(id)).isEqualTo(expected));
        }
        assertThat(report.settled()).filteredOn(r -> r.status() == Status.FAILED)
                .extracting(TargetResult::errorCode).containsOnly(SlackErrors.RATELIMITED);
    }

    private Report run(List<String> userIds, SlackCalls calls, int perWindow, Duration window) {
        SessionAdminApi sessions = new SessionAdminApi(slack.methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN)), calls);
        BulkApi paced = BulkApi.paced(BulkApi.of(sessions), perWindow, window);
        return new BulkEngine(paced).run(userIds, ResetScope.ALL, 0, (chunk, outcomes) -> { }, () -> false);
    }

    private static List<String> idsOf(RecordedCall call) {
        return Arrays.asList(call.param("user_ids").split(","));
    }
}
