package dev.sessionguard.bulk;

import static dev.sessionguard.bulk.FakeBulkApi.people;
import static dev.sessionguard.bulk.FakeBulkApi.person;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkChunksTest {

    @Test
    void tenThousandPeopleMakeTenChunksOfAThousandInOrder() {
        BulkChunks chunks = BulkChunks.of(people(10_000));

        assertThat(chunks.count()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(chunks.chunk(i)).hasSize(BulkChunks.MAX_PER_CALL)
                    .startsWith(person(i * 1000)).endsWith(person(i * 1000 + 999));
        }
    }

    @Test
    void oneThousandAndOneMakeTwoChunksTheSecondHoldingTheLastPerson() {
        BulkChunks chunks = BulkChunks.of(people(1001));

        assertThat(chunks.count()).isEqualTo(2);
        assertThat(chunks.chunk(1)).containsExactly(person(1000));
    }

    @Test
    void theSameListGivesTheSameChunksAfterARestart() {
        BulkChunks before = BulkChunks.of(people(2500));
        BulkChunks after = BulkChunks.of(new ArrayList<>(people(2500)));

        for (int i = 0; i < before.count(); i++) {
            assertThat(after.chunk(i)).isEqualTo(before.chunk(i));
        }
    }

    @Test
    void someoneListedTwiceIsSentOnceWhereTheyFirstAppear() {
        BulkChunks chunks = BulkChunks.of(List.of("W1", "W2", "W1", "W3"));

        assertThat(chunks.people()).isEqualTo(3);
        assertThat(chunks.chunk(0)).containsExactly("W1", "W2", "W3");
    }

    @Test
    void nobodyMakesNoChunks() {
        assertThat(BulkChunks.of(List.of()).count()).isZero();
    }
}
