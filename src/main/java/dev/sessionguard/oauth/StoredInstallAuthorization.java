package dev.sessionguard.oauth;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.MiddlewareOps;
import com.slack.api.bolt.middleware.builtin.MultiTeamsAuthorization;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.InstallationService;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.sessionguard.edge.Reply;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Bolt's authorization in OAuth mode, less its {@code auth.test} before the ack. Bolt asks Slack who each request's
 * bot token belongs to before any handler runs, the first time it sees the token: the first request after every
 * start and every install waited on Slack, and with Slack slow, missed its 3 s. For the org's stored bot token the
 * answer is already known: Slack gave the token in {@code oauth.v2.access} for this org's install (stored with its
 * bot user), and a revoked token is removed by Slack's {@code tokens_revoked} and {@code app_uninstalled} events and
 * refused by every call that uses it. Any other token is Bolt's to check, as before.
 *
 * <p>A request from an org with no install is acked at once, and the install guide goes to its {@code response_url}
 * after the ack ({@code tellLater}), where Bolt would post it before the ack.
 */
final class StoredInstallAuthorization extends MultiTeamsAuthorization {

    private final InstallationService store;
    private final Supplier<Optional<OrgInstallation>> installed;
    private final BiConsumer<Reply, String> tellLater;

    StoredInstallAuthorization(AppConfig config, InstallationService store,
            Supplier<Optional<OrgInstallation>> installed, BiConsumer<Reply, String> tellLater) {
        super(config, store);
        this.store = store;
        this.installed = installed;
        this.tellLater = tellLater;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.getResponseUrl() != null && !MiddlewareOps.isNoAuthRequiredRequest(req.getRequestType())
                && !MiddlewareOps.isNoTokenRequiredRequest(req) && notInstalled(req.getContext())) {
            Context c = req.getContext();
            tellLater.accept(new Reply(c.getRequestUserId(), req.getResponseUrl()),
                    store.getInstallationGuideText(c.getEnterpriseId(), c.getTeamId(), c.getRequestUserId()));
            return Response.builder().statusCode(200).build();
        }
        return super.apply(req, resp, chain);
    }

    /**
     * As Bolt decides it: neither a bot token nor the requester's own user token is stored for the request's org.
     * The install the calls use (read at most every 30 s) answers for its own org without another read.
     */
    private boolean notInstalled(Context c) {
        Optional<OrgInstallation> known = installed.get();
        if (known.isPresent() && known.get().botToken() != null
                && known.get().enterpriseId().equals(c.getEnterpriseId())) {
            return false;
        }
        return store.findBot(c.getEnterpriseId(), c.getTeamId()) == null
                && (c.getRequestUserId() == null
                        || store.findInstaller(c.getEnterpriseId(), c.getTeamId(), c.getRequestUserId()) == null);
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
