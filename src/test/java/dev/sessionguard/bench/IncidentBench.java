package dev.sessionguard.bench;

import com.google.gson.JsonObject;
import dev.sessionguard.bulk.BulkModal;
import dev.sessionguard.config.IncidentSettings;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.JarProcess;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.StateValues;
import dev.sessionguard.support.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Issue 20's drill: incident mode on the jar, against a fake Slack that holds every method to Slack's published tier
 * in Slack's own 60-second windows. A 10,000-member channel, then a 10,000-line breach file of emails, each from the
 * submitted form to the preview, and from the submitted preview to the last of its 10 {@code resetBulk} calls. The
 * directory is filled first, by the app's own sync. Run with {@code bench/incident}; Markdown on stdout.
 */
public final class IncidentBench {

    static final String SECRET = TestApp.SIGNING_SECRET;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int PEOPLE = 10_000;
    static final String CHANNEL = "C0000BREACH";
    /** Slack's tiers, per method and minute (docs.slack.dev: Tier 2 20+, Tier 3 50+, Tier 4 100+). */
    static final Map<String, Integer> TIERS = Map.ofEntries(
            Map.entry("users.list", 20), Map.entry("auth.teams.list", 20),
            Map.entry("admin.users.session.resetBulk", 20), Map.entry("usergroups.list", 20),
            Map.entry("usergroups.users.list", 20),
            Map.entry("users.lookupByEmail", 50), Map.entry("conversations.info", 50), Map.entry("chat.update", 50),
            Map.entry("users.info", 100), Map.entry("conversations.members", 100), Map.entry("views.open", 100),
            Map.entry("views.update", 100), Map.entry("views.push", 100), Map.entry("chat.postEphemeral", 100));
    static final Set<String> PER_PERSON = Set.of("users.info", "users.lookupByEmail");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(arg(args, "--jar=", "target/session-guard.jar"));
        int latencyMs = Integer.parseInt(arg(args, "--latency-ms=", "100"));
        List<String> jvm = JarProcess.readmeOptions(jar);
        Path dir = Files.createTempDirectory("session-guard-incident");
        StringBuilder out = new StringBuilder();
        try (FakeSlack slack = Org.register(FakeSlack.start())) {
            List<String> members = new ArrayList<>();
            StringBuilder csv = new StringBuilder("name,email,department\n");
            for (int i = 0; i < PEOPLE; i++) {
                String id = String.format("W%09d", i);
                String name = "person" + i;
                slack.user(FakeUser.member(id).name(name));
                members.add(id);
                csv.append("Person ").append(i).append(',').append(name).append("@example.com,sales\n");
            }
            members.addAll(List.of(Org.ALICE, Org.BOB, Org.CAROL, Org.MEMBER));
            slack.channel(CHANNEL, members);
            TIERS.forEach((method, calls) -> slack.limit(method, calls, WINDOW));
            slack.latency(Duration.ofMillis(latencyMs));

            Map<String, String> env = new HashMap<>(TestApp.environment(slack));
            env.remove(ServerSettings.DATABASE_URL);
            // The drill measures the machine's part: a second admin's approval is a person's, so none is asked for.
            env.put(IncidentSettings.APPROVAL_THRESHOLD, Integer.toString(PEOPLE * 2));
            progress("starting the jar; the fake answers in " + latencyMs + " ms, tiers in 60 s windows");
            try (JarProcess app = JarProcess.start(jar, jvm, env, dir)) {
                Instant started = Instant.now();
                awaitMetric(app, "session_guard_directory_last_sync_timestamp_seconds", Duration.ofMinutes(5));
                Duration sync = Duration.between(started, Instant.now());
                out.append("### Incident drill (Slack's tiers in 60 s windows, the fake answering in ").append(latencyMs)
                        .append(" ms)\n\n");
                out.append(String.format(Locale.ROOT, "- directory sync at start: %,d people in %.1f s, %d `users.list`"
                                + " and %d `auth.teams.list` calls, %d per-person calls%n", PEOPLE + 12,
                        sync.toMillis() / 1000.0, slack.calls("users.list").size(),
                        slack.calls("auth.teams.list").size(), perPerson(slack)));

                {
                    out.append("\n| drill | form → preview | per-person calls (the admin check's included) | people in the preview | preview → "
                            + "last of the `resetBulk` calls | `resetBulk` calls | form → last call |\n");
                    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
                    out.append(drill(slack, app.port(), "10,004-member channel", new StateValues()
                            .conversations(BulkModal.CHANNELS_BLOCK, BulkModal.CHANNELS_ACTION, List.of(CHANNEL))));
                    // Each drill its own minute of Slack's Tier 2, as one incident's job would have.
                    progress("waiting out the first drill's minute of resetBulk calls");
                    Await.untilOrTimeout(WINDOW, () -> false);
                    JsonObject file = slack.file("breach.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                            "text/csv");
                    out.append(drill(slack, app.port(), "10,000-line CSV of emails", new StateValues()
                            .files(BulkModal.FILES_BLOCK, BulkModal.FILES_ACTION, List.of(file))));
                }
                JarProcess.Usage usage = app.usage();
                out.append(String.format(Locale.ROOT, "%n- the jar afterwards: RSS %.0f MiB, %d threads%n",
                        usage.rssMib(), usage.threads()));
            }
        }
        System.out.print(out);
    }

    /** One drill: the form submitted with {@code state}, the preview, its submission, the resetBulk calls. */
    static String drill(FakeSlack slack, int port, String what, StateValues state) throws Exception {
        try (SignedClient client = new SignedClient(port, SECRET, 30_000)) {
            return drill(slack, client, what, state);
        }
    }

    static String drill(FakeSlack slack, SignedClient client, String what, StateValues state) throws Exception {
        progress("drill: " + what);
        slack.reset();
        post(client, SignedClient.form(SlackRequests.command(Org.ADMIN, "bulk")));
        RecordedCall form = await(slack, "views.update", c -> callbackOf(c).equals(BulkModal.CALLBACK_ID)
                && c.rawBody().contains("Preview"), Duration.ofSeconds(30));
        state.option(BulkModal.SCOPE_BLOCK, BulkModal.SCOPE_ACTION, "radio_buttons", "all")
                .text(BulkModal.REASON_BLOCK, BulkModal.REASON_ACTION, "plain_text_input", "Breach drill INC-20");
        int before = perPerson(slack);
        long t0 = System.nanoTime();
        post(client, payload(SlackRequests.viewSubmission(Org.ADMIN, BulkModal.CALLBACK_ID, form.param("view_id"),
                state.json(), "")));
        RecordedCall preview = await(slack, "views.update",
                c -> callbackOf(c).equals(BulkModal.PREVIEW_CALLBACK_ID), Duration.ofMinutes(5));
        long t1 = System.nanoTime();
        int asked = perPerson(slack) - before;
        String people = peopleIn(preview);
        int bulkBefore = slack.calls("admin.users.session.resetBulk").size();
        JsonObject view = preview.jsonParam("view");
        post(client, payload(SlackRequests.viewSubmission(Org.ADMIN, BulkModal.PREVIEW_CALLBACK_ID,
                preview.param("view_id"), new JsonObject(), view.get("private_metadata").getAsString())));
        int expected = bulkBefore + 10;
        Await.untilOrTimeout(Duration.ofMinutes(5),
                () -> slack.succeeded("admin.users.session.resetBulk").size() >= expected);
        long t2 = System.nanoTime();
        int calls = slack.calls("admin.users.session.resetBulk").size() - bulkBefore;
        return String.format(Locale.ROOT, "| %s | %.1f s | %d | %s | %.1f s | %d | %.1f s |%n", what, (t1 - t0) / 1e9,
                asked, people, (t2 - t1) / 1e9, calls, (t2 - t0) / 1e9);
    }

    private static String peopleIn(RecordedCall preview) {
        var m = java.util.regex.Pattern.compile("([0-9][0-9,]*) (?:people|person)").matcher(preview.param("view"));
        return m.find() ? m.group(1) : "?";
    }

    private static int perPerson(FakeSlack slack) {
        return PER_PERSON.stream().mapToInt(m -> slack.calls(m).size()).sum();
    }

    private static String callbackOf(RecordedCall c) {
        JsonObject view = c.jsonParam("view");
        return view.has("callback_id") ? view.get("callback_id").getAsString() : "";
    }

    private static String payload(JsonObject payload) {
        return SignedClient.form(Map.of("payload", payload.toString()));
    }

    private static void post(SignedClient client, String body) {
        SignedClient.Answer a = client.post(body);
        if (a.status() != 200) {
            throw new IllegalStateException("the app answered " + a.status() + ": " + a.body());
        }
    }

    private static RecordedCall await(FakeSlack slack, String method, Predicate<RecordedCall> match, Duration within) {
        return Await.value(within, () -> slack.succeeded(method).stream().filter(match).findFirst().orElse(null),
                () -> "a " + method + " that matches");
    }

    private static void awaitMetric(JarProcess app, String name, Duration within) {
        Await.until(within, () -> {
            try {
                String line = app.metric(name); // "name value", or "absent"
                String[] words = line.strip().split(" ");
                return line.startsWith(name) && Double.parseDouble(words[words.length - 1]) > 0;
            } catch (java.io.IOException | InterruptedException e) {
                return false;
            }
        }, name + " above 0");
    }

    private static String arg(String[] args, String prefix, String otherwise) {
        for (String a : args) {
            if (a.startsWith(prefix)) {
                return a.substring(prefix.length());
            }
        }
        return otherwise;
    }

    private static void progress(String line) {
        System.err.println("incident: " + line);
    }
}
