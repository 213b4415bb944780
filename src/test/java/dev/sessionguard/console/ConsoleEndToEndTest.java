package dev.sessionguard.console;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.MEMBER;
import static dev.sessionguard.support.Org.OWNER;
import static dev.sessionguard.support.SessionListPages.device;
import static dev.sessionguard.support.SessionListPages.session;
import static dev.sessionguard.support.SessionListPages.withRecent;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sessionguard.edge.ModalOnScreen;
import dev.sessionguard.policy.PolicyModal;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SessionListPages;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.StateValues;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The session console end to end: signed HTTP in, the real app, the fake Slack Web API out. */
class ConsoleEndToEndTest extends EndToEnd {

    static final String TEAM_1 = "T0000TEAM1";
    static final String TEAM_2 = "T0000TEAM2";
    static final String ORG = FakeSlack.DEFAULT_ENTERPRISE_ID;
    /** Above 2^53 too: it would not even survive a trip through a double. */
    static final long BIG_ID = 9_007_199_254_740_993L;

    @BeforeEach
    void aliceIsInTwoWorkspaces() {
        slack.user(FakeUser.member(ALICE).name("alice").teams(TEAM_1, TEAM_2));
    }

    // ------------------------------------------------------------------ listing

    @Test
    void listingAsksEveryWorkspaceAndTheOrgFollowsCursorsAndDropsDuplicates() {
        slack.respond("admin.users.session.list", new SessionListPages()
                .page(ALICE, TEAM_1, session(ALICE, TEAM_1, 101), session(ALICE, TEAM_1, 102))
                .page(ALICE, TEAM_1, session(ALICE, TEAM_1, 103))
                .page(ALICE, TEAM_2, session(ALICE, TEAM_2, 103), session(ALICE, TEAM_2, 201))
                .page(ALICE, ORG, session(ALICE, ORG, 301)));

        openConsole(ADMIN, ALICE);

        RecordedCall shown = awaitConsole(v -> true);
        List<RecordedCall> lists = slack.calls("admin.users.session.list");
        assertThat(lists).allSatisfy(c -> {
            assertThat(c.token()).isEqualTo(TestApp.ADMIN_TOKEN);
            assertThat(c.param("user_id")).isEqualTo(ALICE);
        });
        assertThat(lists).extracting(c -> c.param("team_id")).containsExactly(TEAM_1, TEAM_1, TEAM_2, ORG);
        assertThat(lists.get(0).param("cursor")).isNull();
        assertThat(lists.get(1).param("cursor")).isNotBlank();
        assertThat(sessionButtonValues(shown)).containsExactly(
                ALICE + "|" + TEAM_1 + "|101", ALICE + "|" + TEAM_1 + "|102", ALICE + "|" + TEAM_1 + "|103",
                ALICE + "|" + TEAM_2 + "|201", ALICE + "|" + ORG + "|301");
        assertThat(texts(shown)).contains("*5 active sessions* for <@" + ALICE + ">.");
    }

    @Test
    void noActiveSessionsIsAnEmptyListNotAnError() {
        openConsole(ADMIN, ALICE);

        String texts = texts(awaitConsole(v -> true));
        assertThat(texts).contains("*No active sessions* for <@" + ALICE + ">.").doesNotContain(":warning:");
        assertThat(slack.calls("admin.users.session.list")).hasSize(3);
    }

    @Test
    void otherListingErrorsAreShownInWordsBesideWhatWasFound() {
        slack.respond("admin.users.session.list", c -> TEAM_2.equals(c.param("team_id"))
                ? FakeResponse.error("missing_scope")
                : new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 1)).apply(c));

        openConsole(ADMIN, ALICE);

        String texts = texts(awaitConsole(v -> true));
        assertThat(texts).contains("*1 active session*").contains(TEAM_2).contains("admin.users:read");
    }

    @Test
    void aCursorThatRepeatsStopsTheListingWithAWarning() {
        slack.respond("admin.users.session.list", c -> {
            if (!TEAM_1.equals(c.param("team_id"))) {
                return FakeResponse.error("no_active_sessions");
            }
            JsonObject json = new JsonObject();
            JsonArray page = new JsonArray();
            page.add(session(ALICE, TEAM_1, c.param("cursor") == null ? 1 : 2));
            json.add("active_sessions", page);
            JsonObject meta = new JsonObject();
            meta.addProperty("next_cursor", "same-again");
            json.add("response_metadata", meta);
            return FakeResponse.ok(json);
        });

        openConsole(ADMIN, ALICE);

        String texts = texts(awaitConsole(v -> true));
        assertThat(texts).contains("*2 active sessions*").contains("Slack repeated a page of sessions in " + TEAM_1);
        assertThat(slack.calls("admin.users.session.list").stream().filter(c -> TEAM_1.equals(c.param("team_id"))))
                .hasSize(2);
    }

    @Test
    void eachSessionShowsDeviceClientIpWorkspaceAndHighlightsAChangedIp() {
        JsonObject moved = withRecent(session(ALICE, TEAM_1, 7),
                device("MacBookPro18,1", "macOS", "14.5", "4.37.0", "198.51.100.9"));
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, moved));

        openConsole(ADMIN, ALICE);

        String texts = texts(awaitConsole(v -> true));
        assertThat(texts).contains("workspace `" + TEAM_1 + "`").contains("Session `7`")
                .contains("*Created:* MacBookPro18,1 · macOS 14.4 · Slack 4.36.140 · IP 203.0.113.7")
                .contains("*Recent:* MacBookPro18,1 · macOS 14.5 · Slack 4.37.0 · *IP 198.51.100.9*")
                .contains("IP address changed since sign-in");
    }

    @Test
    void longListsArePagedWithNextAndPreviousWithinTheBlockLimit() {
        slack.respond("admin.users.session.list", new SessionListPages().sessions(ALICE, TEAM_1, 1000, 45, 1000));

        openConsole(ADMIN, ALICE);

        RecordedCall first = awaitConsole(v -> true);
        assertThat(first.jsonParam("view").getAsJsonArray("blocks").size()).isLessThanOrEqualTo(100);
        assertThat(sessionButtonValues(first)).hasSize(ConsoleModal.PAGE_SIZE);
        assertThat(texts(first)).contains("Page 1 of 3").contains("Next").doesNotContain("Previous");

        app.slack().interactivity(Press.button(ADMIN, first, ConsoleModal.PAGE_ACTION + "_next"));

        RecordedCall second = awaitConsole(v -> texts(v).contains("Page 2 of 3"));
        assertThat(second.param("view_id")).isEqualTo(first.param("view_id"));
        assertThat(texts(second)).contains("Previous").contains("Next");
        assertThat(sessionButtonValues(second).get(0)).endsWith("|" + (1000 + ConsoleModal.PAGE_SIZE));
    }

    // ------------------------------------------------------------------ signing out one session

    @Test
    void sessionIdAbove32BitsSurvivesToTheInvalidateCallWhichSendsUserIdAsAFormField() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, BIG_ID)));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        assertThat(sessionButtonValues(shown)).containsExactly(ALICE + "|" + TEAM_1 + "|" + BIG_ID);

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall invalidate = slack.awaitCall("admin.users.session.invalidate", WAIT);
        assertThat(invalidate.token()).isEqualTo(TestApp.ADMIN_TOKEN);
        assertThat(invalidate.json()).as("sent as a form, not JSON").isNull();
        assertThat(invalidate.params()).containsEntry("user_id", ALICE)
                .containsEntry("session_id", Long.toString(BIG_ID))
                .containsEntry("team_id", TEAM_1);
    }

    @Test
    void signingOutOneSessionIsAuditedAndTheConsoleRefreshes() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall refreshed = awaitConsole(v -> texts(v).contains("Signed out of session 42"));
        assertThat(refreshed.param("view_id")).isEqualTo(shown.param("view_id"));
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + ADMIN + ">").contains("single-session sign-out")
                .contains("Succeeded").contains("Session 42 in " + TEAM_1);
        assertThat(blocks(audit)).contains("<@" + ALICE + ">");
    }

    @Test
    void sessionAlreadyGoneReadsAsAlreadyGoneNotAsAFailure() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        slack.respond("admin.users.session.invalidate", c -> FakeResponse.error("session_not_found"));
        openConsole(ADMIN, ALICE);

        app.slack().interactivity(Press.button(ADMIN, awaitConsole(v -> true), ConsoleModal.INVALIDATE_ACTION));

        RecordedCall refreshed = awaitConsole(v -> texts(v).contains("already gone"));
        assertThat(texts(refreshed)).contains(":white_check_mark:").doesNotContain(":x:");
        assertThat(awaitAudit().param("text")).contains("Succeeded").doesNotContain("Failed");
    }

    @Test
    void goneAfterARetryIsReportedAsMostLikelySignedOutByTheFirstAttempt() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        slack.respondInSequence("admin.users.session.invalidate", FakeResponse.error("internal_error"),
                FakeResponse.error("session_not_found"));
        openConsole(ADMIN, ALICE);

        app.slack().interactivity(Press.button(ADMIN, awaitConsole(v -> true), ConsoleModal.INVALIDATE_ACTION));

        assertThat(texts(awaitConsole(v -> texts(v).contains("after a retry")))).contains("first attempt")
                .doesNotContain("already gone");
        assertThat(slack.calls("admin.users.session.invalidate")).hasSize(2);
    }

    @Test
    void otherInvalidateErrorsAreFailuresInPlainWords() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        slack.respond("admin.users.session.invalidate", c -> FakeResponse.error("not_an_admin"));
        openConsole(ADMIN, ALICE);

        app.slack().interactivity(Press.button(ADMIN, awaitConsole(v -> true), ConsoleModal.INVALIDATE_ACTION));

        assertThat(texts(awaitConsole(v -> texts(v).contains(":x:")))).contains("Reinstall the app org-wide");
        assertThat(awaitAudit().param("text")).contains("Failed");
    }

    // ------------------------------------------------------------------ only what the console showed

    @Test
    void aSignOutPressNamingAnotherPersonsSessionIsRefusedAuditedAndNeverSentToSlack() {
        slack.respond("admin.users.session.list", new SessionListPages()
                .page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42))
                .page(BOB, TEAM_1, session(BOB, TEAM_1, 77)));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);

        ListAppender<ILoggingEvent> logs = capture(ConsoleService.class);
        try {
            // Alice's console, with a button value edited to name Bob's session, which no console ever listed.
            app.slack().interactivity(forged(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION),
                    BOB + "|" + TEAM_1 + "|77"));

            assertRefusedAsNotListed(shown, "77");
            assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement().satisfies(e -> {
                assertThat(e.getFormattedMessage()).contains("not listed to this admin").contains(BOB);
                assertThat(e.getThrowableProxy()).isNull();
            });
        } finally {
            release(ConsoleService.class, logs);
        }
    }

    @Test
    void aSignOutPressWithASessionIdTheConsoleNeverListedIsRefusedAndAudited() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);

        app.slack().interactivity(forged(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION),
                ALICE + "|" + TEAM_1 + "|" + BIG_ID));

        assertRefusedAsNotListed(shown, Long.toString(BIG_ID));
    }

    @Test
    void anAdminPressingASignOutButtonListedOnlyToAnotherAdminIsRefusedAndAudited() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        openConsole(ADMIN, ALICE);
        RecordedCall shownToAda = awaitConsole(v -> true);

        // Olga is an org owner, so the admin gate lets her through; but the console listed session 42 to Ada only.
        app.slack().interactivity(Press.button(OWNER, shownToAda, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + OWNER + ">").contains("single-session sign-out refused");
        assertThat(blocks(audit)).contains("not listed to this admin");
        assertThat(slack.calls("admin.users.session.invalidate")).isEmpty();
    }

    @Test
    void aSessionListedBeforeARestartCanStillBeSignedOutAfterIt() throws Exception {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, BIG_ID)));
        var env = TestApp.environment(slack);
        app.close();
        app = TestApp.start(env);
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);

        app.close();
        app = TestApp.start(env); // the same database file
        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall invalidate = slack.awaitCall("admin.users.session.invalidate", WAIT);
        assertThat(invalidate.params()).containsEntry("user_id", ALICE).containsEntry("session_id", Long.toString(BIG_ID));
        assertThat(awaitAudit().param("text")).contains("single-session sign-out").contains("Succeeded");
    }

    @Test
    void anotherAdminPressingRefreshOnAConsoleNeverShownToThemIsIgnored() {
        ListAppender<ILoggingEvent> logs = capture(ConsoleListeners.class);
        try {
            openConsole(ADMIN, ALICE);
            RecordedCall shownToAda = awaitConsole(v -> true);
            slack.reset();

            app.slack().interactivity(Press.button(OWNER, shownToAda, ConsoleModal.REFRESH_ACTION));

            Await.until(WAIT, () -> warned(logs, "was not shown"), "a warning that the console was not shown");
            assertThat(adminCalls()).isEmpty();
            assertThat(slack.calls("views.update")).isEmpty();
        } finally {
            release(ConsoleListeners.class, logs);
        }
    }

    @Test
    void signOutEverywhereForAPersonWhoseConsoleWasNotShownIsIgnored() {
        ListAppender<ILoggingEvent> logs = capture(ConsoleListeners.class);
        try {
            openConsole(ADMIN, ALICE);
            RecordedCall shown = awaitConsole(v -> true);
            slack.reset();
            JsonObject press = Press.button(ADMIN, shown, ConsoleModal.RESET_ALL_ACTION);
            press.getAsJsonObject("view").addProperty("private_metadata", new ConsoleModal.Position(BOB, 0).encode());

            app.slack().interactivity(press);

            Await.until(WAIT, () -> warned(logs, "was not shown"), "a warning that the console was not shown");
            assertThat(slack.calls("views.push")).isEmpty();
            assertThat(slack.calls("views.open")).isEmpty();
        } finally {
            release(ConsoleListeners.class, logs);
        }
    }

    // ------------------------------------------------------------------ the admin gate

    @Test
    void nonAdminOpeningTheConsoleIsRefusedAndAudited() {
        openConsole(MEMBER, ALICE);

        RecordedCall refusal = slack.awaitCall("views.update", c -> texts(c).contains("Only Org Owners"), WAIT);
        assertThat(refusal.jsonParam("view").get("callback_id").getAsString()).isNotEqualTo(ConsoleModal.CALLBACK_ID);
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + MEMBER + ">").contains("session console refused");
        assertThat(blocks(audit)).contains("not_org_admin").contains("<@" + ALICE + ">");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void nonAdminPressingAConsoleSignOutButtonIsRefusedAndAudited() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        slack.reset();

        // The same console, pressed by someone who is not (or no longer) an org admin.
        app.slack().interactivity(Press.button(MEMBER, shown, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall refusal = slack.awaitCall("views.update", c -> texts(c).contains("Only Org Owners"), WAIT);
        assertThat(refusal.param("view_id")).isEqualTo(shown.param("view_id"));
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + MEMBER + ">").contains("single-session sign-out refused");
        assertThat(blocks(audit)).contains("not_org_admin");
        assertThat(slack.calls("admin.users.session.invalidate")).isEmpty();
    }

    @Test
    void nonAdminPressingNextIsRefusedAndAudited() {
        slack.respond("admin.users.session.list", new SessionListPages().sessions(ALICE, TEAM_1, 1, 30, 1000));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        slack.reset();

        app.slack().interactivity(Press.button(MEMBER, shown, ConsoleModal.PAGE_ACTION + "_next"));

        slack.awaitCall("views.update", c -> texts(c).contains("Only Org Owners"), WAIT);
        assertThat(awaitAudit().param("text")).contains("session console refused");
        assertThat(adminCalls()).isEmpty();
    }

    // ------------------------------------------------------------------ ways in and out

    @Test
    void signOutEverywhereOpensTheCoreResetFormForThatPersonAndItsSubmissionResets() {
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.RESET_ALL_ACTION));

        assertThat(slack.awaitCall("views.push", WAIT).param("view")).contains("Checking");
        JsonObject form = awaitModal(ResetModal.CALLBACK_ID).jsonParam("view");
        assertThat(usersInitial(form)).isEqualTo("[\"" + ALICE + "\"]");

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "stolen laptop"));

        assertThat(slack.awaitCall("admin.users.session.reset", WAIT).param("user_id")).isEqualTo(ALICE);
    }

    @Test
    void resetFormLeadsToTheConsoleOfThePersonChosenThere() {
        app.slack().slashCommand(SlackRequests.command(ADMIN, "<@" + ALICE + ">"));
        RecordedCall form = slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);

        app.slack().interactivity(Press.withState(Press.button(ADMIN, form, ResetModal.CONSOLE_ACTION),
                ResetPayloads.state(List.of(ALICE), "all", "")));

        slack.awaitCall("views.push", WAIT);
        assertThat(texts(awaitConsole(v -> true))).contains("<@" + ALICE + ">");
    }

    @Test
    void withoutOnePersonChosenThePickerLeadsToTheConsole() {
        app.slack().interactivity(SlackRequests.globalShortcut(ADMIN, "session_reset_global"));
        RecordedCall form = slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);

        app.slack().interactivity(Press.button(ADMIN, form, ResetModal.CONSOLE_ACTION));

        RecordedCall picker = awaitModal(ConsoleModal.PICK_CALLBACK_ID);
        assertThat(picker.param("view")).contains("users_select");
        JsonObject state = new StateValues().user(ConsoleModal.PICK_BLOCK, ConsoleModal.PICK_BLOCK, ALICE).json();

        HttpResponse<String> ack = app.slack().interactivity(
                SlackRequests.viewSubmission(ADMIN, ConsoleModal.PICK_CALLBACK_ID, "V0000PICK", state, ""));

        assertThat(ack.body()).contains("\"response_action\":\"update\"");
        RecordedCall console = awaitConsole(v -> true);
        assertThat(console.param("view_id")).isEqualTo("V0000PICK");
        assertThat(texts(console)).contains("<@" + ALICE + ">");
    }

    @Test
    void sessionsWithoutAPersonOpensThePicker() {
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, "sessions"));

        assertThat(ack.body()).isEmpty();
        awaitModal(ConsoleModal.PICK_CALLBACK_ID);
        assertThat(adminCalls()).isEmpty();
    }

    // ------------------------------------------------------------------ Slack's limits and failures

    @Test
    void withSlacksStackOfModalsFullTheConsoleTakesThePlaceOfTheResetForm() {
        app.slack().slashCommand(SlackRequests.command(ADMIN, "<@" + ALICE + ">"));
        RecordedCall form = slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);
        slack.respond("views.push", c -> FakeResponse.error("push_limit_reached"));

        app.slack().interactivity(Press.withState(Press.button(ADMIN, form, ResetModal.CONSOLE_ACTION),
                ResetPayloads.state(List.of(ALICE), "all", "")));

        RecordedCall console = awaitConsole(v -> true);
        assertThat(console.param("view_id")).isEqualTo(form.param("view_id"));
        assertThat(texts(console)).contains("<@" + ALICE + ">");
    }

    @Test
    void withSlacksStackOfModalsFullSignOutEverywhereShowsTheResetFormInPlaceOfTheConsole() {
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        slack.respond("views.push", c -> FakeResponse.error("push_limit_reached"));

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.RESET_ALL_ACTION));

        RecordedCall form = awaitModal(ResetModal.CALLBACK_ID);
        assertThat(form.param("view_id")).isEqualTo(shown.param("view_id"));
        assertThat(usersInitial(form.jsonParam("view"))).isEqualTo("[\"" + ALICE + "\"]");
    }

    @Test
    void withSlacksStackOfModalsFullTheSessionPolicyFormTakesThePlaceOfTheConsole() {
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        slack.respond("views.push", c -> FakeResponse.error("push_limit_reached"));

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.POLICY_ACTION));

        assertThat(awaitModal(PolicyModal.CALLBACK_ID).param("view_id")).isEqualTo(shown.param("view_id"));
    }

    @Test
    void signOutResultGoesToADirectMessageWhenTheConsoleCannotBeUpdated() {
        slack.respond("admin.users.session.list", new SessionListPages().page(ALICE, TEAM_1, session(ALICE, TEAM_1, 42)));
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        slack.reset();
        // The "signing out…" placeholder still shows; then the admin closes the modal before the result.
        slack.respondInSequence("views.update", FakeResponse.ok(), FakeResponse.error("not_found"));

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.INVALIDATE_ACTION));

        RecordedCall dm = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT);
        assertThat(dm.param("text")).contains("Signed out of session 42").contains("<@" + ALICE + ">");
        List<RecordedCall> updates = slack.calls("views.update");
        assertThat(updates).hasSize(2).allSatisfy(u -> assertThat(u.param("view_id")).isEqualTo(shown.param("view_id")));
        assertThat(texts(updates.get(0))).contains("signing out session 42");
        assertThat(updates.get(1).jsonParam("view").get("callback_id").getAsString()).isEqualTo(ConsoleModal.CALLBACK_ID);
    }

    @Test
    void anUnexpectedFailureWhileOpeningShowsAnErrorInsteadOfCheckingForever() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ModalOnScreen.class);
        logger.addAppender(logs);
        try {
            slack.respond("admin.users.session.list", c -> answerWithANullSession());

            openConsole(ADMIN, ALICE);

            RecordedCall failed = slack.awaitCall("views.update", c -> texts(c).contains("Something went wrong"), WAIT);
            assertThat(texts(failed)).contains("nothing more was done").contains("Session Guard's log")
                    .doesNotContain(":white_check_mark:");
            assertThat(slack.calls("views.update")).noneMatch(c -> texts(c).contains("active session"));
            assertThat(logs.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("NullPointerException");
            });
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void anUnexpectedFailureOnRefreshShowsAnErrorInTheSameConsole() {
        openConsole(ADMIN, ALICE);
        RecordedCall shown = awaitConsole(v -> true);
        slack.respond("admin.users.session.list", c -> answerWithANullSession());

        app.slack().interactivity(Press.button(ADMIN, shown, ConsoleModal.REFRESH_ACTION));

        RecordedCall failed = slack.awaitCall("views.update", c -> texts(c).contains("Something went wrong"), WAIT);
        assertThat(failed.param("view_id")).isEqualTo(shown.param("view_id"));
    }

    // ------------------------------------------------------------------ helpers

    /** What the admin is shown and what the audit trail records when a button did not match the console. */
    private void assertRefusedAsNotListed(RecordedCall shown, String sessionId) {
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("<@" + ADMIN + ">").contains("single-session sign-out refused");
        assertThat(blocks(audit)).contains("not listed to this admin").contains(sessionId);
        RecordedCall told = slack.awaitCall("views.update", c -> texts(c).contains("did not match"), WAIT);
        assertThat(told.param("view_id")).isEqualTo(shown.param("view_id"));
        assertThat(texts(told)).contains("Nothing was done");
        assertThat(slack.calls("admin.users.session.invalidate")).isEmpty();
    }

    /** A press of a real button whose value was edited on the way, as a forger would send it. */
    private static JsonObject forged(JsonObject press, String value) {
        press.getAsJsonArray("actions").get(0).getAsJsonObject().addProperty("value", value);
        return press;
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> source) {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(source)).addAppender(logs);
        return logs;
    }

    private static void release(Class<?> source, ListAppender<ILoggingEvent> logs) {
        ((Logger) LoggerFactory.getLogger(source)).detachAppender(logs);
    }

    private static boolean warned(ListAppender<ILoggingEvent> logs, String words) {
        return List.copyOf(logs.list).stream()
                .anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(words));
    }


    private void openConsole(String invoker, String person) {
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(invoker, "sessions <@" + person + "|x>"));
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).isEmpty();
        assertThat(slack.awaitCall("views.open", WAIT).param("view")).contains("Checking");
    }

    private RecordedCall awaitConsole(Predicate<RecordedCall> match) {
        return awaitModal(ConsoleModal.CALLBACK_ID, match);
    }

    /**
     * A listing the SDK parses without complaint but Session Guard's code does not expect: a real way to make
     * an after-ack task throw. (Malformed JSON does not: SlackCalls turns it into an error code.)
     */
    private static FakeResponse answerWithANullSession() {
        return FakeResponse.httpStatus(200, "{\"ok\":true,\"active_sessions\":[null]}");
    }

    private static String blocks(RecordedCall call) {
        return call.jsonArrayParam("blocks").toString();
    }

    private static List<String> sessionButtonValues(RecordedCall call) {
        List<String> values = new java.util.ArrayList<>();
        JsonArray blocks = call.jsonParam("view").getAsJsonArray("blocks");
        blocks.forEach(b -> {
            JsonObject accessory = b.getAsJsonObject().getAsJsonObject("accessory");
            if (accessory != null && ConsoleModal.INVALIDATE_ACTION.equals(accessory.get("action_id").getAsString())) {
                values.add(accessory.get("value").getAsString());
            }
        });
        return values;
    }

    private static String usersInitial(JsonObject form) {
        for (var b : form.getAsJsonArray("blocks")) {
            JsonObject block = b.getAsJsonObject();
            if (block.has("element") && "multi_users_select".equals(block.getAsJsonObject("element").get("type").getAsString())) {
                return block.getAsJsonObject("element").getAsJsonArray("initial_users").toString();
            }
        }
        throw new AssertionError("no multi_users_select in " + form);
    }
}
