package dev.sessionguard.storage;

import dev.sessionguard.config.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the Slack tokens the app stores: AES-256-GCM with a fresh 12-byte IV per value, stored as
 * base64(iv || ciphertext || tag). The associated data names the value's place (org and column), so a
 * ciphertext copied to another row or column does not decrypt there.
 */
public final class TokenCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AAD_PREFIX = "session-guard/token/v1|";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** @throws IllegalArgumentException when the key is not 32 bytes in base64 (the message never holds it) */
    public static TokenCipher fromBase64(Secret base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.reveal().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the encryption key is not base64", null);
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the encryption key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        return new TokenCipher(key);
    }

    /** @param place where the value is stored, e.g. {@code E0123/bot_token}; the same place decrypts it */
    public String encrypt(Secret plaintext, String place) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(place));
            byte[] sealed = cipher.doFinal(plaintext.reveal().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime has AES-GCM; this is a broken JCE, not bad input.
            throw new IllegalStateException("AES-GCM is not available (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    /** @throws UndecryptableException when the key or the place is not the one it was encrypted with, or it was altered */
    public Secret decrypt(String stored, String place) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new UndecryptableException(place);
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new UndecryptableException(place);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(aad(place));
            return new Secret(new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new UndecryptableException(place);
        }
    }

    private static byte[] aad(String place) {
        return (AAD_PREFIX + place).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored token that this key cannot open. Names the place only, never the ciphertext or the key. */
    public static final class UndecryptableException extends RuntimeException {
        public UndecryptableException(String place) {
            super("The stored " + place + " cannot be decrypted with SESSION_GUARD_ENCRYPTION_KEY: it was stored under "
                    + "another key, or altered", null, false, false);
        }
    }
}
