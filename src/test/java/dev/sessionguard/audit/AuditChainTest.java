package dev.sessionguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for the chain: the bytes docs/SECURITY.md ("The audit chain, byte for byte") tells an auditor to
 * hash. Existing chains were hashed this way, so a failure here means old records would no longer verify.
 * Members added later at the end of the canonical JSON, written only when present, leave these records alone.
 */
class AuditChainTest {

    static final String PREV = "a37576f47833d4975b6506e2ee614be6a0eb761433960d2023c4dc6c6e1b229b";
    static final long SEQ = 2;

    /** Every member present, a target with an error code, and a non-ASCII letter so UTF-8 is pinned too. */
    static final AuditRecord RECORD = new AuditRecord(Instant.parse("2026-03-01T10:05:30.250Z"), "W0000ADMIN",
            AuditRecord.SESSION_RESET, Outcome.PARTLY_FAILED, "All sessions", "Zoë's laptop stolen",
            "1 of 2 not signed out", List.of(
                    new TargetResult("W0000ALICE", Status.DONE, null, "Signed out of all sessions"),
                    new TargetResult("W0000PRIME", Status.NOT_ATTEMPTED, "primary_owner", "Not attempted")));

    static final String CANONICAL = "{\"at\":\"2026-03-01T10:05:30.250Z\",\"actor_id\":\"W0000ADMIN\","
            + "\"action\":\"session.reset\",\"outcome\":\"PARTLY_FAILED\",\"scope\":\"All sessions\","
            + "\"reason\":\"Zoë's laptop stolen\",\"detail\":\"1 of 2 not signed out\",\"targets\":["
            + "{\"user_id\":\"W0000ALICE\",\"status\":\"DONE\",\"words\":\"Signed out of all sessions\"},"
            + "{\"user_id\":\"W0000PRIME\",\"status\":\"NOT_ATTEMPTED\",\"error_code\":\"primary_owner\","
            + "\"words\":\"Not attempted\"}]}";

    /**
     * Computed once and checked outside Java with coreutils:
     * {@code printf '%s\n%s\n%s' "$PREV" 2 "$CANONICAL" | sha256sum}.
     */
    static final String HASH = "2f52afae7967009e7fa7d7df0c964b2e2de8372b2ba5d25dac7b5dbe5ccc024e";

    @Test
    void aFixedRecordHasAFixedCanonicalForm() {
        assertThat(AuditCodec.canonical(RECORD)).isEqualTo(CANONICAL);
    }

    @Test
    void aFixedRecordAfterAFixedHashAtAFixedPlaceHasAFixedHash() {
        assertThat(AuditChain.hash(PREV, SEQ, AuditCodec.canonical(RECORD))).isEqualTo(HASH);
    }

    @Test
    void theHashIsSha256OfThePreviousHashTheSeqAndTheCanonicalJsonJoinedByNewlinesInUtf8() {
        byte[] documented = (PREV + "\n" + SEQ + "\n" + CANONICAL).getBytes(StandardCharsets.UTF_8);

        assertThat(HASH).isEqualTo(sha256(documented));
    }

    @Test
    void theFirstRecordLinksToSixtyFourZeros() {
        assertThat(AuditChain.GENESIS)
                .isEqualTo("0000000000000000000000000000000000000000000000000000000000000000");
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, CANONICAL))
                .isEqualTo(sha256(("0".repeat(64) + "\n1\n" + CANONICAL).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void absentMembersAreLeftOutNotWrittenAsNull() {
        AuditRecord bare = new AuditRecord(Instant.parse("2026-03-01T10:06:00Z"), "W0000MEMBER",
                AuditRecord.SESSION_RESET, Outcome.REFUSED, null, null, null,
                List.of(new TargetResult("W0000CAROL", Status.FAILED, null, null)));

        assertThat(AuditCodec.canonical(bare)).isEqualTo("{\"at\":\"2026-03-01T10:06:00Z\",\"actor_id\":\"W0000MEMBER\","
                + "\"action\":\"session.reset\",\"outcome\":\"REFUSED\","
                + "\"targets\":[{\"user_id\":\"W0000CAROL\",\"status\":\"FAILED\"}]}");
    }

    /** What SECURITY.md says Gson's JsonObject.toString() escapes, and what it leaves as typed. */
    @Test
    void stringsEscapeOnlyQuotesBackslashesControlsAndTheUnicodeLineSeparators() {
        String typed = "\"q\" \\ a\nb\tc\r\b\f\u0001\u001f <!channel> & = ' / \u007f é 😀 \u2028\u2029";
        AuditRecord r = new AuditRecord(Instant.parse("2026-03-01T10:00:00Z"), "W0000ADMIN", "policy.set",
                Outcome.SUCCEEDED, null, typed, null, List.of());

        assertThat(AuditCodec.canonical(r)).isEqualTo("{\"at\":\"2026-03-01T10:00:00Z\",\"actor_id\":\"W0000ADMIN\","
                + "\"action\":\"policy.set\",\"outcome\":\"SUCCEEDED\",\"reason\":"
                + "\"\\\"q\\\" \\\\ a\\nb\\tc\\r\\b\\f\\u0001\\u001f <!channel> & = ' / \u007f é 😀 \\u2028\\u2029\","
                + "\"targets\":[]}");
        assertThat(AuditCodec.parse(AuditCodec.canonical(r))).isEqualTo(r);
    }

    /** The export writes the canonical form of the parsed body, so parsing and writing again must give the same bytes. */
    @Test
    void parsingTheCanonicalFormAndWritingItAgainGivesTheSameBytes() {
        assertThat(AuditCodec.parse(CANONICAL)).isEqualTo(RECORD);
        assertThat(AuditCodec.canonical(AuditCodec.parse(CANONICAL))).isEqualTo(CANONICAL);
    }

    @ParameterizedTest
    @MethodSource("singleChanges")
    void changingAnyOneFieldChangesTheHash(UnaryOperator<AuditRecord> change) {
        AuditRecord changed = change.apply(RECORD);

        assertThat(changed).isNotEqualTo(RECORD);
        assertThat(AuditChain.hash(PREV, SEQ, AuditCodec.canonical(changed))).isNotEqualTo(hashOfRecord());
    }

    @Test
    void changingThePreviousHashChangesTheHash() {
        String otherPrev = PREV.substring(0, 63) + "c";

        assertThat(AuditChain.hash(otherPrev, SEQ, CANONICAL)).isNotEqualTo(hashOfRecord());
        assertThat(AuditChain.hash(AuditChain.GENESIS, SEQ, CANONICAL)).isNotEqualTo(hashOfRecord());
    }

    @Test
    void changingTheSeqChangesTheHash() {
        assertThat(AuditChain.hash(PREV, SEQ + 1, CANONICAL)).isNotEqualTo(hashOfRecord());
        assertThat(AuditChain.hash(PREV, 1, CANONICAL)).isNotEqualTo(hashOfRecord());
    }

    /** Without the newline separators, seq 1 with "2{…" and seq 12 with "{…" would be the same bytes. */
    @Test
    void theSeparatorsKeepThePlaceAndTheContentApart() {
        assertThat(AuditChain.hash(PREV, 12, CANONICAL)).isNotEqualTo(AuditChain.hash(PREV, 1, "2" + CANONICAL));
    }

    /**
     * The change tests compare with the hash as computed now, not with {@link #HASH}: each then fails on its own
     * when the input it covers stops being hashed, not only when the known answer moves.
     */
    private static String hashOfRecord() {
        return AuditChain.hash(PREV, SEQ, AuditCodec.canonical(RECORD));
    }

    static Stream<Arguments> singleChanges() {
        TargetResult alice = RECORD.targets().get(0);
        TargetResult prime = RECORD.targets().get(1);
        return Stream.of(
                change("at", r -> with(r, Instant.parse("2026-03-01T10:05:30.251Z"), r.actorId(), r.action(),
                        r.outcome(), r.scope(), r.reason(), r.detail(), r.targets())),
                change("actor_id", r -> with(r, r.at(), "W0000OWNER", r.action(), r.outcome(), r.scope(),
                        r.reason(), r.detail(), r.targets())),
                change("action", r -> with(r, r.at(), r.actorId(), AuditRecord.SESSION_INVALIDATE, r.outcome(),
                        r.scope(), r.reason(), r.detail(), r.targets())),
                change("outcome", r -> with(r, r.at(), r.actorId(), r.action(), Outcome.FAILED, r.scope(),
                        r.reason(), r.detail(), r.targets())),
                change("scope", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), "Mobile only",
                        r.reason(), r.detail(), r.targets())),
                change("scope left out", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), null,
                        r.reason(), r.detail(), r.targets())),
                change("reason", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), r.scope(),
                        "Zoe's laptop stolen", r.detail(), r.targets())),
                change("reason left out", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), r.scope(),
                        null, r.detail(), r.targets())),
                change("detail", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), r.scope(),
                        r.reason(), "2 of 2 not signed out", r.targets())),
                change("detail left out", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), r.scope(),
                        r.reason(), null, r.targets())),
                change("detail empty", r -> with(r, r.at(), r.actorId(), r.action(), r.outcome(), r.scope(),
                        r.reason(), "", r.targets())),
                change("a target's user_id", r -> withTargets(r, alice,
                        new TargetResult("W0000PRIMO", prime.status(), prime.errorCode(), prime.words()))),
                change("a target's status", r -> withTargets(r, alice,
                        new TargetResult(prime.userId(), Status.FAILED, prime.errorCode(), prime.words()))),
                change("a target's error_code", r -> withTargets(r, alice,
                        new TargetResult(prime.userId(), prime.status(), "bot_user", prime.words()))),
                change("a target's error_code left out", r -> withTargets(r, alice,
                        new TargetResult(prime.userId(), prime.status(), null, prime.words()))),
                change("a target's words", r -> withTargets(r, alice,
                        new TargetResult(prime.userId(), prime.status(), prime.errorCode(), "Not attempted."))),
                change("a target's words left out", r -> withTargets(r, alice,
                        new TargetResult(prime.userId(), prime.status(), prime.errorCode(), null))),
                change("the targets' order", r -> withTargets(r, prime, alice)),
                change("a target removed", r -> withTargets(r, alice)));
    }

    private static Arguments change(String name, UnaryOperator<AuditRecord> change) {
        return arguments(named(name, change));
    }

    private static AuditRecord with(AuditRecord r, Instant at, String actorId, String action, Outcome outcome,
                                    String scope, String reason, String detail, List<TargetResult> targets) {
        return new AuditRecord(at, actorId, action, outcome, scope, reason, detail, targets);
    }

    private static AuditRecord withTargets(AuditRecord r, TargetResult... targets) {
        return with(r, r.at(), r.actorId(), r.action(), r.outcome(), r.scope(), r.reason(), r.detail(),
                List.of(targets));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
