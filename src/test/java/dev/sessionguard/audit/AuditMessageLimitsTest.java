package dev.sessionguard.audit;

import static dev.sessionguard.support.BlockKitJson.strings;
import static dev.sessionguard.support.BlockKitJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult.Status;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Where an audit message's lists and sections stop, at the exact limits. */
class AuditMessageLimitsTest {

    private static final Instant AT = Instant.parse("2025-03-04T05:06:07Z");

    @Test
    void aLineNamesUpToThreePeopleAndCountsTheRest() {
        assertThat(AuditMessage.line(reset(Outcome.SUCCEEDED, people(3))))
                .endsWith("— Succeeded: <@W0000000>, <@W0000001>, <@W0000002>");
        assertThat(AuditMessage.line(reset(Outcome.SUCCEEDED, people(4))))
                .endsWith("— Succeeded: <@W0000000>, <@W0000001>, <@W0000002> and 1 more");
    }

    @Test
    void aRefusedSignOutSaysRefusedInTheLine() {
        assertThat(AuditMessage.line(reset(Outcome.REFUSED, people(1))))
                .contains("<@WACTOR1> session reset refused — Refused: <@W0000000>");
        AuditRecord single = new AuditRecord(AT, "WACTOR1", AuditRecord.SESSION_INVALIDATE, Outcome.REFUSED, null,
                null, null, people(1));
        assertThat(AuditMessage.line(single)).contains("<@WACTOR1> single-session sign-out refused — Refused");
        AuditRecord done = new AuditRecord(AT, "WACTOR1", AuditRecord.SESSION_INVALIDATE, Outcome.SUCCEEDED, null,
                null, null, people(1));
        assertThat(AuditMessage.line(done)).contains("<@WACTOR1> single-session sign-out — Succeeded");
    }

    @Test
    void anActionWithNoNameStillRenders() {
        AuditRecord r = new AuditRecord(AT, "WACTOR1", "", Outcome.SUCCEEDED, null, null, null, List.of());

        assertThat(strings(tree(AuditMessage.blocks(r)))).contains(":white_check_mark: ** by <@WACTOR1> — *Succeeded*");
    }

    @Test
    void sectionsHoldUpTo2900CharactersAndALongerLineIsCut() {
        assertThat(AuditMessage.chunk(List.of())).isEmpty();
        assertThat(AuditMessage.chunk(List.of("a".repeat(1449), "b".repeat(1450))))
                .containsExactly("a".repeat(1449) + "\n" + "b".repeat(1450));
        assertThat(AuditMessage.chunk(List.of("a".repeat(1449), "b".repeat(1451))))
                .containsExactly("a".repeat(1449), "b".repeat(1451));
        assertThat(AuditMessage.chunk(List.of("c".repeat(2900)))).containsExactly("c".repeat(2900));
        assertThat(AuditMessage.chunk(List.of("c".repeat(2901)))).containsExactly("c".repeat(2899) + "…");
    }

    @Test
    void fortySectionsOfPeopleFitAndMoreSaysWhereTheRestIs() {
        String more = "…and more; the full list is in the audit store (`audit export`).";

        assertThat(strings(tree(AuditMessage.blocks(reset(Outcome.FAILED, longLines(40)))))).doesNotContain(more)
                .filteredOn(t -> t.startsWith(":x:")).hasSize(40);
        assertThat(strings(tree(AuditMessage.blocks(reset(Outcome.FAILED, longLines(41)))))).contains(more)
                .filteredOn(t -> t.startsWith(":x:")).hasSize(40);
    }

    /** People whose lines are too long to share a section. */
    private static List<TargetResult> longLines(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new TargetResult(String.format("W%07d", i), Status.FAILED, null, "w".repeat(2000)))
                .toList();
    }

    private static List<TargetResult> people(int n) {
        return IntStream.range(0, n).mapToObj(i -> new TargetResult(String.format("W%07d", i), Status.DONE, null, "ok"))
                .toList();
    }

    private static AuditRecord reset(Outcome outcome, List<TargetResult> targets) {
        return new AuditRecord(AT, "WACTOR1", AuditRecord.SESSION_RESET, outcome, null, null, null, targets);
    }
}
