package dev.sessionguard.edge;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.payload.GlobalShortcutPayload;
import com.slack.api.app_backend.interactive_components.payload.MessageShortcutPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import dev.sessionguard.access.Actor;

/**
 * Who sent a signed request, and from which org: Slack puts the org on {@code enterprise}, or else on
 * {@code team}. One overload per payload type, because the SDK's payloads share no interface; each is one line
 * into {@link #org}, the one place that decides the org.
 */
public final class Actors {

    private Actors() {
    }

    public static Actor of(SlashCommandPayload p) {
        return new Actor(p.getUserId(), p.getEnterpriseId());
    }

    public static Actor of(GlobalShortcutPayload p) {
        return new Actor(p.getUser().getId(), org(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId()));
    }

    public static Actor of(MessageShortcutPayload p) {
        return new Actor(p.getUser().getId(), org(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId()));
    }

    public static Actor of(ViewSubmissionPayload p) {
        return new Actor(p.getUser().getId(), org(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId()));
    }

    public static Actor of(BlockActionPayload p) {
        return new Actor(p.getUser().getId(), org(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId()));
    }

    /** The request's org: the enterprise's ID, or else the team's enterprise ID. */
    static String org(String enterpriseId, String teamEnterpriseId) {
        return enterpriseId != null && !enterpriseId.isBlank() ? enterpriseId : teamEnterpriseId;
    }
}
