package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonObject;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import com.slack.api.util.json.GsonFactory;
import dev.sessionguard.support.OAuthFlow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which {@code oauth.v2.access} answers are stored, and what a refused installer is told. */
class OrgInstallRefusalTest {

    static final String ORG = "E0000ORG1";

    static OAuthV2AccessResponse parse(JsonObject json) {
        json.addProperty("ok", true);
        return GsonFactory.createSnakeCase().fromJson(json, OAuthV2AccessResponse.class);
    }

    static Optional<OrgInstallHandler.Refusal> refusal(JsonObject json) {
        return OrgInstallHandler.refusal(parse(json), Optional.empty());
    }

    @Test
    void anOrgWideInstallWithBothAdminScopesIsAccepted() {
        assertThat(refusal(OAuthFlow.orgInstall(ORG))).isEmpty();
        assertThat(OrgInstallHandler.refusal(parse(OAuthFlow.orgInstall(ORG)), Optional.of(ORG))).isEmpty();
    }

    @Test
    void aWorkspaceInstallIsRefusedNamingTheWorkspaceAndTheWayToPickTheOrg() {
        OrgInstallHandler.Refusal r = refusal(OAuthFlow.workspaceInstall(ORG)).orElseThrow();

        assertThat(r.code()).isEqualTo("workspace_install");
        assertThat(r.why()).contains("one workspace (Example Workspace)", "not to the organization");
        assertThat(r.whatToDo()).contains("Org Owner or Org Admin", "/slack/install", "organization in the menu");
    }

    @Test
    void aWorkspaceOutsideEnterpriseGridIsRefused() {
        JsonObject json = OAuthFlow.workspaceInstall(ORG);
        json.remove("enterprise");

        assertThat(refusal(json).orElseThrow().code()).isEqualTo("not_enterprise_grid");
    }

    @Test
    void anInstallerWhoDidNotGrantAdminUsersWriteIsRefusedNamingIt() {
        OrgInstallHandler.Refusal r = refusal(OAuthFlow.orgInstallWithUserScope(ORG, "admin.users:read")).orElseThrow();

        assertThat(r.code()).isEqualTo("missing_admin_scope");
        assertThat(r.why()).contains("W0000INSTALLER", "did not grant admin.users:write").doesNotContain("admin.users:read and");
        assertThat(r.whatToDo()).contains("Org Owner or Org Admin", "admin.users:read and admin.users:write");
    }

    @Test
    void anInstallWithoutAUserTokenIsRefusedLikeMissingScopes() {
        JsonObject json = OAuthFlow.orgInstall(ORG);
        json.getAsJsonObject("authed_user").remove("access_token");

        assertThat(refusal(json).orElseThrow().why()).contains("did not grant admin.users:read and admin.users:write");
    }

    @Test
    void rotatingTokensAreRefusedBecauseTheyWouldExpireUnrefreshed() {
        JsonObject json = OAuthFlow.orgInstall(ORG);
        json.addProperty("refresh_token", "xoxe-1-refresh");
        json.addProperty("expires_in", 43200);

        assertThat(refusal(json).orElseThrow().code()).isEqualTo("token_rotation");
    }

    @Test
    void aSecondOrgIsRefusedWhileTheFirstIsInstalled() {
        OrgInstallHandler.Refusal r = OrgInstallHandler.refusal(parse(OAuthFlow.orgInstall("E0000OTHER")),
                Optional.of(ORG)).orElseThrow();

        assertThat(r.code()).isEqualTo("another_org");
        assertThat(r.why()).contains(ORG);
    }

    @Test
    void theScopesAskedForAreTheManifests() throws IOException {
        JsonNode manifest = new YAMLMapper().readTree(Path.of(System.getProperty("basedir", "."))
                .resolve("manifest.yml").toFile());
        List<String> bot = new ArrayList<>();
        manifest.at("/oauth_config/scopes/bot").forEach(n -> bot.add(n.asText()));
        List<String> user = new ArrayList<>();
        manifest.at("/oauth_config/scopes/user").forEach(n -> user.add(n.asText()));

        assertThat(OAuthScopes.BOT).isEqualTo(String.join(",", bot));
        assertThat(OAuthScopes.USER).isEqualTo(String.join(",", user));
        assertThat(manifest.at("/oauth_config/redirect_urls/0").asText()).endsWith(OAuthPaths.REDIRECT);
        assertThat(manifest.at("/settings/token_rotation_enabled").asBoolean()).isFalse();
        assertThat(manifest.at("/settings/event_subscriptions/bot_events").toString())
                .contains("tokens_revoked", "app_uninstalled");
    }
}
