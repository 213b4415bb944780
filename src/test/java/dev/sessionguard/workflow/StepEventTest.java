package dev.sessionguard.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionguard.signout.ResetScope;
import org.junit.jupiter.api.Test;

/** The step's event read from its raw JSON, including what the SDK's typed model drops, and odd inputs. */
class StepEventTest {

    static final String EVENT = """
            {"token":"x","team_id":"T0000TEAM1","enterprise_id":"E0000ORG1","api_app_id":"A0000APP1",
             "type":"event_callback","event_id":"Ev1","event_time":1,
             "event":{"type":"function_executed","function":{"id":"Fn1","callback_id":"sign_out_people"},
               "inputs":{"runner":{"id":"W0000ADMIN","secret":"c2VjcmV0"},"people":["W0000ALICE","W0000BOB"],
                         "scope":"web","reason":"Offboarding"},
               "function_execution_id":"Fx0001","workflow_execution_id":"Wx0001","event_ts":"1.2",
               "bot_access_token":"xwfp-token"}}
            """;

    @Test
    void readsTheRunnerFromTheUserContextObjectAndEveryInput() {
        StepEvent e = StepEvent.read(EVENT);

        assertThat(e.token()).isEqualTo("xwfp-token");
        assertThat(e.run()).isEqualTo(new SignOutStep.Run("Fx0001", "Wx0001", "W0000ADMIN", "E0000ORG1",
                java.util.List.of("W0000ALICE", "W0000BOB"), "web", "Offboarding"));
    }

    @Test
    void inputsOfTheWrongTypeReadAsMissingAndTheOrgFallsBackToTheAuthorization() {
        StepEvent e = StepEvent.read("""
                {"authorizations":[{"enterprise_id":"E0000ORG1"}],
                 "event":{"inputs":{"runner":"W0000ADMIN","people":"W0000ALICE","scope":7,"reason":["x"]},
                          "function_execution_id":"Fx0002"}}
                """);

        assertThat(e.run().runner()).isNull(); // a string is not a user_context: a builder can't set it by hand
        assertThat(e.run().people()).isEmpty();
        assertThat(e.run().scope()).isNull();
        assertThat(e.run().reason()).isNull();
        assertThat(e.run().orgId()).isEqualTo("E0000ORG1");
        assertThat(e.token()).isNull();
    }

    @Test
    void peopleKeepOnlyStrings() {
        StepEvent e = StepEvent.read("""
                {"event":{"inputs":{"people":["W0000ALICE",{"id":"W0000BOB"},3,null,"W0000CAROL"]}}}
                """);
        assertThat(e.run().people()).containsExactly("W0000ALICE", "W0000CAROL");
    }

    @Test
    void aBodyThatIsNoEnvelopeIsRefused() {
        assertThatThrownBy(() -> StepEvent.read("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StepEvent.read("{\"event\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theScopeIsAllByDefaultAndOnlyTheThreeKnownOnes() {
        assertThat(SignOutStep.scope(null)).isEqualTo(ResetScope.ALL);
        assertThat(SignOutStep.scope(" ")).isEqualTo(ResetScope.ALL);
        assertThat(SignOutStep.scope("all")).isEqualTo(ResetScope.ALL);
        assertThat(SignOutStep.scope(" Web ")).isEqualTo(ResetScope.WEB);
        assertThat(SignOutStep.scope("mobile")).isEqualTo(ResetScope.MOBILE);
        assertThat(SignOutStep.scope("desktop")).isNull();
    }
}
