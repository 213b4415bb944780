package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import dev.sessionguard.access.Actor;
import org.junit.jupiter.api.Test;

class ActorsTest {

    @Test
    void aSlashCommandsActorIsItsUserInItsEnterprise() {
        SlashCommandPayload p = new SlashCommandPayload();
        p.setUserId("W0ADMIN");
        p.setEnterpriseId("E0ORG");

        assertThat(Actors.of(p)).isEqualTo(new Actor("W0ADMIN", "E0ORG"));
    }

    @Test
    void theOrgIsTheEnterpriseElseTheTeamsEnterprise() {
        BlockActionPayload p = new BlockActionPayload();
        p.setUser(new BlockActionPayload.User());
        p.getUser().setId("W0ADMIN");
        p.setTeam(new BlockActionPayload.Team());
        p.getTeam().setEnterpriseId("E0TEAM");

        assertThat(Actors.of(p)).isEqualTo(new Actor("W0ADMIN", "E0TEAM"));

        p.setEnterprise(new BlockActionPayload.Enterprise());
        p.getEnterprise().setId("E0ORG");
        assertThat(Actors.of(p)).isEqualTo(new Actor("W0ADMIN", "E0ORG"));

        p.getEnterprise().setId(" ");
        assertThat(Actors.of(p).requestOrgId()).isEqualTo("E0TEAM");
    }
}
