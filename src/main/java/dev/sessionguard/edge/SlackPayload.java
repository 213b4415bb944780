package dev.sessionguard.edge;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a signed body to {@code /slack/events} is, decided strictly before Bolt sees it, so that Bolt's parser
 * (which throws on anything it does not expect, and logs bodies it can't place) only ever gets the shapes
 * Slack sends: a slash command or SSL check as a form, an interactivity {@code payload=} form, or an Events API
 * JSON body. Pure: no Bolt types, no I/O.
 */
public final class SlackPayload {

    /** The outcome: a Slack request to hand to Bolt, one to acknowledge and drop, or one to refuse. */
    public sealed interface Kind permits Slack, Ignored, Malformed {
    }

    /**
     * A body of a shape Bolt handles.
     *
     * @param type          the payload's {@code type} ({@code command} for slash commands, {@code ssl_check})
     * @param submissionKey for a {@code view_submission}: its view id and hash, which must act once; else null
     * @param command       for a slash command: its fields as decoded here, which are what it acts on; else null
     */
    public record Slack(String type, String submissionKey, Map<String, String> command) implements Kind {
        Slack(String type, String submissionKey) {
            this(type, submissionKey, null);
        }
    }

    /** Well-formed, but of a type this app does not know: acknowledged with 200, never run. */
    public record Ignored(String type) implements Kind {
    }

    /** Not a Slack request body; {@code why} is safe to log (it quotes nothing from the body). */
    public record Malformed(String why) implements Kind {
    }

    /** Interactivity payload types that Bolt parses ({@code SlackRequestParser} at 1.45.4). */
    private static final Set<String> INTERACTIVE = Set.of("block_actions", "block_suggestion", "shortcut",
            "message_action", "view_submission", "view_closed", "interactive_message", "dialog_submission",
            "dialog_cancellation", "dialog_suggestion", "workflow_step_edit");
    /** JSON body types that Bolt parses. */
    private static final Set<String> EVENTS = Set.of("event_callback", "url_verification");
    /** Deeper than anything Slack sends; bounds the recursion of Bolt's typed parsing. */
    static final int MAX_DEPTH = 48;

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private SlackPayload() {
    }

    public static Kind classify(String body) {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            return new Malformed("the body is empty");
        }
        char first = trimmed.charAt(0);
        if (first == '{' || first == '[') {
            return events(trimmed);
        }
        Map<String, String> form;
        try {
            form = form(body);
        } catch (IllegalArgumentException e) {
            return new Malformed("the form encoding is broken");
        }
        if (form.containsKey("payload")) {
            return interactive(form.get("payload"));
        }
        if (form.containsKey("command")) {
            return form.get("command").startsWith("/") ? new Slack("command", null, form)
                    : new Malformed("the command field is not a slash command");
        }
        if (form.containsKey("ssl_check")) {
            return new Slack("ssl_check", null);
        }
        return new Malformed("the body is neither a slash command, an interactivity payload nor an event");
    }

    private static Kind events(String body) {
        JsonObject o = object(body);
        if (o == null) {
            return new Malformed("the JSON body is not a well-formed object of Slack's depth");
        }
        String type = string(o, "type");
        if (type == null) {
            return new Malformed("the JSON body has no type");
        }
        if (!EVENTS.contains(type)) {
            return new Ignored(type);
        }
        if (type.equals("event_callback")) {
            JsonObject event = o.get("event") instanceof JsonObject e ? e : null;
            if (event == null || string(event, "type") == null) {
                return new Malformed("the event_callback has no event with a type");
            }
        } else if (string(o, "challenge") == null) {
            return new Malformed("the url_verification has no challenge");
        }
        return new Slack(type, null);
    }

    private static Kind interactive(String payload) {
        JsonObject o = object(payload);
        if (o == null) {
            return new Malformed("the payload is not a well-formed JSON object of Slack's depth");
        }
        String type = string(o, "type");
        if (type == null) {
            return new Malformed("the payload has no type");
        }
        if (!INTERACTIVE.contains(type)) {
            return new Ignored(type);
        }
        if (!(o.get("user") instanceof JsonObject user) || string(user, "id") == null) {
            return new Malformed("the payload names no user");
        }
        if (type.equals("view_submission") || type.equals("view_closed")) {
            JsonObject view = o.get("view") instanceof JsonObject v ? v : null;
            if (view == null || string(view, "type") == null || string(view, "id") == null) {
                return new Malformed("the " + type + " has no view with a type and an id");
            }
            if (type.equals("view_submission")) {
                String hash = string(view, "hash");
                return new Slack(type, string(view, "id") + "/" + (hash == null ? "" : hash));
            }
        }
        return new Slack(type, null);
    }

    /** A strict JSON object no deeper than {@link #MAX_DEPTH}, or null. */
    static JsonObject object(String json) {
        JsonElement e;
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            e = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return null;
            }
        } catch (IOException | RuntimeException ex) {
            return null;
        }
        return e instanceof JsonObject o && depth(o) <= MAX_DEPTH ? o : null;
    }

    /** Without recursion, so a hostile nesting can't overflow the stack here. */
    private static int depth(JsonElement root) {
        record At(JsonElement e, int depth) {
        }
        Deque<At> todo = new ArrayDeque<>();
        todo.push(new At(root, 1));
        int max = 0;
        while (!todo.isEmpty()) {
            At at = todo.pop();
            max = Math.max(max, at.depth());
            if (max > MAX_DEPTH) {
                return max;
            }
            if (at.e() instanceof JsonObject o) {
                o.entrySet().forEach(en -> todo.push(new At(en.getValue(), at.depth() + 1)));
            } else if (at.e() instanceof JsonArray a) {
                a.forEach(x -> todo.push(new At(x, at.depth() + 1)));
            }
        }
        return max;
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    /**
     * A form body, strictly: every {@code %} escape must be valid and decode as UTF-8. The first value of a
     * repeated name wins.
     *
     * @throws IllegalArgumentException when it is not
     */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    /**
     * One form-encoded name or value: {@code +} is a space, {@code %XX} a byte, and the bytes must be UTF-8
     * (a typed U+FFFD is fine; an invalid byte sequence is not). {@code URLDecoder} would silently replace them.
     */
    private static String decode(String s) {
        if (plain(s)) {
            return s; // ASCII with no escape decodes to itself (most of a command's fields)
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("a cut-off % escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a % escape that is not hex");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isSurrogate(c)) {
                    int end = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                            ? i + 2 : -1;
                    if (end < 0) {
                        throw new IllegalArgumentException("a lone surrogate");
                    }
                    raw = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                    i = end - 1;
                }
                bytes.writeBytes(raw);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8");
        }
    }

    /** Nothing to decode: no {@code +}, no {@code %}, and only ASCII (so valid UTF-8 as it stands). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' || c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
