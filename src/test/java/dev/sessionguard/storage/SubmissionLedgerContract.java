package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.edge.SubmissionLedger.Claim;
import dev.sessionguard.support.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the submission ledger must do, run on each real engine by a subclass. */
abstract class SubmissionLedgerContract {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    Database db;
    JdbcSubmissionLedger ledger;

    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabase());
        ledger = new JdbcSubmissionLedger(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theFirstClaimOfAKeyWinsAndEveryLaterOneSeesIt() {
        assertThat(ledger.claim("V1/h1")).isEqualTo(Claim.FIRST);
        assertThat(ledger.claim("V1/h1")).isEqualTo(Claim.SEEN_BEFORE);
        assertThat(ledger.claim("V1/h2")).isEqualTo(Claim.FIRST);
    }

    @Test
    void aSecondLedgerOnTheSameDatabaseSeesTheClaim() {
        ledger.claim("V1/h1");

        assertThat(new JdbcSubmissionLedger(db, clock).claim("V1/h1")).isEqualTo(Claim.SEEN_BEFORE);
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        ledger.claim("V1/h1");
        ledger.release("V1/h1");

        assertThat(ledger.claim("V1/h1")).isEqualTo(Claim.FIRST);
    }

    @Test
    void keysExpireOnlyAfterTheReplayWindowAndAreSweptThen() throws Exception {
        ledger.claim("V1/h1");
        clock.advance(JdbcSubmissionLedger.KEEP.minusSeconds(1));
        assertThat(ledger.claim("V1/h1")).isEqualTo(Claim.SEEN_BEFORE);

        clock.advance(java.time.Duration.ofSeconds(2));
        assertThat(ledger.claim("V2/other")).isEqualTo(Claim.FIRST);
        assertThat(rows()).isEqualTo(1); // V1 swept, V2 kept
        assertThat(ledger.claim("V1/h1")).isEqualTo(Claim.FIRST);
    }

    @Test
    void keysOfAnyLengthAreStoredAsAFixedLengthDigest() throws Exception {
        assertThat(ledger.claim("V".repeat(100_000))).isEqualTo(Claim.FIRST);
        assertThat(ledger.claim("V".repeat(100_000))).isEqualTo(Claim.SEEN_BEFORE);
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Claim>> tasks = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                tasks.add(() -> ledger.claim("V1/race"));
            }
            List<Claim> claims = new ArrayList<>();
            for (Future<Claim> f : pool.invokeAll(tasks)) {
                claims.add(f.get());
            }
            assertThat(claims).filteredOn(c -> c == Claim.FIRST).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private int rows() throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM submission_ledger")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
