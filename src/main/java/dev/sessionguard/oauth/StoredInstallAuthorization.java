package dev.sessionguard.oauth;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.builtin.MultiTeamsAuthorization;
import com.slack.api.bolt.service.InstallationService;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Bolt's authorization in OAuth mode, less its {@code auth.test} before the ack. Bolt asks Slack who each request's
 * bot token belongs to before any handler runs, the first time it sees the token: the first request after every
 * start and every install waited on Slack, and with Slack slow, missed its 3 s. For the org's stored bot token the
 * answer is already known: Slack gave the token in {@code oauth.v2.access} for this org's install (stored with its
 * bot user), and a revoked token is removed by Slack's {@code tokens_revoked} and {@code app_uninstalled} events and
 * refused by every call that uses it. Any other token is Bolt's to check, as before.
 */
final class StoredInstallAuthorization extends MultiTeamsAuthorization {

    private final Supplier<Optional<OrgInstallation>> installed;

    StoredInstallAuthorization(AppConfig config, InstallationService store,
            Supplier<Optional<OrgInstallation>> installed) {
        super(config, store);
        this.installed = installed;
    }

    @Override
    protected AuthTestResponse callAuthTest(String token, AppConfig config, MethodsClient client)
            throws IOException, SlackApiException {
        Optional<AuthTestResponse> known = known(token);
        return known.isPresent() ? known.get() : super.callAuthTest(token, config, client);
    }

    /** What Slack's {@code auth.test} says of the stored install's bot token, without asking it. */
    Optional<AuthTestResponse> known(String token) {
        return installed.get()
                .filter(i -> i.botToken() != null && i.botToken().reveal().equals(token))
                .map(i -> {
                    AuthTestResponse r = new AuthTestResponse();
                    r.setOk(true);
                    // An org-wide install: the request's team stays the workspace it came from.
                    r.setEnterpriseInstall(true);
                    r.setEnterpriseId(i.enterpriseId());
                    r.setTeamId(i.enterpriseId());
                    r.setUserId(i.botUserId());
                    r.setBotId(i.botId());
                    r.setAppId(i.appId());
                    return r;
                });
    }
}
