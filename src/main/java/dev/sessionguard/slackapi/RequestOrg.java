package dev.sessionguard.slackapi;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.payload.GlobalShortcutPayload;
import com.slack.api.app_backend.interactive_components.payload.MessageShortcutPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;

/**
 * The org a signed request came from: Slack puts it on {@code enterprise}, or else on {@code team}.
 * One overload per payload type, because the SDK's payloads share no interface.
 */
public final class RequestOrg {

    private RequestOrg() {
    }

    public static String of(String enterpriseId, String teamEnterpriseId) {
        return enterpriseId != null && !enterpriseId.isBlank() ? enterpriseId : teamEnterpriseId;
    }

    public static String of(GlobalShortcutPayload p) {
        return of(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId());
    }

    public static String of(MessageShortcutPayload p) {
        return of(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId());
    }

    public static String of(ViewSubmissionPayload p) {
        return of(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId());
    }

    public static String of(BlockActionPayload p) {
        return of(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getTeam() == null ? null : p.getTeam().getEnterpriseId());
    }
}
