package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import dev.sessionguard.workflow.SignOutStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps manifest.yml and manifest.socket-mode.yml valid against Slack's manifest schema and pins the points the code relies on:
 * if a callback id or a scope changes here, the handlers must change in the same commit.
 */
class ManifestTest {

    private static final String SCHEMA_RESOURCE = "/slack/manifest.schema.json";
    /** The same app for Socket Mode: README.md's "Try it locally". */
    private static final String SOCKET_MODE_MANIFEST = "manifest.socket-mode.yml";

    private static JsonSchema schema;
    private static JsonNode manifest;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ManifestTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as("test resource %s", SCHEMA_RESOURCE).isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        manifest = read("manifest.yml");
    }

    private static JsonNode read(String name) throws IOException {
        // Surefire runs with the module directory as basedir; the manifests live beside pom.xml.
        Path file = Path.of(System.getProperty("basedir", ".")).resolve(name);
        return new YAMLMapper().readTree(file.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"manifest.yml", SOCKET_MODE_MANIFEST})
    void manifestSatisfiesTheSlackManifestSchema(String file) throws IOException {
        Set<ValidationMessage> messages = schema.validate(read(file));

        assertThat(messages)
                .as("schema violations in %s", file)
                .isEmpty();
    }

    @Test
    void socketModeManifestHasNoPublicUrl() throws IOException {
        JsonNode socket = read(SOCKET_MODE_MANIFEST);

        assertThat(socket.at("/settings/socket_mode_enabled").isBoolean()).isTrue();
        assertThat(socket.at("/settings/socket_mode_enabled").booleanValue()).isTrue();
        assertThat(socket.findValues("url")).isEmpty();
        assertThat(socket.findValues("request_url")).isEmpty();
        assertThat(socket.findValues("redirect_urls")).isEmpty();
        assertThat(socket.toString()).doesNotContain("https://session-guard.example.com");
    }

    @Test
    void socketModeManifestIsManifestYmlWithoutItsUrls() throws IOException {
        ObjectNode expected = (ObjectNode) manifest.deepCopy();
        ((ObjectNode) expected.at("/features/slash_commands/0")).remove("url");
        ((ObjectNode) expected.at("/oauth_config")).remove("redirect_urls");
        ((ObjectNode) expected.at("/settings/event_subscriptions")).remove("request_url");
        ((ObjectNode) expected.at("/settings/interactivity")).remove("request_url");
        ((ObjectNode) expected.at("/settings")).put("socket_mode_enabled", true);

        // Same commands, shortcuts, scopes and events: a change to one manifest is made to both.
        assertThat(read(SOCKET_MODE_MANIFEST)).isEqualTo(expected);
    }

    @Test
    void longDescriptionMeetsSlacksLengthRule() {
        // The schema only caps it at 4,000; Slack's app settings also refuse fewer than 174 characters.
        assertThat(manifest.at("/display_information/long_description").asText()).hasSizeBetween(174, 4000);
    }

    @Test
    void sessionResetCommandEscapesMentions() {
        JsonNode command = findByField(manifest.at("/features/slash_commands"), "command", "/session-reset");

        assertThat(command.path("should_escape").isBoolean()).as("should_escape is a YAML boolean").isTrue();
        assertThat(command.path("should_escape").booleanValue()).as("should_escape").isTrue();
        assertThat(command.path("url").asText()).isEqualTo("https://session-guard.example.com/slack/events");
    }

    @Test
    void usageHintNamesTheConsoleAndPolicySubcommands() {
        JsonNode command = findByField(manifest.at("/features/slash_commands"), "command", "/session-reset");

        assertThat(command.path("usage_hint").asText()).contains("sessions @user").contains("policy @user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"manifest.yml", SOCKET_MODE_MANIFEST})
    void theWorkflowStepSignOutPeopleIsDeclaredWithItsInputsAndOutputs(String file) throws IOException {
        JsonNode m = read(file);
        JsonNode step = m.at("/functions/" + SignOutStep.CALLBACK_ID);

        assertThat(step.path("title").asText()).isEqualTo("Sign people out of Slack");
        assertThat(step.path("description").asText()).isNotBlank();
        JsonNode in = step.path("input_parameters");
        assertThat(fieldNames(in)).containsExactly("runner", "people", "scope", "reason");
        assertThat(in.at("/runner/type").asText()).isEqualTo("slack#/types/user_context");
        assertThat(in.at("/people/type").asText()).isEqualTo("array");
        assertThat(in.at("/people/items/type").asText()).isEqualTo("slack#/types/user_id");
        assertThat(in.at("/scope/type").asText()).isEqualTo("string");
        assertThat(in.at("/scope/is_required").booleanValue()).isFalse();
        assertThat(in.at("/scope/default").asText()).isEqualTo("all");
        assertThat(texts(in.at("/scope/enum"))).containsExactly("all", "web", "mobile");
        assertThat(in.at("/reason/type").asText()).isEqualTo("string");
        assertThat(in.at("/reason/is_required").booleanValue()).isTrue();
        JsonNode out = step.path("output_parameters");
        assertThat(fieldNames(out)).containsExactly("signed_out", "not_signed_out", "summary");
        for (String list : new String[] {"signed_out", "not_signed_out"}) {
            assertThat(out.at("/" + list + "/type").asText()).isEqualTo("array");
            assertThat(out.at("/" + list + "/items/type").asText()).isEqualTo("slack#/types/user_id");
        }
        assertThat(out.at("/summary/type").asText()).isEqualTo("string");
        assertThat(m.at("/settings/function_runtime").asText()).isEqualTo("remote");
        assertThat(texts(m.at("/settings/event_subscriptions/bot_events"))).contains("function_executed");
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void appIsDeployedOrgWideWithAdminUserScopes() {
        assertThat(manifest.at("/settings/org_deploy_enabled").booleanValue()).isTrue();
        assertThat(texts(manifest.at("/oauth_config/scopes/user")))
                .contains("admin.users:read", "admin.users:write");
    }

    @Test
    void bothShortcutsExistWithTheirCallbackIds() {
        JsonNode shortcuts = manifest.at("/features/shortcuts");

        assertThat(findByField(shortcuts, "callback_id", "session_reset_global").path("type").asText())
                .isEqualTo("global");
        assertThat(findByField(shortcuts, "callback_id", "session_reset_message").path("type").asText())
                .isEqualTo("message");
    }

    @Test
    void interactivityAndHomeTabAreEnabled() {
        assertThat(manifest.at("/settings/interactivity/is_enabled").booleanValue()).isTrue();
        assertThat(manifest.at("/features/app_home/home_tab_enabled").booleanValue()).isTrue();
    }

    @Test
    void validatorRejectsAnUnknownTopLevelKey() {
        assertThat(violationsAfter(m -> m.put("unknown_section", true))).isNotEmpty();
    }

    @Test
    void validatorRejectsShouldEscapeGivenAsAString() {
        Set<ValidationMessage> messages = violationsAfter(m ->
                ((ObjectNode) m.at("/features/slash_commands/0")).put("should_escape", "true"));

        assertThat(messages).extracting(ValidationMessage::getMessage)
                .anySatisfy(text -> assertThat(text).contains("should_escape"));
    }

    @Test
    void validatorRejectsABotDisplayNameWithASpace() {
        assertThat(violationsAfter(m ->
                ((ObjectNode) m.at("/features/bot_user")).put("display_name", "Session Guard")))
                .isNotEmpty();
    }

    private static Set<ValidationMessage> violationsAfter(Consumer<ObjectNode> breakIt) {
        ObjectNode broken = (ObjectNode) manifest.deepCopy();
        breakIt.accept(broken);
        return schema.validate(broken);
    }

    private static JsonNode findByField(JsonNode array, String field, String value) {
        assertThat(array.isArray()).as("%s is a list", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false)
                .filter(item -> value.equals(item.path(field).asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entry with " + field + " = " + value));
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array).isInstanceOf(ArrayNode.class);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
