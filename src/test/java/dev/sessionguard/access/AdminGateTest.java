package dev.sessionguard.access;

import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.OrgIdentity;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.SlackUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminGateTest {

    private static final String ORG = "E0ORG1";
    private static final String INVOKER = "W0INVOKER";
    private static final String GROUP = "S0ADMINS";

    private Directory directory;
    private OrgIdentity org;

    @BeforeEach
    void setUp() {
        directory = mock(Directory.class);
        org = mock(OrgIdentity.class);
        when(org.orgId()).thenReturn(Optional.of(ORG));
    }

    private static SlackUser person(String enterpriseId, boolean orgAdmin, boolean orgOwner, boolean deactivated) {
        return new SlackUser(INVOKER, "Ada", enterpriseId, orgAdmin, orgOwner, false, false, deactivated, List.of("T1"));
    }

    private void invokerIs(SlackUser user) {
        when(directory.lookup(INVOKER)).thenReturn(new Directory.Lookup(Optional.of(user), null));
    }

    private AdminGate gate() {
        return new AdminGate(directory, org, Optional.empty());
    }

    private AdminGate gateLimitedToGroup() {
        return new AdminGate(directory, org, Optional.of(GROUP));
    }

    private static SlackResult<List<String>> members(String... ids) {
        return new SlackResult<>(List.of(ids), null, 0, false, 1);
    }

    @Test
    void orgAdminIsAllowed() {
        invokerIs(person(ORG, true, false, false));

        GateDecision d = gate().check(INVOKER, ORG);

        assertThat(d).isEqualTo(new GateDecision(true, "allowed", ""));
    }

    @Test
    void orgOwnerIsAllowed() {
        invokerIs(person(ORG, false, true, false));

        assertThat(gate().check(INVOKER, ORG).allowed()).isTrue();
    }

    @Test
    void requestWithoutOrgIsJudgedAgainstTheTokensOrg() {
        invokerIs(person(ORG, true, false, false));

        assertThat(gate().check(INVOKER, null).allowed()).isTrue();
    }

    @Test
    void workspaceOnlyAdminIsRefused() {
        invokerIs(person(ORG, false, false, false));

        GateDecision d = gate().check(INVOKER, ORG);

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("not_org_admin");
        assertThat(d.reason()).contains("Only Org Owners and Org Admins", "Workspace admins");
    }

    @Test
    void adminOfAnotherOrgIsRefused() {
        invokerIs(person("E0OTHER", true, true, false));

        GateDecision d = gate().check(INVOKER, ORG);

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("other_org");
    }

    @Test
    void personWithoutAnyOrgIsRefused() {
        invokerIs(person(null, true, false, false));

        assertThat(gate().check(INVOKER, ORG).code()).isEqualTo("other_org");
    }

    @Test
    void requestFromAnOrgOtherThanTheTokensIsRefusedWithoutLookingAnyoneUp() {
        invokerIs(person("E0OTHER", true, false, false));

        GateDecision d = gate().check(INVOKER, "E0OTHER");

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("org_mismatch");
        verify(directory, never()).lookup(anyString());
    }

    @Test
    void unknownTokenOrgAndNoRequestOrgIsRefused() {
        when(org.orgId()).thenReturn(Optional.empty());
        invokerIs(person(ORG, true, false, false));

        GateDecision d = gate().check(INVOKER, " ");

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("org_mismatch");
    }

    @Test
    void failedLookupRefusesAndSaysWhy() {
        when(directory.lookup(INVOKER)).thenReturn(new Directory.Lookup(Optional.empty(), "internal_error"));

        GateDecision d = gate().check(INVOKER, ORG);

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("lookup_failed");
        assertThat(d.reason()).startsWith("Session Guard could not confirm your role, so it did nothing. ")
                .endsWith(SlackErrors.describe("internal_error"));
    }

    @Test
    void deactivatedOrgAdminIsRefused() {
        invokerIs(person(ORG, true, true, true));

        GateDecision d = gate().check(INVOKER, ORG);

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("deactivated");
    }

    @Test
    void orgAdminInTheAdminGroupIsAllowed() {
        invokerIs(person(ORG, true, false, false));
        when(directory.groupMembers(GROUP)).thenReturn(members("W0OTHER", INVOKER));

        assertThat(gateLimitedToGroup().check(INVOKER, ORG).allowed()).isTrue();
    }

    @Test
    void orgAdminOutsideTheAdminGroupIsRefused() {
        invokerIs(person(ORG, true, false, false));
        when(directory.groupMembers(GROUP)).thenReturn(members("W0OTHER"));

        GateDecision d = gateLimitedToGroup().check(INVOKER, ORG);

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("not_in_admin_group");
    }

    @Test
    void failedGroupLookupRefuses() {
        invokerIs(person(ORG, true, false, false));
        when(directory.groupMembers(GROUP)).thenReturn(new SlackResult<>(null, "no_such_subteam", 0, false, 1));

        GateDecision d = gateLimitedToGroup().check(INVOKER, ORG);

        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo("group_check_failed");
        assertThat(d.reason()).contains(SlackErrors.describe("no_such_subteam"));
    }

    @Test
    void nonAdminIsRefusedBeforeTheGroupIsAskedFor() {
        invokerIs(person(ORG, false, false, false));

        assertThat(gateLimitedToGroup().check(INVOKER, ORG).code()).isEqualTo("not_org_admin");
        verify(directory, never()).groupMembers(anyString());
    }

    @Test
    void demotedAdminIsRefusedOnTheNextCheck() {
        when(directory.lookup(INVOKER)).thenReturn(
                new Directory.Lookup(Optional.of(person(ORG, true, false, false)), null),
                new Directory.Lookup(Optional.of(person(ORG, false, false, false)), null));
        AdminGate gate = gate();

        assertThat(gate.check(INVOKER, ORG).allowed()).isTrue();
        assertThat(gate.check(INVOKER, ORG).code()).isEqualTo("not_org_admin");
        verify(directory, times(2)).lookup(INVOKER);
    }

    // ------------------------------------------------------------------ the cache for opening forms

    private AdminGate cachingGate() {
        return new AdminGate(directory, org, Optional.empty(), java.time.Duration.ofSeconds(30));
    }

    @Test
    void aSecondOpeningWithinTheWindowIsAllowedWithoutAskingSlack() {
        invokerIs(person(ORG, true, false, false));
        AdminGate gate = cachingGate();

        assertThat(gate.checkToOpen(INVOKER, ORG).allowed()).isTrue();
        assertThat(gate.checkToOpen(INVOKER, ORG).allowed()).isTrue();

        verify(directory, times(1)).lookup(INVOKER);
    }

    @Test
    void theCheckBeforeAChangeNeverUsesTheCache() {
        invokerIs(person(ORG, true, false, false));
        AdminGate gate = cachingGate();
        gate.checkToOpen(INVOKER, ORG);

        gate.check(INVOKER, ORG);
        gate.check(INVOKER, ORG);

        verify(directory, times(3)).lookup(INVOKER);
    }

    @Test
    void aDemotionSeenAtAChangeEndsTheCachedAllowForOpening() {
        invokerIs(person(ORG, true, false, false));
        AdminGate gate = cachingGate();
        gate.checkToOpen(INVOKER, ORG);
        invokerIs(person(ORG, false, false, false));

        assertThat(gate.check(INVOKER, ORG).allowed()).isFalse();

        assertThat(gate.checkToOpen(INVOKER, ORG).allowed()).isFalse();
    }

    @Test
    void aRefusalIsNotCachedSoAPromotedAdminCanOpenAtOnce() {
        invokerIs(person(ORG, false, false, false));
        AdminGate gate = cachingGate();
        assertThat(gate.checkToOpen(INVOKER, ORG).allowed()).isFalse();
        invokerIs(person(ORG, true, false, false));

        assertThat(gate.checkToOpen(INVOKER, ORG).allowed()).isTrue();
    }

    @Test
    void withTheCacheOffEveryOpeningAsksSlack() {
        invokerIs(person(ORG, true, false, false));
        AdminGate gate = gate();

        gate.checkToOpen(INVOKER, ORG);
        gate.checkToOpen(INVOKER, ORG);

        verify(directory, times(2)).lookup(INVOKER);
    }

    @Test
    void anAllowIsCachedPerRequestOrg() {
        invokerIs(person(ORG, true, false, false));
        AdminGate gate = cachingGate();
        gate.checkToOpen(INVOKER, ORG);

        assertThat(gate.checkToOpen(INVOKER, "E0OTHER").code()).isEqualTo("org_mismatch");
    }
}
