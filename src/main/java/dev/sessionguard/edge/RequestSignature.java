package dev.sessionguard.edge;

import dev.sessionguard.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, checked on the raw bytes before anything reads them: {@code v0=} + hex
 * HMAC-SHA256 of {@code v0:<timestamp>:<body>} under the signing secret. Stricter than Bolt's check: the
 * comparison is constant-time, and the timestamp must lie within five minutes either side of now (Bolt accepts
 * any future timestamp, so a request signed for later stays valid until then).
 */
public final class RequestSignature {

    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    /** Slack's own tolerance; the replay window of a captured request. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Why a request is not from Slack, in words for one log line; never the signature or the secret. */
    public enum Verdict {
        VALID(null),
        MISSING("no signature or timestamp header"),
        MALFORMED("the signature or timestamp header is not in Slack's format"),
        STALE("the timestamp is more than 5 minutes from now"),
        FORGED("the signature does not match the body");

        private final String why;

        Verdict(String why) {
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    private static final String VERSION = "v0";
    /** {@code v0=} and 64 hex digits. */
    private static final int SIGNATURE_LENGTH = VERSION.length() + 1 + 64;

    private final SecretKeySpec key;
    private final Clock clock;

    public RequestSignature(Secret signingSecret, Clock clock) {
        this.key = new SecretKeySpec(signingSecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    public Verdict verify(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            return Verdict.MISSING;
        }
        if (signature.length() != SIGNATURE_LENGTH || !signature.startsWith(VERSION + "=")
                || timestamp.isEmpty() || timestamp.length() > 12 || !timestamp.chars().allMatch(Character::isDigit)) {
            return Verdict.MALFORMED;
        }
        long ts = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > MAX_SKEW.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = sign(timestamp, body).getBytes(StandardCharsets.US_ASCII);
        // Constant-time: how much of a guess matched must not show in the time taken to say no.
        boolean same = MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
        return same ? Verdict.VALID : Verdict.FORGED;
    }

    /** The {@code X-Slack-Signature} Slack would send with {@code body} at {@code timestamp}. */
    public String sign(String timestamp, byte[] body) {
        return VERSION + "=" + HexFormat.of().formatHex(mac(timestamp, body));
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JRE has it
        }
    }
}
