package dev.sessionguard.audit;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.slack.api.Slack;
import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.audit.ChannelView.CsvFile;
import dev.sessionguard.audit.ChannelView.Drawn;
import dev.sessionguard.audit.ChannelView.Placement;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUpload;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A feature's own drawing of its records, and where it lands (in place of ref's message, in its thread, as a file),
 * against a real SQLite store and the loopback fake Slack. The clock is moved by hand.
 */
class ChannelViewDeliveryTest {

    FakeSlack slack;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    Database db;
    JdbcAuditStore store;
    AuditPoster poster;
    AuditOutbox outbox;

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        db = Database.open(TestDatabases.freshSqlite());
        store = new JdbcAuditStore(db, clock);
        drawWith(List.of());
    }

    /** The poster and its outbox as the app wires them, with {@code views} as the features' views. */
    private void drawWith(List<ChannelView> views) {
        poster = new AuditPoster(Slack.getInstance(slack.slackConfig()).methods(),
                Tokens.fixed(new Secret(TestApp.BOT_TOKEN), new Secret("xoxp-never-for-audit")), TestApp.AUDIT_CHANNEL,
                SlackCalls.withDefaults().withoutRetries(), views);
        outbox = new AuditOutbox(store, poster, clock);
    }

    private void drawWith(ChannelView view) {
        drawWith(List.of(view));
    }

    @AfterEach
    void stop() {
        db.close();
        slack.close();
    }

    @Test
    void aRegisteredViewsBlocksReplaceItsRefsMessageInPlace() {
        drawWith(closing(Placement.REPLACE_REF));
        AuditStore.Begun.Started begun = (AuditStore.Begun.Started) store.begin(AuditOutboxTest.intent(), 1, 20);
        outbox.deliverDue();
        AuditStore.StoredRecord closed = store.finish(begun.record().seq(), AuditOutboxTest.record(2));
        outbox.deliverDue();

        RecordedCall update = slack.calls("chat.update").get(0);
        assertThat(update.param("ts")).isEqualTo(tsOf(slack.calls("chat.postMessage").get(0)));
        assertThat(update.param("text")).isEqualTo("Drawn: " + AuditPoster.chainRef(closed));
        assertThat(update.jsonArrayParam("blocks").toString())
                .contains("drawn by the feature").contains(AuditPoster.chainRef(closed));
        assertThat(slack.calls("chat.postMessage")).as("one message for the action").hasSize(1);
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aThreadedRecordWaitsForItsRefsMessageThenRepliesInItsThread() {
        drawWith(closing(Placement.THREAD_OF_REF));
        store.append(AuditOutboxTest.record(1));
        AuditStore.StoredRecord reply = store.append(AuditOutboxTest.record(2).closing(1));
        store.claimDue("another-instance", 1, AuditOutbox.LEASE); // record #1 is being posted elsewhere

        outbox.deliverDue();
        assertThat(slack.calls()).as("nothing to reply under yet").isEmpty();
        clock.advance(AuditOutbox.LEASE.plusSeconds(1)); // the other instance died: its claim runs out
        outbox.deliverDue();

        List<RecordedCall> posts = slack.succeeded("chat.postMessage");
        assertThat(posts).hasSize(2);
        String parentTs = tsOf(posts.get(0));
        assertThat(posts.get(0).param("thread_ts")).isNull();
        assertThat(posts.get(1).param("thread_ts")).isEqualTo(parentTs);
        assertThat(posts.get(1).param("reply_broadcast")).as("the SDK sends booleans as 0 or 1").isEqualTo("0");
        assertThat(posts.get(1).param("channel")).isEqualTo(TestApp.AUDIT_CHANNEL);
        assertThat(posts.get(1).param("text")).contains(AuditPoster.chainRef(reply));
        assertThat(store.delivery(reply.seq())).get().extracting(AuditStore.Delivered::messageTs)
                .as("the reply's own message").isEqualTo(tsOf(posts.get(1))).isNotEqualTo(parentTs);
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aCsvFileLandsInItsRefsThreadWithItsContentFilenameAndTheDrawnTextAsItsComment() {
        String csv = "user_id,outcome\nW0000ALICE,signed out\nW0000BOB,\"refused, primary owner\"\n";
        drawWith(s -> s.record().ref() == null ? Optional.empty() : Optional.of(new Drawn(
                "Job 7 finished · " + AuditPoster.chainRef(s), List.of(), Placement.THREAD_OF_REF,
                new CsvFile("job-7.csv", "Job 7: everyone signed out", csv))));
        store.append(AuditOutboxTest.record(1));
        AuditStore.StoredRecord withFile = store.append(AuditOutboxTest.record(2).closing(1));

        outbox.deliverDue();

        String parentTs = tsOf(slack.calls("chat.postMessage").get(0));
        assertThat(slack.uploads()).hasSize(1);
        FakeUpload upload = slack.uploads().get(0);
        assertThat(upload.content()).isEqualTo(csv);
        assertThat(upload.filename()).isEqualTo("job-7.csv");
        assertThat(upload.title()).isEqualTo("Job 7: everyone signed out");
        assertThat(upload.channel()).isEqualTo(TestApp.AUDIT_CHANNEL);
        assertThat(upload.threadTs()).isEqualTo(parentTs);
        assertThat(upload.initialComment()).isEqualTo("Job 7 finished · " + AuditPoster.chainRef(withFile));
        assertThat(slack.calls("chat.postMessage")).as("the file is the reply").hasSize(1);
        assertThat(slack.calls()).extracting(RecordedCall::token).containsOnly(TestApp.BOT_TOKEN);
        assertThat(store.delivery(withFile.seq())).get().extracting(AuditStore.Delivered::messageTs)
                .as("Slack named no message for the share: the thread's").isEqualTo(parentTs);
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aViewThatDrawsNothingLeavesTheDefaultMessage() {
        drawWith(s -> Optional.empty());
        AuditStore.Begun.Started begun = (AuditStore.Begun.Started) store.begin(AuditOutboxTest.intent(), 1, 20);
        store.finish(begun.record().seq(), AuditOutboxTest.record(2));

        outbox.deliverDue();

        RecordedCall update = slack.calls("chat.update").get(0);
        assertThat(update.param("text")).isEqualTo(AuditMessage.text(store.recent(1).get(0).record()));
        assertThat(update.jsonArrayParam("blocks").toString()).contains("record #2");
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aViewThatThrowsIsLoggedByNameAndTheRecordIsDeliveredOnceTheDefaultWay() {
        drawWith(new ThrowingView());
        AuditStore.StoredRecord stored = store.append(AuditOutboxTest.record(1));

        try (CapturedLogs logs = CapturedLogs.start()) {
            outbox.deliverDue();
            outbox.deliverDue();

            assertThat(logs.from(AuditPoster.class, Level.ERROR)).singleElement().satisfies(e -> assertThat(
                    e.getFormattedMessage()).contains(ThrowingView.class.getName()).contains("#" + stored.seq())
                    .contains(IllegalStateException.class.getName()).doesNotContain("incident"));
            assertThat(logs.withStackTraces()).isEmpty();
        }
        assertThat(slack.succeeded("chat.postMessage")).singleElement().satisfies(p ->
                assertThat(p.param("text")).isEqualTo(AuditMessage.text(stored.record())));
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aRateLimitedThreadReplyHoldsBackLaterRecordsAndIsRetriedAfterRetryAfter() {
        drawWith(closing(Placement.THREAD_OF_REF));
        AtomicInteger replies = new AtomicInteger();
        slack.respond("chat.postMessage", c -> c.param("thread_ts") != null && replies.getAndIncrement() == 0
                ? FakeResponse.ratelimited(30) : slack.defaultAnswer(c));
        store.append(AuditOutboxTest.record(1));
        store.append(AuditOutboxTest.record(2).closing(1));
        store.append(AuditOutboxTest.record(3));

        outbox.deliverDue();
        clock.advance(Duration.ofSeconds(29));
        outbox.deliverDue();
        assertThat(slack.calls("chat.postMessage")).as("#3 waits behind the reply").hasSize(2);
        clock.advance(Duration.ofSeconds(2));
        outbox.deliverDue();
        outbox.deliverDue();

        assertThat(slack.succeeded("chat.postMessage")).extracting(ChannelViewDeliveryTest::recordNumber)
                .as("each once, in the chain's order").containsExactly(1L, 2L, 3L);
        assertThat(slack.succeeded("chat.postMessage").get(1).param("thread_ts"))
                .isEqualTo(tsOf(slack.succeeded("chat.postMessage").get(0)));
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aNewMessageWithARefIsPostedOnItsOwnAndLeavesRefsMessageAlone() {
        drawWith(closing(Placement.NEW_MESSAGE));
        AuditStore.Begun.Started begun = (AuditStore.Begun.Started) store.begin(AuditOutboxTest.intent(), 1, 20);
        store.finish(begun.record().seq(), AuditOutboxTest.record(2));

        outbox.deliverDue();

        assertThat(slack.calls("chat.update")).isEmpty();
        assertThat(slack.succeeded("chat.postMessage")).extracting(ChannelViewDeliveryTest::recordNumber)
                .containsExactly(1L, 2L);
        assertThat(slack.calls("chat.postMessage").get(1).param("thread_ts")).isNull();
    }

    @Test
    void aReplyWhoseThreadIsGoneIsPostedAsAMessageOfItsOwn() {
        drawWith(closing(Placement.THREAD_OF_REF));
        slack.respond("chat.postMessage", c -> c.param("thread_ts") != null
                ? FakeResponse.error("thread_not_found") : slack.defaultAnswer(c));
        store.append(AuditOutboxTest.record(1));
        store.append(AuditOutboxTest.record(2).closing(1));

        outbox.deliverDue();

        assertThat(slack.succeeded("chat.postMessage")).extracting(ChannelViewDeliveryTest::recordNumber)
                .containsExactly(1L, 2L);
        assertThat(store.backlog()).isZero();
    }

    @Test
    void aDrawingPastFiftyBlocksIsCutToFortyNineAndAPointerToTheStore() {
        List<LayoutBlock> sixty = IntStream.rangeClosed(1, 60)
                .<LayoutBlock>mapToObj(i -> section(s -> s.text(markdownText("line " + i)))).toList();
        drawWith(s -> Optional.of(new Drawn("Sixty lines", sixty, Placement.NEW_MESSAGE)));
        store.append(AuditOutboxTest.record(1));

        outbox.deliverDue();

        var blocks = slack.calls("chat.postMessage").get(0).jsonArrayParam("blocks");
        assertThat(blocks).hasSize(50);
        assertThat(blocks.get(48).toString()).contains("line 49");
        assertThat(blocks.get(49).getAsJsonObject().get("type").getAsString()).isEqualTo("context");
        assertThat(blocks.get(49).toString()).contains("audit store");
    }

    @Test
    void aDrawingSlackRefusesIsShownTheDefaultWayInTheSamePass() {
        drawWith(closing(Placement.REPLACE_REF));
        slack.respondInSequence("chat.update", FakeResponse.error("invalid_blocks"));
        AuditStore.Begun.Started begun = (AuditStore.Begun.Started) store.begin(AuditOutboxTest.intent(), 1, 20);
        store.finish(begun.record().seq(), AuditOutboxTest.record(2));

        outbox.deliverDue();

        assertThat(slack.calls("chat.update")).hasSize(2);
        assertThat(slack.succeeded("chat.update")).singleElement().satisfies(u -> assertThat(u.param("text"))
                .isEqualTo(AuditMessage.text(store.recent(1).get(0).record())));
        assertThat(store.backlog()).isZero();
    }

    /** Draws every record with a ref (and only those), at {@code placement}. */
    private static ChannelView closing(Placement placement) {
        return s -> s.record().ref() == null ? Optional.empty() : Optional.of(new Drawn(
                "Drawn: " + AuditPoster.chainRef(s),
                List.of(section(sec -> sec.text(markdownText("*drawn by the feature*"))),
                        context(c -> c.elements(List.of(markdownText(AuditPoster.chainRef(s)))))),
                placement));
    }

    /** A view with a bug whose exception quotes the record. */
    static final class ThrowingView implements ChannelView {
        @Override
        public Optional<Drawn> draw(AuditStore.StoredRecord stored) {
            throw new IllegalStateException("can't draw " + stored.record().reason());
        }
    }

    private String tsOf(RecordedCall post) {
        return slack.answerTo(post) == null ? null
                : com.google.gson.JsonParser.parseString(slack.answerTo(post).body()).getAsJsonObject().get("ts")
                        .getAsString();
    }

    /** The record a post carries, by the "record #N" in its text or blocks. */
    private static long recordNumber(RecordedCall post) {
        var m = AuditOutboxTest.RECORD_REF.matcher(post.param("text") + " " + post.param("blocks"));
        return m.find() ? Long.parseLong(m.group(1)) : -1L;
    }
}
