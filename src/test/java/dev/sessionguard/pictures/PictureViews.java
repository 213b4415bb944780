package dev.sessionguard.pictures;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.util.json.GsonFactory;
import dev.sessionguard.audit.AuditMessage;
import dev.sessionguard.threat.AnomalyCard;
import dev.sessionguard.threat.AnomalyCardMessage;
import dev.sessionguard.threat.ThreatRecords;
import dev.sessionguard.audit.AuditPoster;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.bulk.BulkModal;
import dev.sessionguard.bulk.BulkTargets;
import dev.sessionguard.bulk.Exclusion;
import dev.sessionguard.console.ActiveSession;
import dev.sessionguard.console.ConsoleModal;
import dev.sessionguard.console.ConsoleService;
import dev.sessionguard.console.DeviceInfo;
import dev.sessionguard.slackapi.CurrentPolicy;
import dev.sessionguard.reset.Prefill;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.safety.NotResettable;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.signout.ResetScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Builds the app's real views and audit message with sample people and writes them as the JSON Slack receives,
 * one file a picture, for {@code docs/tools/render-pictures} to draw. Only a {@code main}, so the test suite
 * runs it through {@code PictureViewsTest} and never needs a browser.
 */
public final class PictureViews {

    static final String ALICE = "W0ALICE01";
    static final String BOB = "W0BOBOK01";
    static final String DANA = "W0DANAR01";
    static final String BREAK_GLASS = "W0BREAKGL";
    static final String ALERT_BOT = "W0ALERTBT";
    static final String REASON = "Phishing report INC-2041";
    /** A fixed moment, so the pictures only change when the views do. */
    static final Instant AT = Instant.parse("2026-03-04T14:03:21Z");

    /** How the renderer shows each mention: Slack resolves these to display names. */
    static final Map<String, String> PEOPLE = people();

    /** Each picture's name and what it draws, in the order the README shows them. */
    static final List<String> NAMES = List.of("reset-form", "reset-result", "bulk-preview", "console", "audit-message",
            "anomaly-card", "workflow-step");

    private static final Gson GSON = GsonFactory.createSnakeCase();

    private PictureViews() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/pictures");
        write(dir).forEach(System.out::println);
    }

    /** Writes one JSON file per picture, plus {@code people.json}; returns the pictures' files. */
    static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, JsonObject> pictures = new LinkedHashMap<>();
        pictures.put("reset-form", view(ResetModal.form(new Prefill(List.of(ALICE, BOB), ResetScope.ALL, REASON, null))));
        pictures.put("reset-result", view(ResetModal.result(ResetScope.ALL, resetTargets(), true)));
        pictures.put("bulk-preview", view(BulkModal.preview(bulkPreview())));
        pictures.put("console", view(ConsoleModal.console(listing(), 0, null)));
        pictures.put("audit-message", auditMessage());
        pictures.put("anomaly-card", anomalyCard());
        pictures.put("workflow-step", workflowStep());
        if (!pictures.keySet().equals(new LinkedHashSet<>(NAMES))) {
            throw new IllegalStateException("pictures and NAMES disagree: " + pictures.keySet());
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : pictures.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".json");
            Files.writeString(file, GSON.toJson(e.getValue()), StandardCharsets.UTF_8);
            written.add(file);
        }
        Files.writeString(dir.resolve("people.json"), GSON.toJson(PEOPLE), StandardCharsets.UTF_8);
        return written;
    }

    private static JsonObject view(Object view) {
        return GSON.toJsonTree(view).getAsJsonObject();
    }

    private static List<TargetResult> resetTargets() {
        return List.of(
                new TargetResult(ALICE, TargetResult.Status.DONE, null, ResetScope.ALL.doneWords()),
                new TargetResult(BOB, TargetResult.Status.DONE, null, ResetScope.ALL.doneWords()));
    }

    private static BulkModal.BulkPreview bulkPreview() {
        List<Exclusion> left = List.of(
                new Exclusion(BREAK_GLASS, ProtectedUsers.ERROR_CODE, ProtectedUsers.signOutWords()),
                new Exclusion(ALERT_BOT, NotResettable.BOT.code(), "Not attempted: " + NotResettable.BOT.words()),
                new Exclusion("c.nguyen@exmaple.com", BulkTargets.UNKNOWN_EMAIL, "No one in the org has this email address."));
        return new BulkModal.BulkPreview("bulk-7f3a", 142, ResetScope.ALL, REASON, left, true, 25, Duration.ofMinutes(30));
    }

    private static ConsoleService.Listing listing() {
        DeviceInfo mac = new DeviceInfo("MacBookPro18,1", "macOS", "14.4", "4.37.94", "203.0.113.24");
        DeviceInfo iphone = new DeviceInfo("iPhone15,2", "iOS", "17.4", "24.03.10", "198.51.100.7");
        DeviceInfo chrome = new DeviceInfo("Chrome 122", "Windows", "11", "", "192.0.2.55");
        DeviceInfo chromeLater = new DeviceInfo("Chrome 122", "Windows", "11", "", "185.220.101.4");
        List<ActiveSession> sessions = List.of(
                new ActiveSession(ALICE, "T0ACME001", 9381046721L, mac, null),
                new ActiveSession(ALICE, "E0ACMEORG", 9381046955L, iphone, null),
                new ActiveSession(ALICE, "T0ACME001", 9381052210L, chrome, chromeLater));
        return new ConsoleService.Listing(new GateDecision(true, "allowed", ""), ALICE, sessions, List.of(),
                CurrentPolicy.set(ALICE, 7 * 24 * 3600, false));
    }

    /** Blocks and fallback text as the audit channel gets them, with the chain reference the outbox adds. */
    private static JsonObject auditMessage() {
        return channelMessage(new AuditRecord(AT, DANA, AuditRecord.SESSION_RESET,
                AuditRecord.Outcome.of(resetTargets()), ResetScope.ALL.label(), REASON, null, resetTargets()), 1287);
    }

    /** A Workflow Builder run's sign-out, as the audit channel shows it: two signed out, a protected account not. */
    private static JsonObject workflowStep() {
        List<TargetResult> targets = List.of(
                new TargetResult(ALICE, TargetResult.Status.DONE, null, ResetScope.ALL.doneWords()),
                new TargetResult(BOB, TargetResult.Status.DONE, null, ResetScope.ALL.doneWords()),
                ProtectedUsers.notSignedOut(BREAK_GLASS));
        return channelMessage(new AuditRecord(AT, DANA, AuditRecord.SESSION_RESET, AuditRecord.Outcome.of(targets),
                ResetScope.ALL.label(), "Offboarding: contract ended (HR-3318)",
                "From Workflow Builder: workflow execution Wx0ABC123DEF, step run Fx0ABC456GHI.", targets), 1302);
    }

    private static JsonObject channelMessage(AuditRecord record, long seq) {
        String chainRef = AuditPoster.chainRef(new AuditStore.StoredRecord(seq,
                "0c41d9e7a25b8f3346a1d0e9b7c2f5a8", "9f2c4e71b08a36d5e2c9f0a41b7d3e68", record));
        JsonObject message = new JsonObject();
        message.addProperty("type", "message");
        message.addProperty("channel", "session-guard-audit");
        message.addProperty("bot_name", "Session Guard");
        message.addProperty("ts", AT.getEpochSecond());
        message.addProperty("text", AuditMessage.text(record));
        JsonArray blocks = GSON.toJsonTree(AuditMessage.blocks(record, chainRef)).getAsJsonArray();
        message.add("blocks", blocks);
        return message;
    }

    /**
     * An anomaly's card as the audit channel shows it: two anomalies of Alice's within minutes, a session cookie
     * replayed from a new device over a new network, with the buttons.
     */
    private static JsonObject anomalyCard() {
        AnomalyCard card = new AnomalyCard("7K3MQ9TD2XBF", ALICE, AT.minusSeconds(540), AT, 2,
                List.of("session_fingerprint", "asn"), new AnomalyCard.Sighting("b1e0c6d2-4f1a-4c2e-9a3b-7d5e8f0a1c23",
                        AT, "185.220.101.4", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
                        + "like Gecko) Chrome/131.0.0.0 Safari/537.36", "Frankfurt am Main, Germany", "9381052210",
                        "203.0.113.24", "Slack/4.41.105 (Macintosh; Mac OS X 14.6)"),
                1293, null, null, null, null);
        AuditRecord record = new AuditRecord(AT, AuditRecord.SLACK, ThreatRecords.DETECTED,
                AuditRecord.Outcome.SUCCEEDED, null, null, "Anomaly card " + card.id() + ": …", List.of(), 1293L);
        String chainRef = AuditPoster.chainRef(new AuditStore.StoredRecord(1294,
                "9f2c4e71b08a36d5e2c9f0a41b7d3e68", "3b7d0e9a41c2f68e5d1a9b0c7e4f2a36", record));
        JsonObject message = new JsonObject();
        message.addProperty("type", "message");
        message.addProperty("channel", "session-guard-audit");
        message.addProperty("bot_name", "Session Guard");
        message.addProperty("ts", AT.getEpochSecond());
        message.addProperty("text", AnomalyCardMessage.text(card));
        message.add("blocks", GSON.toJsonTree(AnomalyCardMessage.blocks(card, chainRef)).getAsJsonArray());
        return message;
    }

    private static Map<String, String> people() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ALICE, "Alice Chen");
        m.put(BOB, "Bob Okafor");
        m.put(DANA, "Dana Ruiz");
        m.put(BREAK_GLASS, "Break-glass Admin");
        m.put(ALERT_BOT, "Alertbot");
        return m;
    }
}
