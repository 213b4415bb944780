package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.ChannelView;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.support.BlockKitJson;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.signout.ResetScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a bulk job's records are drawn in the audit channel, from the job as the store holds it. */
class BulkChannelViewTest {

    static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

    Database db;
    JdbcBulkJobStore store;
    BulkChannelView view;
    BulkJob job;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.freshSqlite());
        store = new JdbcBulkJobStore(db, Clock.systemUTC());
        view = new BulkChannelView(store, Clock.systemUTC());
        job = store.create("W0000ADMIN", ResetScope.ALL, "incident", people(40), Duration.ofMinutes(30));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyRecordOfAJobRedrawsItsOneMessageFromTheJobAsItIsNow() {
        store.approve(job.id(), "W0000OWNER");
        AuditRecord approve = BulkRecords.decision(AT, BulkRecords.APPROVE, "W0000OWNER",
                store.find(job.id()).orElseThrow(), "approved");

        ChannelView.Drawn drawn = view.draw(stored(approve.closing(1))).orElseThrow();

        assertThat(drawn.placement()).isEqualTo(ChannelView.Placement.REPLACE_REF);
        assertThat(drawn.text()).contains(job.id()).contains("Approved");
        assertThat(String.join("\n", BlockKitJson.strings(BlockKitJson.tree(drawn.blocks())))).contains("<@W0000OWNER>")
                .contains("record #7");
    }

    @Test
    void upToTwentyFailuresAreListedInTheThreadAndMoreGoInACsvFileSafeForSpreadsheets() {
        List<TargetResult> few = failures(20);
        List<TargetResult> many = failures(21);
        many.set(0, new TargetResult("=HYPERLINK(\"x\")", TargetResult.Status.FAILED, "user_not_found", "+boom"));

        ChannelView.Drawn listed = view.draw(stored(BulkRecords.failures(AT, job, few))).orElseThrow();
        ChannelView.Drawn attached = view.draw(stored(BulkRecords.failures(AT, job, many))).orElseThrow();

        assertThat(listed.placement()).isEqualTo(ChannelView.Placement.THREAD_OF_REF);
        assertThat(listed.file()).isNull();
        assertThat(String.join("\n", BlockKitJson.strings(BlockKitJson.tree(listed.blocks())))).contains("<@W000000019>")
                .contains("user_not_found");
        assertThat(attached.placement()).isEqualTo(ChannelView.Placement.THREAD_OF_REF);
        assertThat(attached.file().filename()).isEqualTo("bulk-job-" + job.id() + "-not-confirmed.csv");
        assertThat(attached.file().content().lines()).hasSize(22).first().isEqualTo("user_id,status,error_code,words");
        assertThat(attached.file().content()).contains("'=HYPERLINK").contains("'+boom");
        assertThat(attached.text()).contains("21 people were not confirmed").contains("record #7");
    }

    @Test
    void aRefusalIsAMessageOfItsOwnAndOtherFeaturesRecordsAreLeftToTheDefault() {
        AuditRecord refused = BulkRecords.refused(AT, "W0000MEMBER", job.id(), "approval", "not_org_admin",
                "Only <!channel> admins");
        AuditRecord reset = new AuditRecord(AT, "W0000ADMIN", AuditRecord.SESSION_RESET, AuditRecord.Outcome.SUCCEEDED,
                "All sessions", "r", null, List.of());

        ChannelView.Drawn drawn = view.draw(stored(refused)).orElseThrow();

        assertThat(drawn.placement()).isEqualTo(ChannelView.Placement.NEW_MESSAGE);
        assertThat(String.join("\n", BlockKitJson.strings(BlockKitJson.tree(drawn.blocks())))).contains("&lt;!channel&gt;")
                .doesNotContain("<!channel>");
        assertThat(view.draw(stored(reset))).isEmpty();
    }

    @Test
    void onePersonNotConfirmedReadsInTheSingularAndMissingCodesAreEmptyCells() {
        TargetResult lost = new TargetResult("W000000001", TargetResult.Status.UNKNOWN, null, null);
        List<TargetResult> many = failures(21);
        many.set(3, lost);

        ChannelView.Drawn one = view.draw(stored(BulkRecords.failures(AT, job, List.of(lost)))).orElseThrow();
        ChannelView.Drawn attached = view.draw(stored(BulkRecords.failures(AT, job, many))).orElseThrow();

        assertThat(one.text()).startsWith(":warning: 1 person was not confirmed by Slack: sign them out again to be"
                + " sure. Bulk job " + job.id() + ": 1 people were not confirmed by Slack.");
        assertThat(attached.text()).startsWith(":warning: 21 people were not confirmed by Slack");
        assertThat(attached.file().content().lines()).contains("W000000001,UNKNOWN,,");
    }

    @Test
    void aRecordOfAJobTheStoreNoLongerHasIsLeftToTheDefault() {
        TestJobs gone = TestJobs.awaiting();
        gone.id = "ZZZZZZZZZZ";
        AuditRecord r = BulkRecords.decision(AT, BulkRecords.APPROVE, "W0000OWNER", gone.job(), "approved");

        assertThat(view.draw(stored(r))).isEmpty();
    }

    private static AuditStore.StoredRecord stored(AuditRecord r) {
        return new AuditStore.StoredRecord(7, "0".repeat(64), "ab".repeat(32), r);
    }

    private static List<String> people(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("W%09d", i)).toList();
    }

    private static List<TargetResult> failures(int n) {
        return new java.util.ArrayList<>(people(n).stream()
                .map(id -> new TargetResult(id, TargetResult.Status.FAILED, "user_not_found", "Slack has no such user."))
                .toList());
    }
}
