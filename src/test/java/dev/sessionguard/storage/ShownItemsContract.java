package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.console.ShownItems;
import dev.sessionguard.support.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of shown items must do, run on each real engine by a subclass. */
abstract class ShownItemsContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration TTL = Duration.ofHours(4);
    static final String ADA = "W0000ADMIN";
    static final String OLGA = "W0000OWNER";
    static final String SESSION = "console.session";
    static final String PERSON = "console.person";
    /** Above 2^53: kept as text, it must come back digit for digit. */
    static final String BIG = "W0000ALICE|T0000TEAM1|9007199254740993";

    MutableClock clock = new MutableClock(T0);
    Database db;
    ShownItems shown;

    /** A URL for a fresh, empty database. */
    abstract Secret freshDatabase();

    @BeforeEach
    void open() {
        db = Database.open(freshDatabase());
        shown = new JdbcShownItems(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRememberedItemIsShownToThatAdminOnly() {
        shown.remember(ADA, SESSION, List.of(BIG), TTL);

        assertThat(shown.wasShown(ADA, SESSION, BIG)).isTrue();
        assertThat(shown.wasShown(OLGA, SESSION, BIG)).isFalse();
    }

    @Test
    void aKeyIsMatchedExactlyAndWithinItsKind() {
        shown.remember(ADA, SESSION, List.of(BIG), TTL);

        assertThat(shown.wasShown(ADA, SESSION, "W0000ALICE|T0000TEAM1|9007199254740992")).isFalse();
        assertThat(shown.wasShown(ADA, SESSION, BIG + " ")).isFalse();
        assertThat(shown.wasShown(ADA, PERSON, BIG)).isFalse();
        assertThat(shown.wasShown(ADA, SESSION, "%")).isFalse();
    }

    @Test
    void anItemIsNoLongerShownOnceItsTimeIsUp() {
        shown.remember(ADA, SESSION, List.of(BIG), TTL);

        clock.advance(TTL.minusMillis(1));
        assertThat(shown.wasShown(ADA, SESSION, BIG)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(shown.wasShown(ADA, SESSION, BIG)).isFalse();
    }

    @Test
    void showingAnItemAgainExtendsItsTime() {
        shown.remember(ADA, SESSION, List.of(BIG), TTL);
        clock.advance(Duration.ofHours(3));

        shown.remember(ADA, SESSION, List.of(BIG, BIG), TTL);
        clock.advance(Duration.ofHours(3));

        assertThat(shown.wasShown(ADA, SESSION, BIG)).isTrue();
    }

    @Test
    void expiredItemsAreSweptWhenSomethingIsRemembered() throws SQLException {
        shown.remember(ADA, SESSION, List.of("a", "b"), TTL);
        shown.remember(OLGA, PERSON, List.of("c"), Duration.ofHours(8));
        clock.advance(TTL);

        shown.remember(ADA, PERSON, List.of(), TTL);

        assertThat(rows()).isEqualTo(1);
        assertThat(shown.wasShown(OLGA, PERSON, "c")).isTrue();
    }

    @Test
    void aLongListingIsRememberedInOneGo() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            keys.add("W0000ALICE|T0000TEAM1|" + (9_007_199_254_740_993L + i));
        }

        shown.remember(ADA, SESSION, keys, TTL);

        assertThat(shown.wasShown(ADA, SESSION, keys.get(0))).isTrue();
        assertThat(shown.wasShown(ADA, SESSION, keys.get(4_999))).isTrue();
    }

    @Test
    void twoInstancesRememberingTheSameListingAtOnceBothSucceed() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("k" + i);
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<String> order = new ArrayList<>(keys);
            Collections.rotate(order, i * 7);
            done.add(writers.submit(() -> shown.remember(ADA, SESSION, order, TTL)));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        assertThat(rows()).isEqualTo(200);
        assertThat(Set.of("k0", "k199")).allSatisfy(k -> assertThat(shown.wasShown(ADA, SESSION, k)).isTrue());
    }

    private long rows() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM shown_item")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
