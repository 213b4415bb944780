package dev.sessionguard.signout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each scope's words and which sessions it ends, as the modal, the command and the engine read them. */
class ResetScopeTest {

    @Test
    void eachScopeHasItsValueLabelAndWords() {
        assertThat(ResetScope.ALL.value()).isEqualTo("all");
        assertThat(ResetScope.WEB.value()).isEqualTo("web");
        assertThat(ResetScope.MOBILE.value()).isEqualTo("mobile");
        assertThat(ResetScope.ALL.label()).isEqualTo("All sessions");
        assertThat(ResetScope.WEB.label()).isEqualTo("Web only");
        assertThat(ResetScope.MOBILE.label()).isEqualTo("Mobile only");
        assertThat(ResetScope.ALL.doneWords()).isEqualTo("Signed out of all sessions");
        assertThat(ResetScope.WEB.doneWords()).isEqualTo("Signed out of web sessions");
        assertThat(ResetScope.MOBILE.doneWords()).isEqualTo("Signed out of mobile sessions");
    }

    @Test
    void onlyWebEndsOnlyWebAndOnlyMobileOnlyMobile() {
        assertThat(ResetScope.ALL.webOnly()).isFalse();
        assertThat(ResetScope.ALL.mobileOnly()).isFalse();
        assertThat(ResetScope.WEB.webOnly()).isTrue();
        assertThat(ResetScope.WEB.mobileOnly()).isFalse();
        assertThat(ResetScope.MOBILE.webOnly()).isFalse();
        assertThat(ResetScope.MOBILE.mobileOnly()).isTrue();
    }

    @Test
    void aValueIsReadWhateverItsCaseAndAnythingElseIsNone() {
        assertThat(ResetScope.fromValue("web")).contains(ResetScope.WEB);
        assertThat(ResetScope.fromValue("MOBILE")).contains(ResetScope.MOBILE);
        assertThat(ResetScope.fromValue("All")).contains(ResetScope.ALL);
        assertThat(ResetScope.fromValue("everything")).isEmpty();
        assertThat(ResetScope.fromValue(null)).isEmpty();
    }
}
