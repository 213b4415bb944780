package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.edge.RequestSignature.Verdict;
import dev.sessionguard.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final Instant NOW = Instant.ofEpochSecond(1_531_420_618);
    /** Slack's own worked example from its "Verifying requests from Slack" page. */
    static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    static final String SLACK_EXAMPLE_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    final RequestSignature signature = new RequestSignature(new Secret(SECRET), new MutableClock(NOW));

    @Test
    void slacksWorkedExampleVerifies() {
        assertThat(signature.verify(Long.toString(NOW.getEpochSecond()), SLACK_EXAMPLE_SIGNATURE, bytes(BODY)))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void oneChangedByteOfTheBodyIsForged() {
        assertThat(signature.verify(Long.toString(NOW.getEpochSecond()), SLACK_EXAMPLE_SIGNATURE, bytes(BODY + " ")))
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void missingHeadersAreMissingAndOddOnesMalformed() {
        String ts = Long.toString(NOW.getEpochSecond());
        assertThat(signature.verify(null, SLACK_EXAMPLE_SIGNATURE, bytes(BODY))).isEqualTo(Verdict.MISSING);
        assertThat(signature.verify(ts, null, bytes(BODY))).isEqualTo(Verdict.MISSING);
        assertThat(signature.verify("-5", SLACK_EXAMPLE_SIGNATURE, bytes(BODY))).isEqualTo(Verdict.MALFORMED);
        assertThat(signature.verify("1e9", SLACK_EXAMPLE_SIGNATURE, bytes(BODY))).isEqualTo(Verdict.MALFORMED);
        assertThat(signature.verify("9".repeat(30), SLACK_EXAMPLE_SIGNATURE, bytes(BODY))).isEqualTo(Verdict.MALFORMED);
        assertThat(signature.verify(ts, SLACK_EXAMPLE_SIGNATURE.toUpperCase(), bytes(BODY))).isEqualTo(Verdict.MALFORMED);
        assertThat(signature.verify(ts, "v0=" + "é".repeat(64), bytes(BODY))).isEqualTo(Verdict.FORGED);
    }

    @Property(tries = 200)
    void aTimestampCountsOnlyWithinFiveMinutesEitherSide(@ForAll @IntRange(min = -900, max = 900) int offset) {
        RequestSignature atOffset = new RequestSignature(new Secret(SECRET), new MutableClock(NOW.plusSeconds(offset)));

        Verdict v = atOffset.verify(Long.toString(NOW.getEpochSecond()), SLACK_EXAMPLE_SIGNATURE, bytes(BODY));

        assertThat(v).isEqualTo(Math.abs(offset) <= 300 ? Verdict.VALID : Verdict.STALE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
