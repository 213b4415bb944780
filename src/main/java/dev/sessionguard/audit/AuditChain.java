package dev.sessionguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash that links each record to the one before it. */
public final class AuditChain {

    /** The "previous hash" of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** SHA-256 over the previous hash, the record's place in the chain and its canonical content. */
    public static String hash(String previousHash, long seq, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
