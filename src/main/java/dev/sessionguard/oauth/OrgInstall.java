package dev.sessionguard.oauth;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.MultiTeamsAuthorization;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.builtin.oauth.OAuthV2AccessErrorHandler;
import com.slack.api.methods.MethodsClient;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.Tokens;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth mode, wired in one place: Bolt's install flow at {@link OAuthPaths#INSTALL} and {@link OAuthPaths#REDIRECT}
 * with state validation on, the encrypted install store, and the tokens the features use, read from it.
 * One deployment serves one Enterprise Grid org.
 */
public final class OrgInstall {

    private static final Logger log = LoggerFactory.getLogger(OrgInstall.class);

    private final InstallStore store;
    private final InstallStates states;
    private final StoredTokens tokens;
    private final Clock clock;
    private final Runnable onChange;

    private OrgInstall(InstallStore store, InstallStates states, StoredTokens tokens, Clock clock, Runnable onChange) {
        this.store = store;
        this.states = states;
        this.tokens = tokens;
        this.clock = clock;
        this.onChange = onChange;
    }

    /**
     * OAuth mode on the stores the composition root built (the app's database, in production).
     *
     * @param tokens   the tokens the features use, read from {@code store} ({@link StoredTokens#StoredTokens}); made
     *                 first, since what {@code onChange} reaches is built on them
     * @param onChange runs whenever an install is stored, or a stored install or token deleted (uninstall,
     *                 revocation): e.g. {@code OrgIdentity::forget}, so the admin gate asks Slack again which org it
     *                 serves
     */
    public static OrgInstall open(InstallStore store, InstallStates states, StoredTokens tokens, Clock clock,
            Runnable onChange) {
        return new OrgInstall(store, states, tokens, clock, onChange);
    }

    /** The org's bot and admin tokens, read from the store and kept a little while (see {@link StoredTokens}). */
    public Tokens tokens() {
        return tokens;
    }

    public InstallStore store() {
        return store;
    }

    private void changed() {
        // First, and whatever the listener does: the next Slack call must not use a token just deleted.
        tokens.forget();
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.error("Reacting to a changed install failed: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Slack's {@code error} on the redirect, or {@code unknown_error}: the query is anyone's to write, and the
     * value goes into the page and the log before any state is checked.
     */
    static String errorCode(String error) {
        return error != null && ERROR_CODE.matcher(error).matches() ? error : "unknown_error";
    }

    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,50}");

    /**
     * Sets every {@link AppConfig} field of the OAuth flow from {@code settings}: Bolt would otherwise take
     * several from the process environment ({@code SLACK_INSTALL_PATH}, {@code SLACK_BOT_TOKEN} …).
     */
    public static void configure(AppConfig config, OAuthSettings settings) {
        config.setClientId(settings.clientId());
        config.setClientSecret(settings.clientSecret().reveal());
        config.setRedirectUri(settings.redirectUri().orElse(null));
        config.setScope(OAuthScopes.BOT);
        config.setUserScope(OAuthScopes.USER);
        config.setSingleTeamBotToken(null);
        config.setClassicAppPermissionsEnabled(false);
        config.setOpenIDConnectEnabled(false);
        config.setStateValidationEnabled(true);
        config.setAlwaysRequestUserTokenNeeded(false);
        // With no appPath, Bolt matches these whole paths against the request URI.
        config.setAppPath(null);
        config.setOauthStartPath(OAuthPaths.INSTALL);
        config.setOauthInstallPath(OAuthPaths.INSTALL);
        config.setOauthCallbackPath(OAuthPaths.REDIRECT);
        config.setOauthRedirectUriPath(OAuthPaths.REDIRECT);
        config.setOauthCancellationUrl(null);
        config.setOauthCompletionUrl(null);
        config.setOAuthInstallPageRenderingEnabled(true);
        config.setOAuthInstallPageRenderer(InstallPages::install);
    }

    /**
     * Bolt's app for OAuth mode, on a {@link #configure configured} AppConfig: its authorization knows the stored
     * install's bot token ({@link StoredInstallAuthorization}), so no request waits on Slack's {@code auth.test}
     * before its ack.
     */
    public App app(AppConfig config, BiConsumer<Reply, String> tellLater) {
        return new App(config) {
            @Override
            protected List<Middleware> buildDefaultMiddlewareList(AppConfig c) {
                List<Middleware> list = new ArrayList<>(super.buildDefaultMiddlewareList(c));
                list.replaceAll(m -> m instanceof MultiTeamsAuthorization
                        ? new StoredInstallAuthorization(c, store, tokens::installed, tellLater) : m);
                return list;
            }
        };
    }

    /** Turns {@code app} (built on a {@link #configure configured} AppConfig) into the org installer, before it starts. */
    public void register(App app, AuditLog audit, MethodsClient slack, SlackCalls calls) {
        app.asOAuthApp(true);
        app.service(store);
        app.service(states);
        // After service(store), which installs Bolt's default success handler.
        app.oauthCallback(new OrgInstallHandler(store, audit, slack, calls, clock, this::changed));
        app.oauthCallbackStateError((req, resp) -> {
            log.warn("Refused an OAuth redirect whose state is missing, expired, used or from another browser");
            return stateNotValid(resp);
        });
        app.oauthCallbackAccessError((OAuthV2AccessErrorHandler) (req, resp, api) -> {
            log.warn("oauth.v2.access failed: {}", api.getError());
            return OrgInstallHandler.page(resp, 400, InstallPages.failed("Slack did not hand over the install's "
                    + "tokens (" + api.getError() + ")."));
        });
        app.oauthCallbackError((req, resp) -> {
            String error = errorCode(req.getPayload().getError());
            log.info("The OAuth flow came back with {}", error);
            return OrgInstallHandler.page(resp, 400, InstallPages.failed("Slack reported " + error
                    + ": the install was cancelled or not allowed."));
        });
        app.oauthCallbackException((req, resp, e) -> {
            if (e instanceof InstallStates.StateAlreadyUsedException) {
                log.warn("Refused an OAuth redirect whose state another request used up meanwhile; nothing stored");
                return stateNotValid(resp);
            }
            log.error("Finishing an install failed: {}", e.getClass().getSimpleName());
            return OrgInstallHandler.page(resp, 500, InstallPages.failed("Something went wrong on Session Guard's "
                    + "side; nothing was installed."));
        });
        new RevocationListeners(store, audit, clock, this::changed).register(app);
    }

    private static Response stateNotValid(Response resp) {
        return OrgInstallHandler.page(resp, 400, InstallPages.failed("This install link is not valid here: it "
                + "expired, was already used, or was opened in another browser."));
    }

    /**
     * The flow's two pages, for the HTTP server: each serves only its own step of the flow, for a browser's GET,
     * and hands Bolt nothing else.
     */
    public Map<String, HttpServlet> servlets(App app) {
        return Map.of(OAuthPaths.INSTALL, OAuthPagesServlet.start(app, new InstallStartLimit(), states::hasRoom),
                OAuthPaths.REDIRECT, OAuthPagesServlet.callback(app));
    }
}
