package dev.sessionguard.reset;

import dev.sessionguard.signout.ResetScope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.reset.ResetCommand.Help;
import dev.sessionguard.reset.ResetCommand.Invalid;
import dev.sessionguard.reset.ResetCommand.Open;
import dev.sessionguard.reset.ResetCommand.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResetCommandTest {

    private static Prefill opened(String text) {
        Parsed parsed = ResetCommand.parse(text);
        assertThat(parsed).as("parse(%s)", text).isInstanceOf(Open.class);
        return ((Open) parsed).prefill();
    }

    private static String invalid(String text) {
        Parsed parsed = ResetCommand.parse(text);
        assertThat(parsed).as("parse(%s)", text).isInstanceOf(Invalid.class);
        return ((Invalid) parsed).message();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void noTextOpensAnEmptyForm(String text) {
        assertThat(opened(text)).isEqualTo(Prefill.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "HELP", " Help ", "?"})
    void helpInAnyCaseAsksForHelp(String text) {
        assertThat(ResetCommand.parse(text)).isInstanceOf(Help.class);
    }

    @Test
    void mentionsWithLabelsPrefillUsersScopeAndReason() {
        Prefill p = opened("<@W0000001|alice> <@W0000002|bob> web stolen laptop");

        assertThat(p.userIds()).containsExactly("W0000001", "W0000002");
        assertThat(p.scope()).isEqualTo(ResetScope.WEB);
        assertThat(p.reason()).isEqualTo("stolen laptop");
        assertThat(p.note()).isNull();
    }

    @Test
    void mentionWithoutLabelIsRead() {
        Prefill p = opened("<@W0000001>");

        assertThat(p).isEqualTo(new Prefill(List.of("W0000001"), ResetScope.ALL, "", null));
    }

    @Test
    void workspaceUserIdsAreAcceptedToo() {
        assertThat(opened("<@U0ABC123|dana> phishing").userIds()).containsExactly("U0ABC123");
    }

    @Test
    void repeatedMentionsAreListedOnceInFirstOrder() {
        Prefill p = opened("<@W0000002|bob> <@W0000001|alice> <@W0000002|bob> <@W0000001>");

        assertThat(p.userIds()).containsExactly("W0000002", "W0000001");
    }

    @Test
    void mobileKeywordInAnyCaseSetsMobileScope() {
        Prefill p = opened("<@W0000001|alice> MOBILE lost phone");

        assertThat(p.scope()).isEqualTo(ResetScope.MOBILE);
        assertThat(p.reason()).isEqualTo("lost phone");
    }

    @Test
    void scopeKeywordAloneLeavesReasonEmpty() {
        Prefill p = opened("<@W0000001|alice> mobile");

        assertThat(p.scope()).isEqualTo(ResetScope.MOBILE);
        assertThat(p.reason()).isEmpty();
    }

    @Test
    void withoutScopeKeywordEverythingAfterMentionsIsTheReasonAndScopeIsAll() {
        Prefill p = opened("<@W0000001|alice> website phishing");

        assertThat(p.scope()).isEqualTo(ResetScope.ALL);
        assertThat(p.reason()).isEqualTo("website phishing");
    }

    @Test
    void mentionsInsideTheReasonReadAsPlainNames() {
        Prefill p = opened("<@W0000001|alice> web reported by <@W0000003|carol> and <@W0000004>");

        assertThat(p.userIds()).containsExactly("W0000001");
        assertThat(p.reason()).isEqualTo("reported by @carol and @W0000004");
    }

    @Test
    void plainNameWithoutMentionIsRefusedWithUsage() {
        String message = invalid("alice");

        assertThat(message)
                .startsWith(":warning: Start with the people to sign out, as @mentions")
                .endsWith(ResetCommand.USAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here> stolen", "<!subteam^S1|@sec>", "<#C0123|general>", "web <@W0000001|alice>"})
    void textNotStartingWithAPersonIsRefused(String text) {
        assertThat(invalid(text)).contains("Start with the people to sign out").contains(ResetCommand.USAGE);
    }

    @Test
    void mentionsSeparatedByCommasAreAllPeople() {
        Prefill p = opened("<@W0000001|alice>, <@W0000002|bob>, web phished");

        assertThat(p.userIds()).containsExactly("W0000001", "W0000002");
        assertThat(p.scope()).isEqualTo(ResetScope.WEB);
        assertThat(p.reason()).isEqualTo("phished");
    }

    @Test
    void aPersonMentionedFirstIsStillAReset() {
        assertThat(opened("<@W0000001> sessions stolen").reason()).isEqualTo("sessions stolen");
    }

    @Test
    void usageMentionsTheConsoleAndPolicy() {
        assertThat(ResetCommand.USAGE).contains("/session-reset sessions @alice").contains("/session-reset policy @alice @bob");
    }
}
