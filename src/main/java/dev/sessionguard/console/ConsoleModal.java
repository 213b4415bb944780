package dev.sessionguard.console;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.usersSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import dev.sessionguard.audit.AuditMessage;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.edge.StatusModal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The session console modal in each of its states. Pure functions: Block Kit in, nothing sent. */
public final class ConsoleModal {

    public static final String CALLBACK_ID = "session_console";
    public static final String PICK_CALLBACK_ID = "session_console_pick";
    public static final String PICK_BLOCK = "console_person";
    public static final String ACTIONS_BLOCK = "console_actions";
    public static final String PAGES_BLOCK = "console_pages";
    public static final String REFRESH_ACTION = "console_refresh";
    public static final String POLICY_ACTION = "console_policy";
    public static final String RESET_ALL_ACTION = "console_reset_all";
    public static final String INVALIDATE_ACTION = "console_invalidate";
    public static final String PAGE_ACTION = "console_page";
    /** Sessions per page: one block each keeps the console far below Slack's 100 blocks a modal. */
    public static final int PAGE_SIZE = 20;

    private static final String TITLE = "Session console";
    private static final String STATUS_CALLBACK_ID = CALLBACK_ID + "_status";
    private static final int MAX_PROBLEM_BLOCKS = 5;
    private static final int CONFIRM_TEXT_MAX = 300;
    private static final int SECTION_MAX = 3000;

    private ConsoleModal() {
    }

    /** Who the console is about and which page it shows; kept in the view's private_metadata. */
    public record Position(String userId, int page) {

        public String encode() {
            return userId + "|" + page;
        }

        public static Optional<Position> decode(String metadata) {
            if (metadata == null) {
                return Optional.empty();
            }
            String[] parts = metadata.split("\\|", -1);
            if (parts.length != 2 || !Mrkdwn.isUserId(parts[0]) || !parts[1].matches("\\d{1,6}")) {
                return Optional.empty();
            }
            return Optional.of(new Position(parts[0], Integer.parseInt(parts[1])));
        }
    }

    /** One session's sign-out button: whose, in which workspace, which session. */
    public record Target(String userId, String teamId, long sessionId) {

        public String encode() {
            return userId + "|" + (teamId == null ? "" : teamId) + "|" + sessionId;
        }

        public static Optional<Target> decode(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String[] parts = value.split("\\|", -1);
            if (parts.length != 3 || !Mrkdwn.isUserId(parts[0]) || !parts[1].matches("[A-Z0-9]*")
                    || !parts[2].matches("\\d{1,19}")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Target(parts[0], parts[1].isEmpty() ? null : parts[1], Long.parseLong(parts[2])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** Opened at once while the invoker's role is checked: trigger_id lives only 3 seconds. */
    public static View checking(String externalId) {
        return StatusModal.checking(STATUS_CALLBACK_ID, TITLE, externalId);
    }

    /** Shown while Slack is asked, e.g. in a submission's ack. */
    public static View loading(String userId) {
        return status(":hourglass_flowing_sand: Checking your role again and listing the sessions of "
                + Mrkdwn.mention(userId) + "…");
    }

    /** Words alone, e.g. that Session Guard was too busy to do what a button asked. */
    public static View notice(String mrkdwn) {
        return status(mrkdwn);
    }

    public static View working(String mrkdwn) {
        return status(":hourglass_flowing_sand: " + mrkdwn);
    }

    static final String NOTHING_SHOWN = "Nothing was shown or changed.";

    public static View refused(GateDecision decision) {
        return status(decision.refusalText(NOTHING_SHOWN));
    }

    /** A sign-out button that named a session the console had not listed to this admin lately: nothing was done. */
    public static View notListed(Target target, boolean recorded) {
        return status(notListedWords(target, recorded));
    }

    /** The same in words, for a direct message when the modal is gone. */
    public static String notListedWords(Target target, boolean recorded) {
        String where = target.teamId() == null ? "" : " in `" + Mrkdwn.escape(target.teamId()) + "`";
        return ":no_entry: Nothing was done: this button did not match what the session console showed you, so session `"
                + target.sessionId() + "`" + where + " of " + Mrkdwn.mention(target.userId()) + " was not signed out."
                + "\nOpen the console again to see the sessions as they are now. " + (recorded
                        ? "This refusal was recorded in the audit trail."
                        : "This refusal could not be written to the audit trail; Session Guard's log has it.");
    }

    /** Choose whose sessions to see. */
    public static View picker(Optional<String> initialUser) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(
                "See where someone is signed in to Slack: each device, its IP, and the workspace. From there you"
                        + " can sign out one device, every session, or set their session policy."))));
        blocks.add(input(i -> i.blockId(PICK_BLOCK)
                .label(plainText("Person"))
                .element(usersSelect(e -> {
                    e.actionId(PICK_BLOCK).placeholder(plainText("Choose a person"));
                    initialUser.ifPresent(e::initialUser);
                    return e;
                }))));
        return view(v -> v.type("modal").callbackId(PICK_CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text(TITLE)))
                .submit(viewSubmit(t -> t.type("plain_text").text("Show sessions")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    /**
     * The console for one person at one page (clamped to the pages there are).
     *
     * @param note mrkdwn shown on top, e.g. the outcome of a sign-out; already escaped, or null
     */
    public static View console(ConsoleService.Listing listing, int page, String note) {
        List<ActiveSession> sessions = listing.sessions();
        int pages = Math.max(1, (sessions.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int shownPage = Math.max(0, Math.min(page, pages - 1));
        String who = Mrkdwn.mention(listing.userId());

        List<LayoutBlock> blocks = new ArrayList<>();
        if (note != null && !note.isBlank()) {
            blocks.add(section(s -> s.text(markdownText(note))));
        }
        String count = sessions.isEmpty() ? "*No active sessions* for " + who + "."
                : "*" + sessions.size() + (sessions.size() == 1 ? " active session" : " active sessions") + "* for " + who + ".";
        blocks.add(section(s -> s.text(markdownText(count))));
        String policy = listing.policy() == null ? "unknown" : Mrkdwn.escape(listing.policy().words());
        blocks.add(section(s -> s.text(markdownText("*Session policy:* " + policy))));
        blocks.add(actions(a -> a.blockId(ACTIONS_BLOCK).elements(List.of(
                button(b -> b.actionId(REFRESH_ACTION).text(plainText("Refresh")).value(listing.userId())),
                button(b -> b.actionId(POLICY_ACTION).text(plainText("Session policy…")).value(listing.userId())),
                button(b -> b.actionId(RESET_ALL_ACTION).text(plainText("Sign out everywhere…")).style("danger")
                        .value(listing.userId()))))));
        List<String> problems = AuditMessage.chunk(listing.problems().stream()
                .map(p -> ":warning: " + Mrkdwn.escape(p)).toList());
        problems.stream().limit(MAX_PROBLEM_BLOCKS)
                .forEach(p -> blocks.add(context(c -> c.elements(List.of(markdownText(p))))));

        if (!sessions.isEmpty()) {
            blocks.add(divider());
            int from = shownPage * PAGE_SIZE;
            int to = Math.min(sessions.size(), from + PAGE_SIZE);
            for (ActiveSession s : sessions.subList(from, to)) {
                blocks.add(section(sec -> sec.text(markdownText(sessionText(s))).accessory(button(b -> b
                        .actionId(INVALIDATE_ACTION)
                        .text(plainText("Sign out"))
                        .style("danger")
                        .value(new Target(s.userId(), s.teamId(), s.sessionId()).encode())
                        .confirm(confirmSignOut(s))))));
            }
            if (pages > 1) {
                blocks.add(context(c -> c.elements(List.of(markdownText("Page " + (shownPage + 1) + " of " + pages
                        + " · sessions " + (from + 1) + "–" + to + " of " + sessions.size())))));
                List<BlockElement> nav = new ArrayList<>();
                if (shownPage > 0) {
                    nav.add(button(b -> b.actionId(PAGE_ACTION + "_previous").text(plainText("Previous"))
                            .value(Integer.toString(shownPage - 1))));
                }
                if (shownPage < pages - 1) {
                    nav.add(button(b -> b.actionId(PAGE_ACTION + "_next").text(plainText("Next"))
                            .value(Integer.toString(shownPage + 1))));
                }
                blocks.add(actions(a -> a.blockId(PAGES_BLOCK).elements(nav)));
            }
        }
        String metadata = new Position(listing.userId(), shownPage).encode();
        return view(v -> v.type("modal").callbackId(CALLBACK_ID).privateMetadata(metadata)
                .title(viewTitle(t -> t.type("plain_text").text(TITLE)))
                .close(viewClose(t -> t.type("plain_text").text("Close")))
                .blocks(blocks));
    }

    /** Device, OS, client, IP; created and, when something changed, recent, with the change highlighted. */
    static String sessionText(ActiveSession s) {
        String where = s.orgLevel() ? "org-level (`" + Mrkdwn.escape(s.teamId()) + "`)"
                : "workspace `" + Mrkdwn.escape(s.teamId()) + "`";
        StringBuilder t = new StringBuilder()
                .append("*Session `").append(s.sessionId()).append("`* · ").append(where)
                .append("\n*Created:* ").append(deviceLine(s.created(), false, false));
        if (s.recent() != null) {
            t.append("\n*Recent:* ").append(deviceLine(s.recent(), s.deviceChanged(), s.ipChanged()));
            if (s.deviceChanged() || s.ipChanged()) {
                List<String> what = new ArrayList<>();
                if (s.deviceChanged()) {
                    what.add("device");
                }
                if (s.ipChanged()) {
                    what.add("IP address");
                }
                t.append("\n:warning: *").append(String.join(" and ", what)).append(" changed since sign-in*");
            }
        }
        // Slack caps a section's text at 3,000 characters; device fields are short unless something is odd.
        return t.length() <= SECTION_MAX ? t.toString() : t.substring(0, SECTION_MAX - 1) + "…";
    }

    private static String deviceLine(DeviceInfo d, boolean deviceChanged, boolean ipChanged) {
        String device = Mrkdwn.escape(d.deviceWords());
        String client = d.clientVersion().isEmpty() ? "Slack (version unknown)" : "Slack " + Mrkdwn.escape(d.clientVersion());
        String ip = d.ip().isEmpty() ? "IP unknown" : "IP " + Mrkdwn.escape(d.ip());
        return (deviceChanged ? "*" + device + "*" : device) + " · " + client + " · " + (ipChanged ? "*" + ip + "*" : ip);
    }

    private static ConfirmationDialogObject confirmSignOut(ActiveSession s) {
        String text = "Signs " + Mrkdwn.mention(s.userId()) + " out of session " + s.sessionId() + " ("
                + Mrkdwn.escape((s.recent() != null ? s.recent() : s.created()).deviceWords())
                + "). Their other sessions stay signed in. It is written to the audit trail before Slack is asked.";
        String shortened = text.length() <= CONFIRM_TEXT_MAX ? text
                : "Signs " + Mrkdwn.mention(s.userId()) + " out of session " + s.sessionId()
                        + ". Their other sessions stay signed in. It is written to the audit trail before Slack is asked.";
        return ConfirmationDialogObject.builder()
                .title(plainText("Sign out this device?"))
                .text(markdownText(shortened))
                .confirm(plainText("Sign out"))
                .deny(plainText("Cancel"))
                .style("danger")
                .build();
    }

    private static View status(String mrkdwn) {
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, mrkdwn);
    }
}
