package dev.sessionguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A chain is intact only when no record broke it: -1 is "none", record 0 or later is where it broke. */
class AuditStoreVerificationTest {

    @Test
    void aChainIsIntactOnlyWithoutABreak() {
        assertThat(new AuditStore.Verification(3, -1, null, "ab").intact()).isTrue();
        assertThat(new AuditStore.Verification(3, 0, "hash mismatch", "ab").intact()).isFalse();
        assertThat(new AuditStore.Verification(3, 2, "hash mismatch", "ab").intact()).isFalse();
    }
}
