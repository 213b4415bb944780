package dev.sessionguard.slack;

/** The org a signed request came from: Slack puts it on {@code enterprise}, or else on {@code team}. */
public final class RequestOrg {

    private RequestOrg() {
    }

    public static String of(String enterpriseId, String teamEnterpriseId) {
        return enterpriseId != null && !enterpriseId.isBlank() ? enterpriseId : teamEnterpriseId;
    }
}
