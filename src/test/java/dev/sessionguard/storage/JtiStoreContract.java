package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.support.MutableClock;
import java.time.Duration;
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

/** What the Universal Logout jti store must do, run on each real engine by a subclass. */
abstract class JtiStoreContract {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    Database db;
    JdbcJtiStore store;

    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabase());
        store = new JdbcJtiStore(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    Instant inFiveMinutes() {
        return clock.instant().plus(Duration.ofMinutes(5));
    }

    @Test
    void theFirstUseOfAJtiWinsAndEveryLaterOneIsRefused() {
        assertThat(store.claim("idp\njti-1", inFiveMinutes())).isTrue();
        assertThat(store.claim("idp\njti-1", inFiveMinutes())).isFalse();
        assertThat(store.claim("idp\njti-2", inFiveMinutes())).isTrue();
    }

    @Test
    void anotherInstanceOnTheSameDatabaseSeesTheUse() {
        store.claim("idp\njti-1", inFiveMinutes());

        assertThat(new JdbcJtiStore(db, clock).claim("idp\njti-1", inFiveMinutes())).isFalse();
    }

    @Test
    void aReopenedDatabaseStillRemembersTheUse() {
        Secret url = freshDatabase();
        try (Database first = Database.open(url)) {
            assertThat(new JdbcJtiStore(first, clock).claim("idp\njti-1", inFiveMinutes())).isTrue();
        }
        try (Database second = Database.open(url)) {
            assertThat(new JdbcJtiStore(second, clock).claim("idp\njti-1", inFiveMinutes())).isFalse();
        }
    }

    @Test
    void aReleasedJtiCanBeUsedAgain() {
        store.claim("idp\njti-1", inFiveMinutes());
        store.release("idp\njti-1");

        assertThat(store.claim("idp\njti-1", inFiveMinutes())).isTrue();
    }

    @Test
    void aJtiIsKeptUntilItsTokenExpiresAndSweptThen() throws Exception {
        store.claim("idp\njti-1", inFiveMinutes());
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(store.claim("idp\njti-1", inFiveMinutes())).isFalse();

        clock.advance(Duration.ofSeconds(2));
        assertThat(store.claim("idp\njti-2", inFiveMinutes())).isTrue();
        assertThat(rows()).isEqualTo(1); // jti-1 swept, jti-2 kept
        assertThat(store.claim("idp\njti-1", inFiveMinutes())).isTrue();
    }

    @Test
    void jtisOfAnyLengthAreStoredAsAFixedLengthDigest() {
        assertThat(store.claim("j".repeat(100_000), inFiveMinutes())).isTrue();
        assertThat(store.claim("j".repeat(100_000), inFiveMinutes())).isFalse();
    }

    @Test
    void concurrentUsesOfOneJtiHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                tasks.add(() -> store.claim("idp\nrace", inFiveMinutes()));
            }
            List<Boolean> wins = new ArrayList<>();
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                wins.add(f.get());
            }
            assertThat(wins).filteredOn(w -> w).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private int rows() throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM gtr_jti")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
