package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstallPagesTest {

    @Test
    void theInstallPageLinksToTheAuthorizeUrlWithItsAmpersandsEscaped() {
        String html = InstallPages.install("https://slack.com/oauth/v2/authorize?client_id=1.2&scope=a&state=s\"><x");

        assertThat(html).contains("href=\"https://slack.com/oauth/v2/authorize?client_id=1.2&amp;scope=a&amp;state=s&quot;&gt;&lt;x\"")
                .doesNotContain("\"><x");
    }

    @Test
    void theSuccessPageNamesTheOrgAndTheInstallerButNoToken() {
        OrgInstallation i = new OrgInstallation("E0000ORG1", "<b>Evil & Co</b>", "A1", "W0000INSTALLER", "admin.users:read",
                new Secret("xoxp-page-SECRET"), "B1", "U1", "commands", new Secret("xoxb-page-SECRET"), Instant.EPOCH);

        String html = InstallPages.installed(i);

        assertThat(html).contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt; (E0000ORG1)", "W0000INSTALLER", "/invite @session-guard")
                .doesNotContain("<b>Evil").doesNotContain("SECRET");
    }

    @Test
    void aRefusalPageSaysWhyAndWhatToDoAndLinksBackToTheStart() {
        String html = InstallPages.refused("Because <script>", "Do this & that");

        assertThat(html).contains("Session Guard was not installed", "Because &lt;script&gt;", "Do this &amp; that",
                "href=\"/slack/install\"").doesNotContain("<script>");
    }
}
