package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import dev.sessionguard.config.Secret;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.Directories;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.support.RecordedCall;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolving a bulk sign-out's targets against the loopback Slack. */
class BulkTargetsTest {

    static final String CHANNEL = "C0000ALLHANDS";
    static final String GROUP = "S0000ONCALL";

    FakeSlack slack;
    Database db;
    JdbcPeople people;
    BulkTargets targets;

    @BeforeEach
    void start() {
        slack = Org.register(FakeSlack.start());
        db = Database.open(TestDatabases.freshSqlite());
        people = new JdbcPeople(db, Clock.systemUTC());
        targets = targets(ProtectedUsers.of(List.of(Org.BREAK_GLASS)), java.util.Optional::empty);
    }

    BulkTargets targets(ProtectedUsers protectedUsers, Supplier<java.util.Optional<String>> orgId) {
        MethodsClient methods = Slack.getInstance(slack.slackConfig()).methods();
        Tokens tokens = Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret(TestApp.ADMIN_TOKEN));
        SlackCalls calls = new SlackCalls(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));
        return new BulkTargets(people, new Directory(methods, tokens, calls.withoutRetries()),
                new TargetSources(methods, tokens, calls), new BreachFiles(tokens, slack.apiUrl()), protectedUsers,
                orgId);
    }

    @AfterEach
    void stop() {
        db.close();
        slack.close();
    }

    /** The directory as the app's sync fills it, from everyone registered on the fake so far. */
    void synced() {
        Directories.sync(people, slack);
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
        synced();

        BulkTargets.Result r = resolve(List.of(Org.BOB, Org.ALICE), List.of(CHANNEL), List.of(), "");

        List<String> expected = new ArrayList<>(List.of(Org.BOB, Org.ALICE));
        members.stream().filter(id -> !id.equals(Org.ALICE)).forEach(expected::add);
        assertThat(r.userIds()).containsExactlyElementsOf(expected);
        assertThat(r.excluded()).isEmpty();
        assertThat(slack.calls("conversations.members")).hasSize(3)
                .allSatisfy(c -> assertThat(c.token()).startsWith("xoxb-"));
        assertThat(slack.calls("users.info")).as("the directory knows everyone: nobody is asked about").isEmpty();
    }

    @Test
    void aUserGroupsMembersAreTargeted() {
        slack.userGroup(GROUP, Org.CAROL, Org.MEMBER);
        synced();

        BulkTargets.Result r = resolve(List.of(), List.of(), List.of(GROUP), "");

        assertThat(r.userIds()).containsExactly(Org.CAROL, Org.MEMBER);
        assertThat(r.excluded()).isEmpty();
    }

    @Test
    void pastedEmailsAndIdsAreFoundInTheDirectoryAndOnlyAnEmailItDoesntKnowIsAskedAbout() {
        synced();

        BulkTargets.Result r = resolve(List.of(), List.of(), List.of(),
                " alice@example.com , nobody@example.com\n\n" + Org.CAROL + "\r\nbob@example.com,,");

        assertThat(r.userIds()).containsExactly(Org.ALICE, Org.CAROL, Org.BOB);
        assertThat(r.excluded()).containsExactly(new Exclusion("nobody@example.com",
                BulkTargets.UNKNOWN_EMAIL, "No one in the org has this email address."));
        assertThat(slack.calls("users.lookupByEmail")).extracting(c -> c.param("email"))
                .containsExactly("nobody@example.com");
        assertThat(slack.calls("users.info")).isEmpty();
    }

    @Test
    void primaryOwnerBotDeactivatedProtectedAndUnknownPeopleAreLeftOutWithTheirReasons() {
        synced();

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
        // Only the one the directory doesn't know is asked about; a protected account never is.
        assertThat(slack.calls("users.info")).extracting(c -> c.param("user")).containsExactly("W0000NOBODY");
    }

    @Test
    void aRateLimitedPageIsWaitedOutAndReadingCarriesOn() {
        bigChannel();
        synced();
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
        synced();

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
        BulkTargets inOrg = targets(ProtectedUsers.NONE, () -> java.util.Optional.of(FakeSlack.DEFAULT_ENTERPRISE_ID));
        slack.channel(CHANNEL, List.of(Org.ALICE, Org.OUTSIDER, Org.BOB));
        synced();

        BulkTargets.Result r = inOrg.resolve(new BulkTargets.Request(List.of(), List.of(CHANNEL), List.of(), ""));

        assertThat(r.userIds()).containsExactly(Org.ALICE, Org.BOB);
        assertThat(r.excluded()).extracting(Exclusion::subject, Exclusion::code)
                .containsExactly(tuple(Org.OUTSIDER, BulkTargets.OTHER_ORG));
    }

    @Test
    void aPreviewAsksSlackAboutAtMostAHundredPeopleTheDirectoryDoesntKnowAndLeavesTheRestOutAsNotChecked() {
        synced();
        List<String> newcomers = IntStream.range(0, 250).mapToObj(i -> String.format("W%07dN", i)).toList();
        newcomers.forEach(id -> slack.user(FakeUser.member(id).name("new" + id.toLowerCase())));
        slack.channel(CHANNEL, newcomers);

        BulkTargets.Result r = resolve(List.of(), List.of(CHANNEL), List.of(), "");

        assertThat(slack.calls("users.info")).hasSize(BulkTargets.MAX_ASKS);
        assertThat(r.userIds()).containsExactlyElementsOf(newcomers.subList(0, BulkTargets.MAX_ASKS));
        assertThat(r.excluded()).hasSize(150).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(BulkTargets.NOT_CHECKED);
            assertThat(e.words()).startsWith("Not checked, so left out").contains("already asked Slack about 100");
        });
    }

    @Test
    void oneRateLimitedAskEndsTheAskingAndNothingIsGuessed() {
        synced();
        slack.user(FakeUser.member("W0000NEW1").name("new1")).user(FakeUser.member("W0000NEW2").name("new2"));
        slack.respondInSequence("users.info", FakeResponse.ratelimited(30));

        long t0 = System.nanoTime();
        BulkTargets.Result r = resolve(List.of("W0000NEW1", "W0000NEW2", Org.ALICE), List.of(), List.of(),
                "new3@example.com");

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the Retry-After is not slept on")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(r.userIds()).containsExactly(Org.ALICE);
        // Emails are turned into people first: that ask was answered; the first person asked about was refused.
        assertThat(r.excluded()).extracting(Exclusion::subject, Exclusion::code).containsExactly(
                tuple("new3@example.com", BulkTargets.UNKNOWN_EMAIL), tuple("W0000NEW1", BulkTargets.NOT_CHECKED),
                tuple("W0000NEW2", BulkTargets.NOT_CHECKED));
        assertThat(r.excluded().get(1).words()).contains("rate-limiting");
        assertThat(slack.calls("users.lookupByEmail")).hasSize(1);
        assertThat(slack.calls("users.info")).hasSize(1);
    }

    @Test
    void beforeTheDirectorysFirstSyncTheWordsSaySo() {
        slack.respondInSequence("users.lookupByEmail", FakeResponse.ratelimited(30));

        BulkTargets.Result r = resolve(List.of(), List.of(), List.of(), "alice@example.com");

        assertThat(r.excluded()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(BulkTargets.NOT_CHECKED);
            assertThat(e.words()).contains("has not finished its first sync");
        });
    }

    @Test
    void anUploadedBreachListIsReadFromSlacksFileHostAndResolvedLikeAPastedOne() {
        synced();
        JsonObject file = slack.file("breach.csv", ("Name,Email\nAlice,ALICE@example.com\nNobody,nobody@example.com\n"
                + "Bob,bob@example.com\n" + Org.CAROL + ",\nhello,world\n").getBytes(StandardCharsets.UTF_8), "text/csv");

        BulkTargets.Result r = targets.resolve(new BulkTargets.Request(List.of(), List.of(), List.of(), "",
                List.of(breachFile(file))));

        assertThat(r.unreadableFile()).isNull();
        assertThat(r.userIds()).containsExactly(Org.ALICE, Org.BOB);
        assertThat(r.excluded()).extracting(Exclusion::subject, Exclusion::code).containsExactlyInAnyOrder(
                tuple("nobody@example.com", BulkTargets.UNKNOWN_EMAIL),
                tuple(Org.CAROL + ",", BulkTargets.NOT_AN_EMAIL_OR_ID),
                tuple("hello,world", BulkTargets.NOT_AN_EMAIL_OR_ID));
        assertThat(slack.files().requests()).singleElement().satisfies(req ->
                assertThat(req.authorization()).isEqualTo("Bearer " + TestApp.BOT_TOKEN));
    }

    @Test
    void aFileThatCantBeReadStopsThePreviewBeforeAnyoneIsLookedUp() {
        synced();
        JsonObject file = slack.file("breach.csv", new byte[] {'a', 0, 'b'}, "text/csv");

        BulkTargets.Result r = targets.resolve(new BulkTargets.Request(List.of(Org.ALICE), List.of(), List.of(),
                "bob@example.com", List.of(breachFile(file))));

        assertThat(r.unreadableFile()).contains("breach.csv").contains("not text").contains("Nothing was sent");
        assertThat(r.userIds()).isEmpty();
        assertThat(slack.calls("users.info")).isEmpty();
        assertThat(slack.calls("users.lookupByEmail")).isEmpty();
    }

    @Test
    void readingABigChannelSaysHowFarItHasGot() {
        bigChannel();
        synced();
        List<String> said = new ArrayList<>();

        targets.resolve(new BulkTargets.Request(List.of(), List.of(CHANNEL), List.of(), ""), said::add);

        assertThat(said).contains("Reading channel members… 1,000 of 2,500", "Reading channel members… 2,000 of 2,500",
                "Reading channel members… 2,500 of 2,500", "Checking 2,500 people in the directory…");
    }

    /** The file as the form hands it over from a view submission's {@code file_input} state. */
    static BreachFile breachFile(JsonObject f) {
        return new BreachFile(f.get("id").getAsString(), f.get("name").getAsString(), f.get("size").getAsLong(),
                f.get("mimetype").getAsString(), f.get("filetype").getAsString(),
                f.get("url_private_download").getAsString());
    }
    @Test
    void theViewIsToldEachStepAsTheTargetsAreFound() {
        synced();
        slack.user(FakeUser.member("W0000NEW1").name("new1"));
        slack.channel(CHANNEL, List.of(Org.CAROL, Org.MEMBER));
        List<String> said = new ArrayList<>();

        BulkTargets.Result r = targets.resolve(new BulkTargets.Request(List.of("W0000NEW1"), List.of(CHANNEL),
                List.of(), "alice@example.com, nobody@example.com"), said::add);

        assertThat(r.userIds()).containsExactly("W0000NEW1", Org.CAROL, Org.MEMBER, Org.ALICE);
        assertThat(said).containsSubsequence("Reading channel members…", "Finding 2 emails in the directory…",
                "Asking Slack about people the directory doesn't know… 1 of at most 100",
                "Checking 4 people in the directory…",
                "Asking Slack about people the directory doesn't know… 2 of at most 100");
    }

    @Test
    void aLookupThatFailsWithoutARateLimitNamesItsErrorAndStopsNothingElse() {
        synced();
        slack.user(FakeUser.member("W0000NEW1").name("new1"));
        slack.respondInSequence("users.lookupByEmail", FakeResponse.error("fatal_error"));
        slack.respondInSequence("users.info", FakeResponse.error("fatal_error"));

        BulkTargets.Result r = resolve(List.of("W0000NEW1", Org.ALICE), List.of(), List.of(), "nobody@example.com");

        assertThat(r.userIds()).containsExactly(Org.ALICE);
        assertThat(r.excluded()).extracting(Exclusion::subject, Exclusion::code).containsExactly(
                tuple("nobody@example.com", "fatal_error"), tuple("W0000NEW1", "fatal_error"));
        assertThat(r.excluded().get(0).words()).startsWith("This email could not be looked up: ");
        assertThat(r.excluded().get(1).words()).startsWith("Not attempted: ");
    }
}
