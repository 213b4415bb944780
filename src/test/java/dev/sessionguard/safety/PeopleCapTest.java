package dev.sessionguard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A cap of at least one person, which allows up to it and no more. */
class PeopleCapTest {

    @Test
    void aCapIsAtLeastOneAndAllowsUpToItself() {
        assertThatThrownBy(() -> new PeopleCap(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the cap must be at least 1, not 0");
        PeopleCap one = new PeopleCap(1);
        assertThat(one.allows(1)).isTrue();
        assertThat(one.allows(2)).isFalse();
    }
}
