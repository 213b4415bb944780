package dev.sessionguard.audit;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import dev.sessionguard.text.Mrkdwn;
import java.util.ArrayList;
import java.util.List;

/** How an {@link AuditRecord} reads in the audit channel: Block Kit plus a plain text fallback. */
public final class AuditMessage {

    /** Slack caps a section's text at 3,000 characters and a message at 50 blocks. */
    private static final int SECTION_LIMIT = 2900;
    private static final int MAX_TARGET_SECTIONS = 40;

    private AuditMessage() {
    }

    public static String text(AuditRecord r) {
        StringBuilder s = new StringBuilder().append("Session Guard: ")
                .append(idp(r) ? idpAsked(r) : Mrkdwn.mention(r.actorId()) + " " + verb(r))
                .append(" — ").append(r.outcome().words());
        if (!r.targets().isEmpty()) {
            long done = r.targets().stream().filter(t -> t.status() == TargetResult.Status.DONE).count();
            s.append(" (").append(done).append(" of ").append(r.targets().size()).append(" done)");
        }
        // The fallback text is what notifications and search show: web-only vs all sessions matters there too.
        if (r.scope() != null) {
            s.append(". Scope: ").append(Mrkdwn.escape(r.scope()));
        }
        if (r.reason() != null && !r.reason().isBlank()) {
            s.append(". Reason: ").append(Mrkdwn.escape(r.reason()));
        }
        return s.append(". At ").append(r.at()).toString();
    }

    public static List<LayoutBlock> blocks(AuditRecord r) {
        return blocks(r, null);
    }

    /** @param chainRef where the record sits in the stored hash chain, or null when it is not stored */
    public static List<LayoutBlock> blocks(AuditRecord r, String chainRef) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String icon = switch (r.outcome()) {
            case SUCCEEDED -> ":white_check_mark:";
            case REFUSED -> ":no_entry:";
            case IN_PROGRESS -> ":hourglass_flowing_sand:";
            default -> ":warning:";
        };
        String lead = idp(r) ? idpAsked(r)
                : "*" + Mrkdwn.escape(capitalised(verb(r))) + "* by " + Mrkdwn.mention(r.actorId());
        blocks.add(section(sec -> sec.text(markdownText(truncate(icon + " " + lead + " — *" + r.outcome().words() + "*")))));
        List<String> facts = new ArrayList<>();
        if (r.scope() != null) {
            facts.add("*Scope:* " + Mrkdwn.escape(r.scope()));
        }
        if (r.detail() != null && !r.detail().isBlank()) {
            facts.add("*Detail:* " + Mrkdwn.escape(r.detail()));
        }
        if (!facts.isEmpty()) {
            blocks.add(section(sec -> sec.text(markdownText(truncate(String.join("\n", facts))))));
        }
        // The reason gets its own section: a long one must never push the scope or detail out of the message.
        if (r.reason() != null && !r.reason().isBlank()) {
            blocks.add(section(sec -> sec.text(markdownText(truncate("*Reason:* " + Mrkdwn.escape(r.reason()))))));
        }
        List<String> sections = chunk(r.targets().stream().map(AuditMessage::targetLine).toList());
        sections.stream().limit(MAX_TARGET_SECTIONS).forEach(t -> blocks.add(section(sec -> sec.text(markdownText(t)))));
        if (sections.size() > MAX_TARGET_SECTIONS) {
            blocks.add(section(sec -> sec.text(markdownText("…and more; the full list is in the audit store (`audit export`)."))));
        }
        blocks.add(context(c -> c.elements(List.of(markdownText(
                "<!date^" + r.at().getEpochSecond() + "^{date_short_pretty} {time_secs}|" + r.at() + "> · "
                        + Mrkdwn.escape(r.action()) + (chainRef == null ? "" : " · " + Mrkdwn.escape(chainRef)))))));
        return blocks;
    }

    /**
     * One short line per record, for lists such as the App Home: when, who, what, how it went, and on whom.
     * Reasons and details stay in the audit channel.
     */
    public static String line(AuditRecord r) {
        StringBuilder s = new StringBuilder()
                .append("<!date^").append(r.at().getEpochSecond()).append("^{date_short_pretty} {time}|")
                .append(r.at()).append("> ")
                .append(idp(r) ? idpAsked(r) : Mrkdwn.mention(r.actorId()) + " " + Mrkdwn.escape(verb(r)))
                .append(" — ").append(r.outcome().words());
        List<String> people = r.targets().stream().map(t -> Mrkdwn.mention(t.userId())).distinct().toList();
        if (!people.isEmpty() && !idp(r)) { // an IdP's record already names them
            int shown = Math.min(people.size(), 3);
            s.append(": ").append(String.join(", ", people.subList(0, shown)));
            if (people.size() > shown) {
                s.append(" and ").append(people.size() - shown).append(" more");
            }
        }
        return truncate(s.toString());
    }

    /** Told to the admin under an outcome: "recorded" only when the audit trail really has it. */
    public static String recordedNote(boolean recorded) {
        return recorded ? "This is recorded in the audit trail."
                : ":warning: This could not be written to the audit trail: Session Guard's log has it, and it was "
                        + "posted to the audit channel directly if Slack took it.";
    }

    /** One person's line, shared with the admin's own result view. */
    public static String targetLine(TargetResult t) {
        String mark = switch (t.status()) {
            case DONE -> ":white_check_mark:";
            case NOT_ATTEMPTED -> ":heavy_minus_sign:";
            case FAILED -> ":x:";
            case PENDING -> ":hourglass_flowing_sand:";
            case UNKNOWN -> ":grey_question:";
        };
        String code = t.errorCode() == null ? "" : " (`" + Mrkdwn.escape(t.errorCode()) + "`)";
        return mark + " " + Mrkdwn.mention(t.userId()) + " — " + Mrkdwn.escape(t.words()) + code;
    }

    /** Joins lines into section-sized texts. */
    public static List<String> chunk(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (current.length() > 0 && current.length() + line.length() + 1 > SECTION_LIMIT) {
                out.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(truncate(line));
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static String verb(AuditRecord r) {
        boolean refused = r.outcome() == AuditRecord.Outcome.REFUSED;
        return switch (r.action()) {
            case AuditRecord.SESSION_RESET -> refused ? "session reset refused" : "session reset";
            case AuditRecord.SESSION_INVALIDATE -> refused ? "single-session sign-out refused" : "single-session sign-out";
            case AuditRecord.POLICY_SET -> refused ? "session policy change refused" : "session policy set";
            case AuditRecord.POLICY_CLEAR -> refused ? "session policy clear refused" : "session policy cleared";
            case AuditRecord.CONSOLE_OPEN -> refused ? "session console refused" : "session console opened";
            case AuditRecord.POLICY_OPEN -> refused ? "session policy form refused" : "session policy form opened";
            case AuditRecord.APP_INSTALL -> refused ? "org install refused" : "org install";
            case AuditRecord.APP_TOKENS_REVOKED -> "report of revoked tokens";
            case AuditRecord.APP_UNINSTALLED -> "report of the app's uninstall";
            default -> r.action() + (refused ? " refused" : "");
        };
    }

    /** A record whose actor is an identity provider (Universal Logout), not a person in Slack. */
    private static boolean idp(AuditRecord r) {
        return r.actorId() != null && r.actorId().startsWith(AuditRecord.IDP_PREFIX);
    }

    /** "The identity provider https://example.okta.com asked to sign out <@W…>": it, not an admin, asked. */
    private static String idpAsked(AuditRecord r) {
        String issuer = r.actorId().substring(AuditRecord.IDP_PREFIX.length());
        List<String> people = r.targets().stream().map(t -> Mrkdwn.mention(t.userId())).distinct().toList();
        return "The identity provider " + Mrkdwn.escape(issuer) + " asked to sign out "
                + (people.isEmpty() ? "someone it did not name clearly" : String.join(", ", people));
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String truncate(String s) {
        return s.length() <= SECTION_LIMIT ? s : s.substring(0, SECTION_LIMIT - 1) + "…";
    }
}
