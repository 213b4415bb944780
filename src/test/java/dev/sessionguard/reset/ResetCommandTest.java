package dev.sessionguard.reset;

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
        Prefill p = opened("<@W1|alice> <@W2|bob> web stolen laptop");

        assertThat(p.userIds()).containsExactly("W1", "W2");
        assertThat(p.scope()).isEqualTo(ResetScope.WEB);
        assertThat(p.reason()).isEqualTo("stolen laptop");
        assertThat(p.note()).isNull();
    }

    @Test
    void mentionWithoutLabelIsRead() {
        Prefill p = opened("<@W1>");

        assertThat(p).isEqualTo(new Prefill(List.of("W1"), ResetScope.ALL, "", null));
    }

    @Test
    void workspaceUserIdsAreAcceptedToo() {
        assertThat(opened("<@U0ABC123|dana> phishing").userIds()).containsExactly("U0ABC123");
    }

    @Test
    void repeatedMentionsAreListedOnceInFirstOrder() {
        Prefill p = opened("<@W2|bob> <@W1|alice> <@W2|bob> <@W1>");

        assertThat(p.userIds()).containsExactly("W2", "W1");
    }

    @Test
    void mobileKeywordInAnyCaseSetsMobileScope() {
        Prefill p = opened("<@W1|alice> MOBILE lost phone");

        assertThat(p.scope()).isEqualTo(ResetScope.MOBILE);
        assertThat(p.reason()).isEqualTo("lost phone");
    }

    @Test
    void scopeKeywordAloneLeavesReasonEmpty() {
        Prefill p = opened("<@W1|alice> mobile");

        assertThat(p.scope()).isEqualTo(ResetScope.MOBILE);
        assertThat(p.reason()).isEmpty();
    }

    @Test
    void withoutScopeKeywordEverythingAfterMentionsIsTheReasonAndScopeIsAll() {
        Prefill p = opened("<@W1|alice> website phishing");

        assertThat(p.scope()).isEqualTo(ResetScope.ALL);
        assertThat(p.reason()).isEqualTo("website phishing");
    }

    @Test
    void mentionsInsideTheReasonReadAsPlainNames() {
        Prefill p = opened("<@W1|alice> web reported by <@W3|carol> and <@W4>");

        assertThat(p.userIds()).containsExactly("W1");
        assertThat(p.reason()).isEqualTo("reported by @carol and @W4");
    }

    @Test
    void plainNameWithoutMentionIsRefusedWithUsage() {
        String message = invalid("alice");

        assertThat(message)
                .startsWith(":warning: Start with the people to sign out, as @mentions")
                .endsWith(ResetCommand.USAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!channel>", "<!here> stolen", "<!subteam^S1|@sec>", "<#C0123|general>", "web <@W1|alice>"})
    void textNotStartingWithAPersonIsRefused(String text) {
        assertThat(invalid(text)).contains("Start with the people to sign out").contains(ResetCommand.USAGE);
    }
}
