package dev.sessionguard.bulk;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.BOT;
import static dev.sessionguard.support.Org.BREAK_GLASS;
import static dev.sessionguard.support.Org.MEMBER;
import static dev.sessionguard.support.Org.OWNER;
import static dev.sessionguard.support.Org.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.edge.StatusModal;
import dev.sessionguard.home.HomeView;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.Directories;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.Press;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.StateValues;
import dev.sessionguard.support.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Incident mode from Slack, through the real app over loopback: the bulk form, the preview, the request in the
 * audit channel with its buttons, the run in chunks of 1,000, cancel, status, and the failures in the thread.
 */
class BulkEndToEndTest extends EndToEnd {

    static final Duration LONG = Duration.ofSeconds(60);
    static final String RESET_BULK = "admin.users.session.resetBulk";

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = TestApp.environment(slack);
        env.put(GuardSettings.PROTECTED_USERS, BREAK_GLASS);
        return env;
    }

    @Test
    void tenThousandPeopleOfAChannelGoOutInTenCallsOnceASecondAdminApproves() {
        List<String> people = members(slack, "C0000BIG", 10_000);

        RecordedCall preview = preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000BIG")));
        assertThat(texts(preview)).contains("10,000").contains("approval").doesNotContain("signed out");
        assertThat(adminCalls()).as("nothing is sent before the preview is submitted").isEmpty();

        submit(ADMIN, preview);
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        assertThat(buttons(request)).contains(BulkJobMessage.APPROVE, BulkJobMessage.DENY);
        String ts = tsOf(request);

        press(ADMIN, request, ts, BulkJobMessage.APPROVE);
        RecordedCall told = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT);
        assertThat(told.param("text")).contains("second admin");
        assertThat(adminCalls()).as("the requester can't approve their own job").isEmpty();
        awaitAuditText(t -> t.contains("own_request"));

        press(OWNER, request, ts, BulkJobMessage.APPROVE);
        List<RecordedCall> calls = slack.awaitCalls(RESET_BULK, 10, LONG);
        RecordedCall finished = awaitUpdate(ts, m -> m.param("text").contains("Finished"));

        assertThat(slack.calls(RESET_BULK)).hasSize(10).allSatisfy(c -> {
            assertThat(c.token()).isEqualTo(TestApp.ADMIN_TOKEN);
            assertThat(c.param("user_ids").split(",")).hasSizeLessThanOrEqualTo(1000);
        });
        Set<String> sent = new HashSet<>();
        calls.forEach(c -> sent.addAll(Arrays.asList(c.param("user_ids").split(","))));
        assertThat(sent).hasSize(10_000).containsAll(people);
        assertThat(blocks(finished)).contains("10,000").contains("<@" + OWNER + ">").contains("queued with Slack")
                .doesNotContain("signed out");
        assertThat(buttons(finished)).isEmpty();
    }

    @Test
    void aDeniedRequestSendsNothingAndItsMessageSaysWhoDenied() {
        members(slack, "C0000MID", 30);
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.DENY));
        String ts = tsOf(request);

        press(OWNER, request, ts, BulkJobMessage.DENY);

        RecordedCall denied = awaitUpdate(ts, m -> m.param("text").contains("Denied"));
        assertThat(blocks(denied)).contains("<@" + OWNER + ">");
        assertThat(buttons(denied)).isEmpty();
        press(OWNER, request, ts, BulkJobMessage.APPROVE); // a stale Approve button after the denial
        slack.awaitCall("chat.postMessage", c -> OWNER.equals(c.param("channel"))
                && c.param("text").contains("denied"), WAIT);
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aNonAdminsPressIsRefusedAndAuditedAndChangesNothing() {
        members(slack, "C0000MID", 30);
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));

        press(MEMBER, request, tsOf(request), BulkJobMessage.APPROVE);

        awaitAuditText(t -> t.contains("refused") && t.contains("not_org_admin"));
        slack.awaitCall("chat.postMessage", c -> MEMBER.equals(c.param("channel")), WAIT);
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aPressFromOutsideTheAuditChannelChangesNothing() {
        members(slack, "C0000MID", 30);
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        JsonObject press = Press.messageButton(OWNER, request, tsOf(request), BulkJobMessage.APPROVE);
        press.getAsJsonObject("channel").addProperty("id", "C0000GEN");

        app.slack().interactivity(press);

        slack.awaitCall("chat.postMessage", c -> OWNER.equals(c.param("channel")), WAIT);
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aPressNamingTheJobFromAnotherMessageOfTheAuditChannelChangesNothingAndIsRecorded() {
        members(slack, "C0000MID", 30);
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        String ts = tsOf(request);
        String otherTs = ts.equals("1700000000.000001") ? "1700000000.000002" : "1700000000.000001";

        press(OWNER, request, otherTs, BulkJobMessage.APPROVE);

        RecordedCall told = slack.awaitCall("chat.postMessage", c -> OWNER.equals(c.param("channel")), WAIT);
        assertThat(told.param("text")).contains("not on bulk job").contains("own message")
                .contains("nothing was changed").contains("recorded in the audit trail");
        awaitAuditText(t -> t.contains("refused") && t.contains("not_its_message"));
        assertThat(adminCalls()).as("nothing is sent for a press on another message").isEmpty();

        press(OWNER, request, ts, BulkJobMessage.APPROVE);
        slack.awaitCall(RESET_BULK, LONG);
        awaitUpdate(ts, m -> m.param("text").contains("Finished"));
    }

    @Test
    void smallJobsRunWithoutApprovalAndLeaveOutUnknownEmailsProtectedAccountsBotsAndThePrimaryOwner() {
        RecordedCall preview = preview(ADMIN, new StateValues()
                .users(BulkModal.PEOPLE_BLOCK, BulkModal.PEOPLE_ACTION, List.of(ALICE, BREAK_GLASS, BOT, PRIMARY))
                .text(BulkModal.PASTED_BLOCK, BulkModal.PASTED_ACTION, "plain_text_input",
                        "bob@example.com\nnobody@example.com, " + ALICE));
        assertThat(texts(preview)).contains("nobody@example.com").contains("<@" + BREAK_GLASS + ">")
                .contains("<@" + BOT + ">").contains("<@" + PRIMARY + ">").contains("No approval");

        submit(ADMIN, preview);

        RecordedCall call = slack.awaitCall(RESET_BULK, WAIT);
        assertThat(call.param("user_ids").split(",")).containsExactlyInAnyOrder(ALICE, BOB);
        RecordedCall request = awaitJobMessage(m -> m.param("text").contains("Finished"));
        assertThat(blocks(request)).contains("2");
        try (Database db = Database.open(new Secret(app.databaseUrl()))) {
            AuditRecord requested = new JdbcAuditStore(db, Clock.systemUTC()).recent(50).stream()
                    .map(AuditStore.StoredRecord::record).filter(r -> r.action().equals(BulkRecords.REQUEST))
                    .findFirst().orElseThrow();
            assertThat(requested.targets()).as("the request record names everyone left out, and why")
                    .extracting(TargetResult::userId, TargetResult::errorCode)
                    .contains(tuple("nobody@example.com", BulkTargets.UNKNOWN_EMAIL),
                            tuple(BREAK_GLASS, ProtectedUsers.ERROR_CODE));
        }
    }

    @Test
    void aRunningJobIsCancelledFromItsMessageAndSaysHowManyWereAlreadyQueued() throws Exception {
        members(slack, "C0000BIG", 3_000);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondCallArrived = new CountDownLatch(1);
        slack.respond(RESET_BULK, c -> {
            if (slack.calls(RESET_BULK).size() == 2) {
                secondCallArrived.countDown();
                await(release);
            }
            return slack.defaultAnswer(c);
        });
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000BIG"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        String ts = tsOf(request);
        press(OWNER, request, ts, BulkJobMessage.APPROVE);
        assertThat(secondCallArrived.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        RecordedCall running = awaitUpdate(ts, m -> buttons(m).contains(BulkJobMessage.CANCEL));

        press(ADMIN, running, ts, BulkJobMessage.CANCEL);
        awaitAuditText(t -> t.toLowerCase(java.util.Locale.ROOT).contains("cancelled by"));
        release.countDown();

        RecordedCall cancelled = awaitUpdate(ts, m -> m.param("text").contains("Cancelled")
                && blocks(m).contains("2,000"));
        assertThat(blocks(cancelled)).contains("<@" + ADMIN + ">").contains("stay sent");
        assertThat(buttons(cancelled)).isEmpty();
        assertThat(slack.calls(RESET_BULK)).as("the chunk in flight lands; no chunk after the cancel").hasSize(2);
    }

    @Test
    void aBreachListUploadedInTheFormIsPreviewedFromTheDirectoryAndItsJobHoldsExactlyThosePeople() {
        List<String> people = members(slack, "C0000UNUSED", 40);
        StringBuilder csv = new StringBuilder("user,EMAIL,notes\n");
        people.forEach(id -> csv.append("x,person").append(id.substring(1)).append("@Example.com,leaked\n"));
        csv.append("x,not-an-email,\n");
        JsonObject file = slack.file("okta-export.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "text/csv");

        RecordedCall preview = preview(ADMIN, new StateValues()
                .files(BulkModal.FILES_BLOCK, BulkModal.FILES_ACTION, List.of(file)));

        assertThat(texts(preview)).contains("40").contains("not-an-email");
        assertThat(slack.calls("users.lookupByEmail")).as("every email is in the directory").isEmpty();
        assertThat(slack.calls("users.info")).as("only the admin gate asks, about the admin")
                .extracting(c -> c.param("user")).containsOnly(ADMIN);
        assertThat(slack.files().requests()).singleElement().satisfies(r ->
                assertThat(r.authorization()).isEqualTo("Bearer " + TestApp.BOT_TOKEN));
        submit(ADMIN, preview);
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        press(OWNER, request, tsOf(request), BulkJobMessage.APPROVE);
        RecordedCall sent = slack.awaitCall(RESET_BULK, WAIT);
        assertThat(sent.param("user_ids").split(",")).containsExactlyInAnyOrderElementsOf(people);
    }

    @Test
    void aFileThatIsNotTextEndsThePreviewWithItsReasonAndStoresNothing() {
        members(slack, "C0000MID", 30);
        JsonObject file = slack.file("dump.csv", new byte[] {'P', 'K', 3, 4, 0, 0}, "text/csv");

        submitForm(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))
                .files(BulkModal.FILES_BLOCK, BulkModal.FILES_ACTION, List.of(file)));

        RecordedCall shown = slack.awaitCall("views.update", c -> texts(c).contains("could not be read"), LONG);
        assertThat(texts(shown)).contains("dump.csv").contains("not text").contains("Nothing was sent");
        assertThat(slack.calls("views.update")).noneMatch(c -> BulkModal.PREVIEW_CALLBACK_ID.equals(
                c.jsonParam("view").get("callback_id").getAsString()));
        assertThat(slack.calls("users.info")).extracting(c -> c.param("user")).containsOnly(ADMIN);
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void peopleSlackDidNotConfirmArePostedInTheJobsThreadAsACsvFile() {
        List<String> people = members(slack, "C0000MID", 30);
        // A whole-chunk error that names no one and halts nothing: each of the 30 gets it as their outcome.
        slack.respond(RESET_BULK, c -> FakeResponse.error("user_session_reset_failed"));
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        String ts = tsOf(request);
        press(OWNER, request, ts, BulkJobMessage.APPROVE);

        Await.until(LONG, () -> !slack.uploads().isEmpty(), "the failures' CSV file");
        var upload = slack.uploads().get(0);
        assertThat(upload.threadTs()).isEqualTo(ts);
        assertThat(upload.channel()).isEqualTo(TestApp.AUDIT_CHANNEL);
        assertThat(upload.content().lines().skip(1)).hasSize(30);
        assertThat(upload.content()).contains(people.get(0)).contains("user_session_reset_failed");
        awaitUpdate(ts, m -> m.param("text").contains("Finished"));
    }

    @Test
    void aJobStoppedByARevokedTokenIsResumedFromItsMessageOnceTheTokenIsFixed() {
        List<String> people = members(slack, "C0000BIG", 2_500);
        slack.respond(RESET_BULK, c -> slack.calls(RESET_BULK).size() == 2 ? FakeResponse.error("token_revoked")
                : slack.defaultAnswer(c));
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000BIG"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        String ts = tsOf(request);
        press(OWNER, request, ts, BulkJobMessage.APPROVE);
        RecordedCall stopped = awaitUpdate(ts, m -> buttons(m).contains(BulkJobMessage.RESUME));
        assertThat(stopped.param("text")).contains("Failed");
        assertThat(slack.calls(RESET_BULK)).hasSize(2);

        press(ADMIN, stopped, ts, BulkJobMessage.RESUME);

        awaitUpdate(ts, m -> m.param("text").contains("Finished"));
        List<Integer> chunks = slack.calls(RESET_BULK).stream()
                .map(c -> people.indexOf(c.param("user_ids").split(",")[0]) / 1000).toList();
        assertThat(chunks).as("the chunk the error stopped is sent again; none before it").containsExactly(0, 1, 1, 2);
        assertThat(slack.calls("chat.postMessage")).anySatisfy(c -> {
            assertThat(c.param("channel")).isEqualTo(ADMIN);
            assertThat(c.param("text")).contains("You resumed bulk job");
        });
    }

    @Test
    void aJobWhoseRequesterIsNoLongerAnAdminWhenItRunsSendsNothingAndItsMessageAndStatusSayWhy() {
        members(slack, "C0000MID", 30);
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        String ts = tsOf(request);
        slack.user(FakeUser.member(ADMIN).name("ada")); // demoted while the request waits

        press(OWNER, request, ts, BulkJobMessage.APPROVE);

        RecordedCall stopped = awaitUpdate(ts, m -> m.param("text").contains("Failed"));
        assertThat(blocks(stopped)).contains("Stopped before chunk 1 of 1: <@" + ADMIN + ">, who requested it, no "
                        + "longer passes the admin check").contains("`not_org_admin`").contains("Nothing was sent.")
                .contains("Resume can't help").doesNotContain("on an error every later chunk would share");
        assertThat(buttons(stopped)).as("Resume would only stop again").isEmpty();
        assertThat(adminCalls()).isEmpty();

        String jobId = Press.messageButton(OWNER, request, ts, BulkJobMessage.APPROVE)
                .getAsJsonArray("actions").get(0).getAsJsonObject().get("value").getAsString();
        app.slack().slashCommand(SlackRequests.command(OWNER, "status " + jobId));
        RecordedCall status = slack.awaitCall("views.update", c -> texts(c).contains(jobId)
                && texts(c).contains("Failed"), WAIT);
        assertThat(texts(status)).contains("no longer passes the admin check").contains("Resume can't help");
    }

    @Test
    void statusShowsAJobAndTheHomeTabOpensTheBulkForm() {
        members(slack, "C0000MID", 30);
        submit(ADMIN, preview(ADMIN, new StateValues()
                .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of("C0000MID"))));
        RecordedCall request = awaitJobMessage(m -> buttons(m).contains(BulkJobMessage.APPROVE));
        String jobId = Press.messageButton(OWNER, request, tsOf(request), BulkJobMessage.APPROVE)
                .getAsJsonArray("actions").get(0).getAsJsonObject().get("value").getAsString();

        int opensBefore = slack.calls("views.open").size();
        app.slack().slashCommand(SlackRequests.command(OWNER, "status " + jobId.toLowerCase()));
        RecordedCall opened = slack.awaitCalls("views.open", opensBefore + 1, WAIT).get(opensBefore);
        RecordedCall status = slack.awaitCall("views.update", c -> texts(c).contains(jobId), WAIT);
        assertThat(texts(status)).contains("approval");
        assertThat(texts(opened)).contains(StatusModal.CHECKING);
        assertThat(opened.jsonParam("view").get("external_id").getAsString())
                .as("the status modal can be filled in by its external id when Slack gives back no view id")
                .startsWith("session-reset-status-");

        app.slack().event(SlackRequests.appHomeOpened(OWNER));
        RecordedCall home = slack.awaitCall("views.publish", c -> OWNER.equals(c.param("user_id")), WAIT);
        assertThat(texts(home)).contains(jobId).contains("Bulk sign-out…");

        app.slack().interactivity(SlackRequests.blockAction(ADMIN, "VHOME", HomeView.ACTIONS_BLOCK,
                HomeView.BULK_ACTION, "bulk"));
        awaitModal(BulkModal.CALLBACK_ID, c -> texts(c).contains("Preview"));
    }

    @Test
    void aNonAdminCantOpenTheBulkForm() {
        app.slack().slashCommand(SlackRequests.command(MEMBER, "bulk"));

        RecordedCall refused = slack.awaitCall("views.update", c -> texts(c).contains("Org Owners"), WAIT);
        assertThat(texts(refused)).doesNotContain("Preview");
        awaitAuditText(t -> t.contains("not_org_admin"));
    }

    // ------------------------------------------------------------------ helpers

    /** Registers a channel of {@code n} members, each a plain org member. */
    static List<String> members(FakeSlack slack, String channel, int n) {
        List<String> ids = IntStream.range(0, n).mapToObj(i -> String.format("W%09d", i)).toList();
        ids.forEach(id -> slack.user(FakeUser.member(id).name("person" + id.substring(1))));
        slack.channel(channel, ids);
        return ids;
    }

    /** Opens the form with the command and submits it with {@code state}, the scope and a reason. */
    private void submitForm(String userId, StateValues state) {
        Directories.sync(app, slack); // the people the test registered, in the directory as a sync would put them
        app.slack().slashCommand(SlackRequests.command(userId, "bulk"));
        RecordedCall form = awaitModal(BulkModal.CALLBACK_ID, c -> texts(c).contains("Preview"));
        state.option(BulkModal.SCOPE_BLOCK, BulkModal.SCOPE_ACTION, "radio_buttons", "all")
                .text(BulkModal.REASON_BLOCK, BulkModal.REASON_ACTION, "plain_text_input", "Okta breach INC-7");
        app.slack().interactivity(SlackRequests.viewSubmission(userId, BulkModal.CALLBACK_ID, form.param("view_id"),
                state.json(), ""));
    }

    /** Opens the form with the command, submits it with {@code state}, and waits for the preview. */
    private RecordedCall preview(String userId, StateValues state) {
        submitForm(userId, state);
        return slack.awaitCall("views.update", c -> BulkModal.PREVIEW_CALLBACK_ID.equals(
                c.jsonParam("view").get("callback_id").getAsString()), LONG);
    }

    private void submit(String userId, RecordedCall preview) {
        JsonObject view = preview.jsonParam("view");
        app.slack().interactivity(SlackRequests.viewSubmission(userId, BulkModal.PREVIEW_CALLBACK_ID,
                preview.param("view_id"), new JsonObject(), view.get("private_metadata").getAsString()));
    }

    private void press(String userId, RecordedCall message, String ts, String actionId) {
        app.slack().interactivity(Press.messageButton(userId, message, ts, actionId));
    }

    /** The job's message in the audit channel, as first posted or as last updated, once it matches. */
    private RecordedCall awaitJobMessage(java.util.function.Predicate<RecordedCall> match) {
        return Await.value(LONG, () -> auditMessages().stream().filter(c -> c.param("text").toLowerCase().contains("bulk sign-out"))
                .filter(match).reduce((a, b) -> b).orElse(null), () -> "the job's message; channel:\n" + auditMessages());
    }

    private RecordedCall awaitUpdate(String ts, java.util.function.Predicate<RecordedCall> match) {
        return Await.value(LONG, () -> slack.calls("chat.update").stream().filter(c -> ts.equals(c.param("ts")))
                .filter(match).reduce((a, b) -> b).orElse(null), () -> "an update of " + ts + ":\n"
                + slack.calls("chat.update").stream().map(c -> c.param("text")).toList());
    }

    private void awaitAuditText(java.util.function.Predicate<String> match) {
        Await.until(WAIT, () -> auditMessages().stream().anyMatch(c -> match.test(c.param("text") + "\n" + blocks(c))),
                () -> "an audit message; channel:\n" + auditMessages().stream().map(c -> c.param("text")).toList());
    }

    private List<RecordedCall> auditMessages() {
        List<RecordedCall> out = new ArrayList<>();
        slack.calls().stream().filter(c -> (c.method().equals("chat.postMessage") || c.method().equals("chat.update"))
                && TestApp.AUDIT_CHANNEL.equals(c.param("channel"))).forEach(out::add);
        return out;
    }

    /**
     * The ts of the job's message (the post's answer, or the update's own ts), once the app has stored where it
     * posted it: a press on the message before then can't be matched to the job, and is refused.
     */
    private String tsOf(RecordedCall message) {
        if (message.method().equals("chat.update")) {
            return message.param("ts");
        }
        String ts = Await.value(WAIT, () -> slack.answerTo(message) == null ? null : JsonParser.parseString(
                slack.answerTo(message).body()).getAsJsonObject().get("ts").getAsString(), () -> "the post's ts");
        Await.until(WAIT, () -> stored(ts), () -> "the delivery of message " + ts + " in the outbox");
        return ts;
    }

    private boolean stored(String ts) {
        try (Connection c = DriverManager.getConnection(app.databaseUrl());
             PreparedStatement s = c.prepareStatement(
                     "SELECT 1 FROM audit_outbox WHERE message_ts = ? AND delivered_at IS NOT NULL")) {
            s.setString(1, ts);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blocks(RecordedCall call) {
        return call.param("blocks") == null ? "" : String.join("\n", BlockKitJson.strings(call.jsonArrayParam("blocks")));
    }

    private static List<String> buttons(RecordedCall call) {
        List<String> ids = new ArrayList<>();
        if (call.param("blocks") == null) {
            return ids;
        }
        call.jsonArrayParam("blocks").forEach(b -> {
            JsonObject block = b.getAsJsonObject();
            if (block.has("elements")) {
                block.getAsJsonArray("elements").forEach(e -> {
                    JsonObject el = e.getAsJsonObject();
                    if (el.has("action_id")) {
                        ids.add(el.get("action_id").getAsString());
                    }
                });
            }
        });
        return ids;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
