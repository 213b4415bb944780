package dev.sessionguard.gtr;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.Strictness;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of a Universal Logout request, read strictly: {@code {"subject": {"format": "email", "email": …}}} or
 * {@code {"subject": {"format": "iss_sub", "iss": …, "sub": …}}}, with {@code sub_id} accepted in place of
 * {@code subject} (the name in earlier drafts of the spec). An object that names a member twice is malformed, at any
 * depth: Gson would keep the last, and a body that reads two ways must not be read at all. Pure: no Slack, no HTTP.
 */
public final class GtrRequest {

    /** Longest address RFC 5321 allows. */
    static final int MAX_EMAIL = 254;
    static final int MAX_FIELD = 256;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");

    private GtrRequest() {
    }

    /** Who the IdP named. */
    public sealed interface Subject permits Email, IssSub {
    }

    public record Email(String email) implements Subject {
    }

    /** @param sub as the IdP sent it: a Slack user ID when the IdP is set up as the README says */
    public record IssSub(String iss, String sub) implements Subject {
    }

    /** What parsing came to. */
    public sealed interface Parsed permits Ok, Malformed {
    }

    public record Ok(Subject subject) implements Parsed {
    }

    /** @param why a fixed phrase of ours, never text from the body */
    public record Malformed(String why) implements Parsed {
    }

    public static Parsed parse(String body) {
        JsonElement root;
        try {
            if (repeatsAName(body)) {
                return new Malformed("an object in the body names a member twice");
            }
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return new Malformed("the body has more after its JSON object");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            return new Malformed("the body is not JSON");
        }
        if (!root.isJsonObject()) {
            return new Malformed("the body is not a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        JsonElement subject = o.has("subject") ? o.get("subject") : o.get("sub_id");
        if (subject == null || !subject.isJsonObject()) {
            return new Malformed("there is no subject object");
        }
        JsonObject s = subject.getAsJsonObject();
        String format = string(s, "format");
        if (format == null) {
            return new Malformed("the subject has no format");
        }
        return switch (format) {
            case "email" -> email(s);
            case "iss_sub" -> issSub(s);
            default -> new Malformed("the subject's format is neither email nor iss_sub");
        };
    }

    /**
     * Whether some object in {@code body} has two members of one name. Reads tokens, not a tree, so no depth of
     * nesting costs stack; a body that is not JSON throws, as the parse after it would.
     */
    private static boolean repeatsAName(String body) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(body));
        reader.setStrictness(Strictness.STRICT);
        Deque<Set<String>> open = new ArrayDeque<>(); // the names seen in each object we are inside
        while (true) {
            switch (reader.peek()) {
                case BEGIN_OBJECT -> {
                    reader.beginObject();
                    open.push(new HashSet<>());
                }
                case END_OBJECT -> {
                    reader.endObject();
                    open.pop();
                }
                case NAME -> {
                    if (!open.peek().add(reader.nextName())) {
                        return true;
                    }
                }
                case BEGIN_ARRAY -> reader.beginArray();
                case END_ARRAY -> reader.endArray();
                case END_DOCUMENT -> {
                    return false;
                }
                default -> reader.skipValue();
            }
        }
    }

    private static Parsed email(JsonObject s) {
        String email = string(s, "email");
        if (email == null || email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            return new Malformed("the subject has no email address");
        }
        return new Ok(new Email(email));
    }

    private static Parsed issSub(JsonObject s) {
        String iss = string(s, "iss");
        String sub = string(s, "sub");
        if (iss == null || sub == null || iss.length() > MAX_FIELD || sub.length() > MAX_FIELD) {
            return new Malformed("the iss_sub subject needs an iss and a sub");
        }
        return new Ok(new IssSub(iss, sub));
    }

    /** A non-blank string member, or null. */
    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            return null;
        }
        String v = e.getAsString();
        return v.isBlank() ? null : v;
    }
}
