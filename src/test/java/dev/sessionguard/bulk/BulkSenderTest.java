package dev.sessionguard.bulk;

import dev.sessionguard.safety.ProtectedUsers;
import static dev.sessionguard.bulk.FakeBulkApi.people;
import static dev.sessionguard.bulk.FakeBulkApi.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BulkSenderTest {

    private static final int CALLS_PER_BAD_USER_IN_A_THOUSAND = 2 * 10; // 2·⌈log₂ 1000⌉

    @Test
    void aQueuedChunkMarksEveryoneDoneAsQueuedNeverAsSignedOut() {
        FakeBulkApi slack = new FakeBulkApi();

        List<TargetResult> out = new BulkSender(slack).send(people(1000), ResetScope.WEB);

        assertThat(slack.calls()).hasSize(1);
        assertThat(slack.scopes()).containsExactly(ResetScope.WEB);
        assertThat(out).hasSize(1000).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.DONE);
            assertThat(r.words()).isEqualTo("Queued with Slack to sign out of web sessions")
                    .doesNotContainIgnoringCase("signed out");
        });
        assertThat(out).extracting(TargetResult::userId).containsExactlyElementsOf(people(1000));
    }

    @Test
    void oneBadUserAmongAThousandIsFoundWithAtMostTwentyExtraCallsAndGetsTheirOwnError() {
        String bad = person(617);
        FakeBulkApi slack = new FakeBulkApi().bad(bad, "user_not_found");

        List<TargetResult> out = new BulkSender(slack).send(people(1000), ResetScope.ALL);

        assertThat(slack.calls().size() - 1).isLessThanOrEqualTo(CALLS_PER_BAD_USER_IN_A_THOUSAND);
        assertThat(slack.calls()).containsOnlyOnce(List.of(bad));
        assertThat(out).extracting(TargetResult::userId).containsExactlyElementsOf(people(1000));
        assertThat(out).filteredOn(r -> r.userId().equals(bad)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.errorCode()).isEqualTo("user_not_found");
            assertThat(r.words()).isEqualTo(SlackErrors.describe("user_not_found"));
        });
        assertThat(out).filteredOn(r -> !r.userId().equals(bad)).hasSize(999)
                .allSatisfy(r -> assertThat(r.words()).startsWith("Queued with Slack"))
                .extracting(TargetResult::status).containsOnly(Status.DONE);
    }

    @Test
    void threeBadUsersSpreadOutAreEachFoundAndEveryoneElseIsQueued() {
        FakeBulkApi slack = new FakeBulkApi()
                .bad(person(0), "cannot_reset_primary_owner")
                .bad(person(500), "user_not_found")
                .bad(person(999), "cannot_reset_bot");

        List<TargetResult> out = new BulkSender(slack, 3 * CALLS_PER_BAD_USER_IN_A_THOUSAND, ProtectedUsers.NONE)
                .send(people(1000), ResetScope.ALL);

        assertThat(slack.calls().size() - 1).isLessThanOrEqualTo(3 * CALLS_PER_BAD_USER_IN_A_THOUSAND);
        assertThat(out).extracting(TargetResult::userId).containsExactlyElementsOf(people(1000));
        assertThat(out).filteredOn(r -> r.status() == Status.FAILED)
                .extracting(TargetResult::userId, TargetResult::errorCode)
                .containsExactly(
                        tuple(person(0), "cannot_reset_primary_owner"),
                        tuple(person(500), "user_not_found"),
                        tuple(person(999), "cannot_reset_bot"));
        assertThat(out).filteredOn(r -> r.status() == Status.DONE).hasSize(997);
    }

    @Test
    void everyoneQueuedWasInACallSlackAnsweredOk() {
        Set<String> bad = Set.of(person(3), person(4), person(700));
        FakeBulkApi slack = new FakeBulkApi();
        bad.forEach(b -> slack.bad(b, "user_not_found"));

        List<TargetResult> out = new BulkSender(slack).send(people(1000), ResetScope.MOBILE);

        Set<String> confirmed = new HashSet<>();
        slack.calls().stream().filter(ids -> ids.stream().noneMatch(bad::contains)).forEach(confirmed::addAll);
        assertThat(out).filteredOn(r -> r.status() == Status.DONE).extracting(TargetResult::userId)
                .allMatch(confirmed::contains).hasSize(997);
    }

    @Test
    void aChunkFullOfBadUsersStopsNarrowingAtTheCapAndLeavesTheRestUnconfirmed() {
        FakeBulkApi slack = new FakeBulkApi();
        for (int i = 0; i < 1000; i += 10) {
            slack.bad(person(i), "cannot_reset_bot");
        }

        List<TargetResult> out = new BulkSender(slack, 40, ProtectedUsers.NONE).send(people(1000), ResetScope.ALL);

        assertThat(slack.calls()).hasSize(1 + 40);
        assertThat(out).extracting(TargetResult::userId).containsExactlyElementsOf(people(1000));
        assertThat(out).filteredOn(r -> BulkSender.FAILED_FOR_SOME_USERS.equals(r.errorCode())).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(Status.FAILED);
                    assertThat(r.words()).startsWith("Not confirmed");
                });
        Set<String> confirmed = new HashSet<>();
        slack.calls().stream().filter(ids -> ids.stream().noneMatch(id -> id.endsWith("0"))).forEach(confirmed::addAll);
        assertThat(out).filteredOn(r -> r.status() == Status.DONE).extracting(TargetResult::userId)
                .allMatch(confirmed::contains);
    }

    @Test
    void theDefaultCapFindsTwoBadUsersInAThousand() {
        FakeBulkApi slack = new FakeBulkApi().bad(person(123), "user_not_found").bad(person(876), "user_not_found");

        List<TargetResult> out = new BulkSender(slack).send(people(1000), ResetScope.ALL);

        assertThat(out).filteredOn(r -> r.status() == Status.FAILED).extracting(TargetResult::errorCode)
                .containsExactly("user_not_found", "user_not_found");
    }

    @Test
    void aWholeChunkErrorMarksEveryoneInItFailedWithThatCode() {
        FakeBulkApi slack = new FakeBulkApi().wholeCallError(ids -> "invalid_auth");

        List<TargetResult> out = new BulkSender(slack).send(people(1000), ResetScope.ALL);

        assertThat(slack.calls()).hasSize(1);
        assertThat(out).hasSize(1000).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.errorCode()).isEqualTo("invalid_auth");
            assertThat(r.words()).isEqualTo(SlackErrors.describe("invalid_auth"));
        });
    }

    @Test
    void aRateLimitWhileNarrowingDownFailsOnlyTheHalfItHit() {
        String bad = person(10);
        FakeBulkApi slack = new FakeBulkApi().bad(bad, "user_not_found")
                .wholeCallError(ids -> ids.size() == 500 && ids.get(0).equals(person(500)) ? "ratelimited" : null);

        List<TargetResult> out = new BulkSender(slack).send(people(1000), ResetScope.ALL);

        assertThat(out.subList(500, 1000)).extracting(TargetResult::errorCode).containsOnly("ratelimited");
        assertThat(out.subList(0, 500)).filteredOn(r -> r.status() == Status.DONE).hasSize(499);
    }

    @Test
    void someoneSlackStillFailsForSomeUsersAloneIsFailedWithThatCodeInWords() {
        FakeBulkApi slack = new FakeBulkApi().bad(person(1), BulkSender.FAILED_FOR_SOME_USERS);

        List<TargetResult> out = new BulkSender(slack).send(people(2), ResetScope.ALL);

        assertThat(out.get(1).status()).isEqualTo(Status.FAILED);
        assertThat(out.get(1).errorCode()).isEqualTo(BulkSender.FAILED_FOR_SOME_USERS);
        assertThat(out.get(1).words()).doesNotContain("installation");
    }

    @Test
    void anEmptyChunkCallsNobody() {
        FakeBulkApi slack = new FakeBulkApi();

        assertThat(new BulkSender(slack).send(List.of(), ResetScope.ALL)).isEmpty();
        assertThat(slack.calls()).isEmpty();
    }

    @Test
    void protectedPeopleAreNeverSentEvenWhenTheJobHoldsThem() {
        FakeBulkApi slack = new FakeBulkApi();
        List<String> people = people(5);
        var sender = new BulkSender(slack, 40, ProtectedUsers.of(List.of(people.get(1), people.get(3))));

        List<TargetResult> out = sender.send(people, ResetScope.ALL);

        assertThat(out).extracting(TargetResult::userId).containsExactlyElementsOf(people);
        assertThat(out).extracting(TargetResult::errorCode)
                .containsExactly(null, ProtectedUsers.ERROR_CODE, null, ProtectedUsers.ERROR_CODE, null);
        assertThat(slack.calls()).singleElement().satisfies(call ->
                assertThat(call).containsExactly(people.get(0), people.get(2), people.get(4)));
    }
    @Test
    void withNoCallsLeftAChunkSlackPartlyFailedIsNotConfirmedForAnyone() {
        FakeBulkApi slack = new FakeBulkApi().bad(person(1), "user_not_found");

        List<TargetResult> out = new BulkSender(slack, 0, ProtectedUsers.NONE).send(people(4), ResetScope.ALL);

        assertThat(slack.calls()).hasSize(1);
        assertThat(out).hasSize(4).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TargetResult.Status.FAILED);
            assertThat(t.errorCode()).isEqualTo(BulkSender.FAILED_FOR_SOME_USERS);
            assertThat(t.words()).startsWith("Not confirmed: Slack queued some people of this chunk and not others");
        });
    }

    @Test
    void whenTheCallsRunOutOnTheLeftTheRightHalfIsNotConfirmedUnsent() {
        FakeBulkApi slack = new FakeBulkApi().bad(person(0), "user_not_found");

        List<TargetResult> out = new BulkSender(slack, 1, ProtectedUsers.NONE).send(people(4), ResetScope.ALL);

        assertThat(slack.calls()).containsExactly(people(4), people(2));
        assertThat(out).extracting(TargetResult::userId).containsExactlyInAnyOrderElementsOf(people(4));
        assertThat(out).allSatisfy(t -> assertThat(t.errorCode()).isEqualTo(BulkSender.FAILED_FOR_SOME_USERS));
    }

    @Test
    void aQueuedLeftHalfSkipsTheCallThatWouldOnlyBlameTheRightAndOnePersonIsAskedAlone() {
        FakeBulkApi slack = new FakeBulkApi().bad(person(3), "user_not_found");

        List<TargetResult> out = new BulkSender(slack, 5, ProtectedUsers.NONE).send(people(4), ResetScope.ALL);

        assertThat(slack.calls()).containsExactly(people(4), people(2), List.of(person(2)), List.of(person(3)));
        assertThat(out).filteredOn(t -> t.status() == TargetResult.Status.FAILED).singleElement()
                .satisfies(t -> assertThat(t.errorCode()).isEqualTo("user_not_found"));

        FakeBulkApi two = new FakeBulkApi().bad(person(1), "user_not_found");
        List<TargetResult> pair = new BulkSender(two, 5, ProtectedUsers.NONE).send(people(2), ResetScope.ALL);
        assertThat(two.calls()).containsExactly(people(2), List.of(person(0)), List.of(person(1)));
        assertThat(pair).extracting(TargetResult::errorCode).containsExactly(null, "user_not_found");
    }

    @Test
    void aSinglePersonSlackPartlyFailedIsNotNarrowedFurther() {
        FakeBulkApi slack = new FakeBulkApi().wholeCallError(ids -> BulkSender.FAILED_FOR_SOME_USERS);

        List<TargetResult> out = new BulkSender(slack, 5, ProtectedUsers.NONE).send(people(1), ResetScope.ALL);

        assertThat(slack.calls()).hasSize(1);
        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TargetResult.Status.FAILED);
            assertThat(t.errorCode()).isEqualTo(BulkSender.FAILED_FOR_SOME_USERS);
        });
    }
}
