package dev.sessionguard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sessionguard.config.Secret;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

    static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJEjQ=";
    static final String OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final Secret TOKEN = new Secret("xoxp-test-SECRET-admin-1f2e");
    static final String PLACE = "E0000ORG1/installer_user_token";

    TokenCipher cipher = TokenCipher.fromBase64(new Secret(KEY));

    @Test
    void whatIsEncryptedForAPlaceDecryptsThereToTheSameToken() {
        String stored = cipher.encrypt(TOKEN, PLACE);

        assertThat(cipher.decrypt(stored, PLACE).reveal()).isEqualTo(TOKEN.reveal());
        assertThat(stored).doesNotContain("xoxp").doesNotContain("SECRET");
        // 12-byte IV + the token's bytes + a 16-byte tag
        assertThat(Base64.getDecoder().decode(stored)).hasSize(12 + TOKEN.reveal().length() + 16);
    }

    @Test
    void eachEncryptionUsesAFreshIv() {
        assertThat(cipher.encrypt(TOKEN, PLACE)).isNotEqualTo(cipher.encrypt(TOKEN, PLACE));
    }

    @Test
    void anotherKeyCannotDecryptAndTheErrorShowsNeitherKeyNorCiphertext() {
        String stored = cipher.encrypt(TOKEN, PLACE);

        TokenCipher.UndecryptableException e = catchThrowableOfType(TokenCipher.UndecryptableException.class,
                () -> TokenCipher.fromBase64(new Secret(OTHER_KEY)).decrypt(stored, PLACE));

        assertThat(e.getMessage()).contains("SESSION_GUARD_ENCRYPTION_KEY").contains(PLACE)
                .doesNotContain(stored).doesNotContain(KEY).doesNotContain(OTHER_KEY).doesNotContain(TOKEN.reveal());
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void aCiphertextMovedToAnotherPlaceDoesNotDecrypt() {
        String stored = cipher.encrypt(TOKEN, PLACE);

        assertThatThrownBy(() -> cipher.decrypt(stored, "E0000ORG1/bot_token"))
                .isInstanceOf(TokenCipher.UndecryptableException.class);
        assertThatThrownBy(() -> cipher.decrypt(stored, "E0000OTHER/installer_user_token"))
                .isInstanceOf(TokenCipher.UndecryptableException.class);
    }

    @Test
    void anAlteredCiphertextDoesNotDecrypt() {
        byte[] bytes = Base64.getDecoder().decode(cipher.encrypt(TOKEN, PLACE));
        bytes[20] ^= 1;

        assertThatThrownBy(() -> cipher.decrypt(Base64.getEncoder().encodeToString(bytes), PLACE))
                .isInstanceOf(TokenCipher.UndecryptableException.class);
        assertThatThrownBy(() -> cipher.decrypt("not base64!", PLACE))
                .isInstanceOf(TokenCipher.UndecryptableException.class);
        assertThatThrownBy(() -> cipher.decrypt("AAAA", PLACE))
                .isInstanceOf(TokenCipher.UndecryptableException.class);
    }

    @Test
    void theKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> TokenCipher.fromBase64(new Secret(Base64.getEncoder().encodeToString(new byte[16]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> TokenCipher.fromBase64(new Secret("not-base64-*-SECRET")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("SECRET");
    }
}
