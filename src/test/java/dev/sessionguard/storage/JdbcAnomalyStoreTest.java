package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.AuditStore.StoredRecord;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.AuditLogEntry;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.TestDatabases;
import dev.sessionguard.threat.AnomalyCard;
import dev.sessionguard.threat.AnomalyCard.Handled;
import dev.sessionguard.threat.AnomalyCard.Kind;
import dev.sessionguard.threat.AnomalyCard.Sighting;
import dev.sessionguard.threat.AnomalyStore.Filed;
import dev.sessionguard.threat.AnomalyStore.Filing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Threat response's store on a real SQLite file; {@link PostgresAnomalyStoreTest} runs the same on PostgreSQL. The
 * filing functions here stand in for {@code ThreatService}'s: a new card for a first entry, one more on a joined one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcAnomalyStoreTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration GROUPING = Duration.ofMinutes(15);
    static final String ALICE = "W0000ALICE";
    static final String CAROL = "W0000CAROL";
    static final String BOB = "W0000BOB";
    static final String HOSTILE = "<!channel> ' OR 1=1; -- \u202e`x`";

    MutableClock clock;
    Secret url;
    Database db;
    JdbcAuditStore audit;
    JdbcAnomalyStore store;
    /** The audit chain's head as the migration left it. */
    private long firstSeq;
    private String firstHash;

    /** A URL for a fresh, empty database. */
    Secret freshDatabase() {
        return TestDatabases.freshSqlite();
    }

    /** One database a class: migrating one per test would cost about a second each on PostgreSQL. */
    @BeforeAll
    void open() throws SQLException {
        url = freshDatabase();
        db = Database.open(url);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_chain_head WHERE id = 1")) {
            rs.next();
            firstSeq = rs.getLong(1);
            firstHash = rs.getString(2);
        }
    }

    /** Each test starts from the migrated state: no filings, no watermark or lease, an empty audit chain. */
    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("anomaly_entry", "anomaly_card", "anomaly_auto", "audit_outbox", "audit_action",
                    "audit_record")) {
                s.executeUpdate("DELETE FROM " + table);
            }
            s.executeUpdate("UPDATE anomaly_watch SET watermark_s = NULL, lease_holder = NULL, lease_until_ms = NULL");
        }
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
            s.setLong(1, firstSeq);
            s.setString(2, firstHash);
            s.executeUpdate();
        }
        clock = new MutableClock(T0);
        audit = new JdbcAuditStore(db, clock);
        store = new JdbcAnomalyStore(db, audit, clock);
    }

    @AfterAll
    void close() {
        db.close();
    }

    static AuditLogEntry entry(String id, String user, Instant at, String... reasons) {
        return new AuditLogEntry(id, at, AuditLogEntry.ANOMALY, user, "E0000ORG1", List.of(reasons), "203.0.113.7",
                "Firefox/124.0 " + id, "Lisbon, Portugal", "88" + id.length(), "198.51.100.4", "Slack/4.36");
    }

    static Sighting sighting(AuditLogEntry e) {
        return new Sighting(e.id(), e.at(), e.ipAddress(), e.userAgent(), e.location(), e.sessionId(),
                e.previousIpAddress(), e.previousUserAgent());
    }

    /** A card id as ThreatService makes them: 12 characters of [0-9A-Z], the same for the same entry. */
    static String cardIdOf(AuditLogEntry e) {
        String digits = Integer.toUnsignedString(e.id().hashCode(), 36).toUpperCase();
        return ("K" + digits + "00000000000").substring(0, 12);
    }

    static AuditRecord detected(AnomalyCard card, AuditLogEntry e, boolean newCard) {
        return new AuditRecord(T0, AuditRecord.SLACK, "anomaly.detected", Outcome.SUCCEEDED, null, null,
                "Anomaly card " + card.id() + ": entry " + e.id(), List.of(), newCard ? null : card.seq());
    }

    /** ThreatService's filing in short: a new card, or one more anomaly on the joined one. */
    static Filing filing(Optional<AnomalyCard> joinable, AuditLogEntry e) {
        if (joinable.isEmpty()) {
            AnomalyCard card = new AnomalyCard(cardIdOf(e), e.userId(), e.at(), e.at(), 1, e.reasons(), sighting(e), 0,
                    null, null, null, null);
            return new Filing(card, detected(card, e, true));
        }
        AnomalyCard c = joinable.get();
        Set<String> reasons = new LinkedHashSet<>(c.reasons());
        reasons.addAll(e.reasons());
        boolean newer = !e.at().isBefore(c.lastAt());
        AnomalyCard card = new AnomalyCard(c.id(), c.userId(), e.at().isBefore(c.firstAt()) ? e.at() : c.firstAt(),
                newer ? e.at() : c.lastAt(), c.count() + 1, List.copyOf(reasons), newer ? sighting(e) : c.latest(),
                c.seq(), c.slackReset(), c.handled(), c.note(), c.autoReason());
        return new Filing(card, detected(card, e, false));
    }

    Optional<Filed> file(AuditLogEntry e) {
        return store.file(e, e.at().minus(GROUPING), false, joinable -> filing(joinable, e));
    }

    long records() {
        return audit.verify().records();
    }

    private static AuditRecord other(int n) {
        return new AuditRecord(T0, BOB, AuditRecord.SESSION_RESET, Outcome.SUCCEEDED, "All sessions", "drill " + n,
                null, List.of());
    }

    @Test
    void aNewStoreHasNoWatermarkNoLeaseHolderAndNoCards() {
        assertThat(store.watermark()).isEmpty();
        assertThat(store.card("K00000000000")).isEmpty();
        assertThat(store.awaitingAutomaticResponse()).isEmpty();
        assertThat(store.lease("a", T0.plusSeconds(60))).isTrue();
    }

    @Test
    void anEntryIsFiledAsANewCardWithItsRecordAppendedAndTheRecordsSeqAsTheCards() {
        audit.append(other(1));
        audit.append(other(2));
        AuditLogEntry e = new AuditLogEntry("e-1", T0, AuditLogEntry.ANOMALY, ALICE, null,
                List.of("session_fingerprint", "tor"), HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE);

        Filed filed = file(e).orElseThrow();

        assertThat(filed.newCard()).isTrue();
        assertThat(filed.seq()).isEqualTo(3);
        assertThat(filed.card().seq()).as("set by the store, not the filing's 0").isEqualTo(3);
        assertThat(store.card(cardIdOf(e))).contains(filed.card());
        AnomalyCard stored = store.card(cardIdOf(e)).orElseThrow();
        assertThat(stored.reasons()).containsExactly("session_fingerprint", "tor");
        assertThat(stored.latest()).isEqualTo(sighting(e));
        assertThat(stored.open()).isTrue();
        StoredRecord head = audit.recent(1).get(0);
        assertThat(head.seq()).isEqualTo(3);
        assertThat(head.record()).isEqualTo(detected(filed.card(), e, true));
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void anEntryIsFiledOnceWhateverTheSecondFilingWouldStore() {
        AuditLogEntry e = entry("e-1", ALICE, T0, "tor");
        Filed first = file(e).orElseThrow();
        AuditLogEntry sameIdOtherPerson = entry("e-1", CAROL, T0.plusSeconds(5), "asn");

        assertThat(file(e)).isEmpty();
        assertThat(store.file(sameIdOtherPerson, T0.minus(Duration.ofDays(1)), true,
                joinable -> filing(joinable, sameIdOtherPerson))).isEmpty();

        assertThat(records()).isEqualTo(1);
        assertThat(audit.recent(10)).extracting(StoredRecord::seq).containsExactly(first.seq());
        assertThat(store.card(cardIdOf(e))).contains(first.card());
        assertThat(store.card(cardIdOf(sameIdOtherPerson))).as("same entry id, same card id: unchanged")
                .map(AnomalyCard::userId).contains(ALICE);
    }

    @Test
    void aFilingThatThrowsLeavesNoEntryNoCardAndNoRecord() {
        AuditLogEntry e = entry("e-1", ALICE, T0, "tor");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.file(e, T0.minus(GROUPING), false, joinable -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(records()).isZero();
        assertThat(store.card(cardIdOf(e))).isEmpty();
        assertThat(file(e)).as("the entry was not taken").isPresent();
        assertThat(records()).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheRecordIsAppendedUndoesTheRecordAndTheEntry() {
        AuditLogEntry first = entry("e-1", ALICE, T0, "tor");
        AnomalyCard existing = file(first).orElseThrow().card();
        // Carol's entry claims a card id that is taken: the card's insert fails after the entry and the record.
        AuditLogEntry clash = entry("e-2", CAROL, T0.plusSeconds(60), "asn");
        Filing clashing = new Filing(new AnomalyCard(existing.id(), CAROL, clash.at(), clash.at(), 1, clash.reasons(),
                sighting(clash), 0, null, null, null, null), detected(existing, clash, true));

        assertThatThrownBy(() -> store.file(clash, clash.at().minus(GROUPING), false, joinable -> clashing))
                .isInstanceOf(StorageException.class);

        assertThat(records()).isEqualTo(1);
        assertThat(audit.verify().intact()).isTrue();
        assertThat(store.card(existing.id())).contains(existing);
        assertThat(file(clash)).as("the entry was not taken").isPresent();
        assertThat(records()).isEqualTo(2);
    }

    @Test
    void aLaterAnomalyWithinTheWindowJoinsThePersonsCardAndRefersToItsFirstRecord() {
        AuditLogEntry e1 = entry("e-1", ALICE, T0, "session_fingerprint");
        AuditLogEntry e2 = entry("e-2", ALICE, T0.plus(Duration.ofMinutes(10)), "tor", "session_fingerprint");
        Filed first = file(e1).orElseThrow();
        audit.append(other(1));

        Filed joined = file(e2).orElseThrow();

        assertThat(joined.newCard()).isFalse();
        assertThat(joined.seq()).isEqualTo(3);
        AnomalyCard card = store.card(first.card().id()).orElseThrow();
        assertThat(card.seq()).as("still the first record").isEqualTo(first.seq());
        assertThat(card.count()).isEqualTo(2);
        assertThat(card.firstAt()).isEqualTo(T0);
        assertThat(card.lastAt()).isEqualTo(e2.at());
        assertThat(card.reasons()).containsExactly("session_fingerprint", "tor");
        assertThat(card.latest()).isEqualTo(sighting(e2));
        assertThat(audit.recent(1).get(0).record().ref()).isEqualTo(first.seq());
    }

    @Test
    void joinableIsThePersonsNewestCardWhoseFirstAnomalyIsWithinSince() {
        AnomalyCard early = file(entry("e-1", ALICE, T0, "tor")).orElseThrow().card();
        AnomalyCard later = file(entry("e-2", ALICE, T0.plus(Duration.ofMinutes(20)), "tor")).orElseThrow().card();
        AnomalyCard carols = file(entry("e-3", CAROL, T0.plus(Duration.ofMinutes(21)), "tor")).orElseThrow().card();
        assertThat(later.id()).isNotEqualTo(early.id());

        assertThat(joinable(entry("x-1", ALICE, T0.plus(Duration.ofMinutes(22))), T0, false)).as("both in: newest")
                .map(AnomalyCard::id).contains(later.id());
        assertThat(joinable(entry("x-2", ALICE, T0.plus(Duration.ofMinutes(22))), T0.plus(Duration.ofMinutes(20)),
                false)).as("since is inclusive").map(AnomalyCard::id).contains(later.id());
        assertThat(joinable(entry("x-3", ALICE, T0.plus(Duration.ofMinutes(40))), T0.plus(Duration.ofMinutes(21)),
                false)).as("too old").isEmpty();
        assertThat(joinable(entry("x-4", BOB, T0.plus(Duration.ofMinutes(22))), T0, false)).as("nobody else's")
                .isEmpty();
        assertThat(joinable(entry("x-5", CAROL, T0.plus(Duration.ofMinutes(22))), T0, false)).map(AnomalyCard::id)
                .contains(carols.id());
    }

    @Test
    void aHandledCardIsJoinableOnlyInAnyState() {
        AnomalyCard early = file(entry("e-1", ALICE, T0, "tor")).orElseThrow().card();
        AnomalyCard later = file(entry("e-2", ALICE, T0.plus(Duration.ofMinutes(20)), "tor")).orElseThrow().card();
        store.handled(later.id(), new Handled(Kind.DISMISSED, BOB, T0.plus(Duration.ofMinutes(21)), "Dismissed"));

        assertThat(joinable(entry("x-1", ALICE, T0.plus(Duration.ofMinutes(22))), T0, false)).as("the open one")
                .map(AnomalyCard::id).contains(early.id());
        assertThat(joinable(entry("x-2", ALICE, T0.plus(Duration.ofMinutes(22))), T0, true)).as("any state: newest")
                .map(AnomalyCard::id).contains(later.id());
        store.handled(early.id(), new Handled(Kind.SIGNED_OUT, BOB, T0.plus(Duration.ofMinutes(23)), "Signed out"));
        assertThat(joinable(entry("x-3", ALICE, T0.plus(Duration.ofMinutes(24))), T0, false)).isEmpty();
    }

    /** What the store offers a filing as joinable; the filing then stores a new card, so nothing else changes. */
    private Optional<AnomalyCard> joinable(AuditLogEntry e, Instant since, boolean anyState) {
        AtomicReference<Optional<AnomalyCard>> offered = new AtomicReference<>();
        store.file(e, since, anyState, joinable -> {
            offered.set(joinable);
            return filing(Optional.empty(), e);
        }).orElseThrow();
        return offered.get();
    }

    @Test
    void aFilingNeverOverwritesAHandlingOrNoteSetMeanwhile() {
        AuditLogEntry e1 = entry("e-1", ALICE, T0, "tor");
        AnomalyCard stale = file(e1).orElseThrow().card();
        Handled dismissed = new Handled(Kind.DISMISSED, BOB, T0.plusMillis(61_234), "Dismissed");
        store.note(stale.id(), "Not signed out automatically: the limit");
        store.handled(stale.id(), dismissed);
        AuditLogEntry e2 = entry("e-2", ALICE, T0.plusSeconds(120), "asn");

        // A filing that read the card before the press: open, no note.
        Filed filed = store.file(e2, T0.minus(GROUPING), true, joinable -> filing(Optional.of(stale), e2)).orElseThrow();

        assertThat(filed.newCard()).isFalse();
        AnomalyCard card = store.card(stale.id()).orElseThrow();
        assertThat(card.handled()).isEqualTo(dismissed);
        assertThat(card.note()).isEqualTo("Not signed out automatically: the limit");
        assertThat(card.count()).isEqualTo(2);
        assertThat(card.reasons()).containsExactly("tor", "asn");
    }

    @Test
    void aFilingMayRecordSlacksResetAndTheAutomaticReason() {
        AuditLogEntry e1 = entry("e-1", ALICE, T0, "tor");
        AnomalyCard card = file(e1).orElseThrow().card();
        AuditLogEntry reset = new AuditLogEntry("e-2", T0.plusSeconds(30),
                AuditLogEntry.RESET_BY_ANOMALY_RESPONSE, ALICE, null, List.of(), null, null, null, null, null, null);

        store.file(reset, T0.minus(GROUPING), true, joinable -> {
            AnomalyCard c = joinable.orElseThrow();
            AnomalyCard changed = new AnomalyCard(c.id(), c.userId(), c.firstAt(), c.lastAt(), c.count(), c.reasons(),
                    c.latest(), c.seq(), reset.at(), c.handled(), c.note(), "tor");
            return new Filing(changed, detected(changed, reset, false));
        }).orElseThrow();

        AnomalyCard stored = store.card(card.id()).orElseThrow();
        assertThat(stored.slackReset()).isEqualTo(reset.at());
        assertThat(stored.autoReason()).isEqualTo("tor");
        assertThat(stored.latest()).isEqualTo(card.latest());
    }

    @Test
    void aCardWithoutReasonsOrClientTextComesBackSo() {
        AuditLogEntry bare = new AuditLogEntry("e-1", T0, AuditLogEntry.RESET_BY_ANOMALY_RESPONSE, ALICE, null, null,
                null, null, null, null, null, null);

        Filed filed = store.file(bare, T0.minus(GROUPING), true, joinable -> {
            AnomalyCard card = new AnomalyCard("K00000000001", ALICE, T0, T0, 0, List.of(), sighting(bare), 0, T0,
                    null, null, null);
            return new Filing(card, detected(card, bare, true));
        }).orElseThrow();

        assertThat(store.card("K00000000001")).contains(filed.card());
        assertThat(filed.card().reasons()).isEmpty();
        assertThat(filed.card().latest().userAgent()).isNull();
    }

    /** PostgreSQL refuses NUL in text: dropped, so one hostile entry can't stop every later filing. */
    @Test
    void clientTextWithControlsIsFiledWithoutFailing() {
        String nul = "Mozilla\u0000/5.0 \u0007\u001b[2J\r\n\u0085end";
        AuditLogEntry e = new AuditLogEntry("e-1", T0, AuditLogEntry.ANOMALY, ALICE, null, List.of("tor"), nul, nul,
                nul, nul, nul, nul);

        AnomalyCard card = file(e).orElseThrow().card();

        Sighting stored = store.card(card.id()).orElseThrow().latest();
        for (String text : List.of(stored.ipAddress(), stored.userAgent(), stored.location(), stored.sessionId(),
                stored.previousIpAddress(), stored.previousUserAgent())) {
            assertThat(text).isEqualTo("Mozilla/5.0 \u0007\u001b[2J\r\n\u0085end");
        }
    }

    @Test
    void handlingAndNotesAreKeptAsGiven() {
        AnomalyCard card = file(entry("e-1", ALICE, T0, "tor")).orElseThrow().card();
        store.note(card.id(), HOSTILE);
        assertThat(store.card(card.id()).orElseThrow().note()).isEqualTo(HOSTILE);

        Handled auto = new Handled(Kind.AUTO_SIGNED_OUT, "auto:anomaly-response", T0.plusMillis(1_500), HOSTILE);
        store.handled(card.id(), auto);

        AnomalyCard stored = store.card(card.id()).orElseThrow();
        assertThat(stored.handled()).isEqualTo(auto);
        assertThat(stored.open()).isFalse();
        store.handled("K99999999999", auto); // no such card: nothing happens
        assertThat(store.card("K99999999999")).isEmpty();
    }

    @Test
    void theWatermarkOnlyMovesForward() {
        store.advance(1_700_000_100L);
        assertThat(store.watermark()).isEqualTo(OptionalLong.of(1_700_000_100L));

        store.advance(1_700_000_050L);
        store.advance(1_700_000_100L);
        assertThat(store.watermark()).isEqualTo(OptionalLong.of(1_700_000_100L));

        store.advance(1_700_000_101L);
        assertThat(store.watermark()).isEqualTo(OptionalLong.of(1_700_000_101L));
    }

    @Test
    void theLeaseIsHeldByOneInstanceUntilItLapsesAndItsHolderMayRenewIt() {
        assertThat(store.lease("a", T0.plusSeconds(60))).isTrue();
        assertThat(store.lease("b", T0.plusSeconds(600))).isFalse();
        assertThat(store.lease("a", T0.plusSeconds(120))).as("renewed").isTrue();

        clock.advance(Duration.ofSeconds(120));
        assertThat(store.lease("b", T0.plusSeconds(600))).as("held to its last millisecond").isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(store.lease("b", clock.instant().plusSeconds(60))).as("lapsed: taken over").isTrue();
        assertThat(store.lease("a", clock.instant().plusSeconds(60))).isFalse();
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceButOnlyItsHolderCanReleaseIt() {
        assertThat(store.lease("a", T0.plusSeconds(60))).isTrue();

        store.release("b");
        assertThat(store.lease("b", T0.plusSeconds(60))).isFalse();

        store.release("a");
        assertThat(store.lease("b", T0.plusSeconds(60))).isTrue();
    }

    @Test
    void theHourlyLimitAllowsMaxCardsAndTheSameCardAgain() {
        assertThat(store.countAutomatic("K00000000001", T0, 3)).isTrue();
        assertThat(store.countAutomatic("K00000000002", T0.plus(Duration.ofMinutes(10)), 3)).isTrue();
        assertThat(store.countAutomatic("K00000000003", T0.plus(Duration.ofMinutes(20)), 3)).isTrue();

        assertThat(store.countAutomatic("K00000000004", T0.plus(Duration.ofMinutes(30)), 3)).as("past the max")
                .isFalse();
        assertThat(store.countAutomatic("K00000000001", T0.plus(Duration.ofMinutes(31)), 3)).as("the same card again")
                .isTrue();
        assertThat(store.countAutomatic("K00000000004", T0.plus(Duration.ofMinutes(59)), 3)).as("still within the hour")
                .isFalse();

        assertThat(store.countAutomatic("K00000000004", T0.plus(Duration.ofMinutes(60)), 3))
                .as("the first has left the hour").isTrue();
        assertThat(store.countAutomatic("K00000000005", T0.plus(Duration.ofMinutes(61)), 3)).isFalse();
    }

    @Test
    void aRefusedCardIsNotCountedSoItTakesNoPlace() {
        assertThat(store.countAutomatic("K00000000001", T0, 1)).isTrue();
        assertThat(store.countAutomatic("K00000000002", T0.plusSeconds(1), 1)).isFalse();
        assertThat(store.countAutomatic("K00000000002", T0.plusSeconds(2), 1)).as("still not counted").isFalse();

        assertThat(store.countAutomatic("K00000000002", T0.plus(Duration.ofHours(1)), 1)).isTrue();
    }

    @Test
    void aLimitOfZeroAllowsNone() {
        assertThat(store.countAutomatic("K00000000001", T0, 0)).isFalse();
    }

    @Test
    void cardsAwaitTheAutomaticResponseOldestFirstUntilItIsDone() {
        AnomalyCard later = fileWithAuto(entry("e-1", ALICE, T0.plusSeconds(300), "tor"), "tor");
        fileWithAuto(entry("e-2", CAROL, T0.plusSeconds(100), "asn"), null);
        AnomalyCard earlier = fileWithAuto(entry("e-3", BOB, T0.plusSeconds(200), "session_fingerprint"),
                "session_fingerprint");

        assertThat(store.awaitingAutomaticResponse()).extracting(AnomalyCard::id).containsExactly(earlier.id(),
                later.id());
        assertThat(store.awaitingAutomaticResponse().get(0).autoReason()).isEqualTo("session_fingerprint");

        store.automaticResponseDone(earlier.id());

        assertThat(store.awaitingAutomaticResponse()).extracting(AnomalyCard::id).containsExactly(later.id());
        assertThat(store.card(earlier.id()).orElseThrow().autoReason()).isNull();
        assertThat(store.card(earlier.id()).orElseThrow().open()).as("only the reason is cleared").isTrue();
    }

    private AnomalyCard fileWithAuto(AuditLogEntry e, String autoReason) {
        return store.file(e, e.at().minus(GROUPING), false, joinable -> {
            AnomalyCard card = new AnomalyCard(cardIdOf(e), e.userId(), e.at(), e.at(), 1, e.reasons(), sighting(e),
                    0, null, null, null, autoReason);
            return new Filing(card, detected(card, e, true));
        }).orElseThrow().card();
    }

    @Test
    void forgottenEntriesMayBeFiledAgainAndTheRestStayFiled() {
        AuditLogEntry old = entry("e-1", ALICE, T0, "tor");
        AuditLogEntry edge = entry("e-2", ALICE, T0.plusSeconds(600), "tor");
        file(old).orElseThrow();
        file(edge).orElseThrow();

        store.forgetEntriesBefore(T0.plusSeconds(600));

        assertThat(file(edge)).as("at the cut: kept").isEmpty();
        assertThat(store.file(old, T0.minus(GROUPING), true, joinable -> filing(joinable, old))).as("forgotten")
                .isPresent();
        assertThat(store.card(cardIdOf(old)).orElseThrow().count()).as("the card itself is kept").isEqualTo(3);
    }

    /** Two instances (two pools on one database) read the same page at once: each entry is filed by one of them. */
    @Test
    void twoInstancesFilingTheSameEntriesAtOnceFileEachExactlyOnce() throws Exception {
        List<AuditLogEntry> entries = IntStream.range(0, 50).mapToObj(i -> entry(String.format("e-%02d", i),
                List.of(ALICE, BOB, CAROL, "W0000DAN", "W0000ERIN").get(i % 5), T0.plusSeconds(10L * i), "tor"))
                .toList();
        List<AuditLogEntry> reversed = new ArrayList<>(entries);
        Collections.reverse(reversed);
        Database otherDb = Database.open(url);
        JdbcAnomalyStore other = new JdbcAnomalyStore(otherDb, new JdbcAuditStore(otherDb, clock), clock);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<List<Filed>> a = instances.submit(() -> fileAll(start, store, entries));
            Future<List<Filed>> b = instances.submit(() -> fileAll(start, other, reversed));
            start.countDown();
            List<Filed> filed = new ArrayList<>(a.get(60, TimeUnit.SECONDS));
            filed.addAll(b.get(60, TimeUnit.SECONDS));

            assertThat(filed).hasSize(50);
            assertThat(filed).extracting(Filed::seq).doesNotHaveDuplicates();
            assertThat(records()).isEqualTo(50);
            assertThat(audit.verify().intact()).isTrue();
            List<AnomalyCard> cards = filed.stream().map(f -> f.card().id()).distinct()
                    .map(id -> store.card(id).orElseThrow()).toList();
            assertThat(cards.stream().mapToInt(AnomalyCard::count).sum()).as("no anomaly lost or counted twice")
                    .isEqualTo(50);
            assertThat(cards).extracting(AnomalyCard::userId).doesNotHaveDuplicates().hasSize(5);
            for (AuditLogEntry e : entries) {
                assertThat(file(e)).as(e.id()).isEmpty();
            }
        } finally {
            instances.shutdownNow();
            otherDb.close();
        }
    }

    private static List<Filed> fileAll(CountDownLatch start, JdbcAnomalyStore on, List<AuditLogEntry> entries)
            throws InterruptedException {
        start.await(30, TimeUnit.SECONDS);
        List<Filed> filed = new ArrayList<>();
        for (AuditLogEntry e : entries) {
            on.file(e, e.at().minus(GROUPING), false, joinable -> filing(joinable, e)).ifPresent(filed::add);
        }
        return filed;
    }
}
