package dev.sessionguard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.GuardSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectedUsersTest {

    private final ProtectedUsers glass = ProtectedUsers.of(List.of("W0000GLASS", "U0000ROOT"));

    @Test
    void onlyTheListedAccountsAreProtected() {
        assertThat(glass.isProtected("W0000GLASS")).isTrue();
        assertThat(glass.isProtected("U0000ROOT")).isTrue();
        assertThat(glass.isProtected("W0000ALICE")).isFalse();
        assertThat(glass.isProtected(null)).isFalse();
        assertThat(ProtectedUsers.NONE.isProtected("W0000GLASS")).isFalse();
    }

    @Test
    void amongKeepsTheOrderGivenWithoutDuplicates() {
        assertThat(glass.among(List.of("W0000ALICE", "U0000ROOT", "W0000GLASS", "U0000ROOT")))
                .containsExactly("U0000ROOT", "W0000GLASS");
    }

    @Test
    void anEntryThatIsNotAUserIdIsRefused() {
        assertThatThrownBy(() -> ProtectedUsers.of(List.of("W0000GLASS", "@alice")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@alice");
    }

    @Test
    void whatTheAdminReadsNamesTheSettingAndNothingWasSent() {
        TargetResult signOut = ProtectedUsers.notSignedOut("W0000GLASS");
        TargetResult policy = ProtectedUsers.policyNotChanged("W0000GLASS");

        assertThat(List.of(signOut, policy)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TargetResult.Status.NOT_ATTEMPTED);
            assertThat(r.errorCode()).isEqualTo("protected_user");
            assertThat(r.words()).contains("this account is protected (" + GuardSettings.PROTECTED_USERS + ")");
        });
        assertThat(signOut.words()).isEqualTo("Not attempted: this account is protected (SESSION_GUARD_PROTECTED_USERS),"
                + " so Session Guard never signs it out.");
        assertThat(policy.words()).endsWith("never changes its session policy.");
    }
}
