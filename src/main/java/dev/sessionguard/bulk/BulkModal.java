package dev.sessionguard.bulk;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.multiConversationsSelect;
import static com.slack.api.model.block.element.BlockElements.multiStaticSelect;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.radioButtons;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.ConversationsFilter;
import com.slack.api.model.block.element.FileInputElement;
import com.slack.api.model.view.View;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.edge.StatusModal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The bulk sign-out modal in each of its states. Pure functions: Block Kit in, nothing sent. */
public final class BulkModal {

    public static final String CALLBACK_ID = "session_reset_bulk";
    public static final String PREVIEW_CALLBACK_ID = "session_reset_bulk_preview";
    public static final String STATUS_CALLBACK_ID = CALLBACK_ID + "_status";
    public static final String PEOPLE_BLOCK = "bulk_people";
    public static final String PEOPLE_ACTION = "bulk_people";
    public static final String CHANNELS_BLOCK = "bulk_channels";
    public static final String CHANNELS_ACTION = "bulk_channels";
    public static final String GROUPS_BLOCK = "bulk_groups";
    public static final String GROUPS_ACTION = "bulk_groups";
    public static final String PASTED_BLOCK = "bulk_pasted";
    public static final String PASTED_ACTION = "bulk_pasted";
    public static final String FILES_BLOCK = "bulk_files";
    public static final String FILES_ACTION = "bulk_files";
    public static final String SCOPE_BLOCK = "bulk_scope";
    public static final String SCOPE_ACTION = "bulk_scope";
    public static final String REASON_BLOCK = "bulk_reason";
    public static final String REASON_ACTION = "bulk_reason";
    /** Slack's most for a {@code plain_text_input}. */
    public static final int PASTED_MAX = 3000;
    public static final int REASON_MAX = SignOutService.REASON_MAX;
    /** Enough for an incident's lists (an IdP export, a SIEM query…); Slack allows 10. */
    public static final int MAX_FILES = 5;
    /** What Slack's file picker offers; {@link BulkForm} checks what arrives, as the picker is only a filter. */
    static final List<String> FILE_TYPES = List.of("csv", "txt");
    /** Slack's most options in a static select. */
    public static final int MAX_GROUP_OPTIONS = 100;

    private static final String TITLE = "Bulk sign-out";
    private static final String PREVIEW_TITLE = "Confirm bulk sign-out";
    /** Slack caps an option's text at 75 characters. */
    private static final int OPTION_TEXT_MAX = 75;
    private static final int SECTION_LIMIT = 2900;
    private static final int METADATA_MAX = 3000;
    /**
     * Far below the 100 blocks a modal may hold: past a few thousand names nobody reads a list in a modal, and the
     * audit record keeps every one of them.
     */
    private static final int MAX_EXCLUSION_SECTIONS = 40;
    /** A pasted line can be 3,000 characters of anything; a name in a list needs far fewer. */
    private static final int SUBJECT_MAX = 100;
    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{2,}");

    private BulkModal() {
    }

    /** A user group as the form offers it: {@code label} is plain text, e.g. "@oncall (On-call)". */
    public record GroupOption(String id, String label) {
    }

    /**
     * What the preview shows, as the draft stored it.
     *
     * @param jobId       the draft's id, kept in the view's private_metadata for the submission
     * @param total       the people who will be sent to Slack
     * @param approvalTtl how long a request waits for approval before it expires
     */
    public record BulkPreview(String jobId, int total, ResetScope scope, String reason, List<Exclusion> exclusions,
            boolean needsApproval, int threshold, Duration approvalTtl) {
        public BulkPreview {
            exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
        }
    }

    /** Opened at once while the invoker's role is checked: trigger_id lives only 3 seconds. */
    public static View checking(String externalId) {
        return StatusModal.checking(STATUS_CALLBACK_ID, TITLE, externalId);
    }

    /**
     * @param groups     the org's user groups, from {@code usergroups.list}; only the first 100 fit in a select
     * @param groupsNote plain words on why the groups are missing or incomplete, e.g. "User groups could not be
     *                   read: …"; or null
     */
    public static View form(List<GroupOption> groups, String groupsNote) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(
                "Signs many people out of Slack at once, for an incident. Pick any mix of people, channels, user"
                        + " groups, pasted emails or user IDs, and breach lists uploaded as files. Press *Preview* to"
                        + " see who is included and who is"
                        + " left out; nothing is sent to Slack before you confirm. Every step is posted to the audit"
                        + " channel."))));
        blocks.add(input(i -> i.blockId(PEOPLE_BLOCK)
                .label(plainText("People"))
                .optional(true)
                .element(multiUsersSelect(e -> e.actionId(PEOPLE_ACTION).placeholder(plainText("Choose people"))))));
        blocks.add(input(i -> i.blockId(CHANNELS_BLOCK)
                .label(plainText("Members of channels"))
                .hint(plainText("Everyone in the channel, bots and protected people left out."))
                .optional(true)
                .element(multiConversationsSelect(e -> e.actionId(CHANNELS_ACTION)
                        .placeholder(plainText("Choose channels"))
                        .filter(ConversationsFilter.builder().include(List.of("public", "private")).build())))));
        groupsInput(blocks, groups == null ? List.of() : groups, groupsNote);
        blocks.add(input(i -> i.blockId(PASTED_BLOCK)
                .label(plainText("Emails or user IDs"))
                .hint(plainText("One per line or comma-separated, up to " + BulkWords.number(PASTED_MAX)
                        + " characters. For a longer list, upload it as a file below."))
                .optional(true)
                .element(plainTextInput(p -> p.actionId(PASTED_ACTION).multiline(true).maxLength(PASTED_MAX)
                        .placeholder(plainText("alice@example.com, W0123ABCD"))))));
        blocks.add(input(i -> i.blockId(FILES_BLOCK)
                .label(plainText("Or upload a breach list"))
                .hint(plainText("CSV or text: emails or user IDs, up to " + BulkWords.FILE_LIMIT + " and "
                        + BulkWords.number(BreachList.MAX_LINES) + " lines a file. A CSV with an email, user_id or id"
                        + " column uses only that column."))
                .optional(true)
                .element(FileInputElement.builder().actionId(FILES_ACTION).filetypes(FILE_TYPES).maxFiles(MAX_FILES)
                        .build())));
        List<OptionObject> scopes = Arrays.stream(ResetScope.values())
                .map(s -> option(plainText(s.label()), s.value())).toList();
        blocks.add(input(i -> i.blockId(SCOPE_BLOCK)
                .label(plainText("Sessions to end"))
                .element(radioButtons(r -> r.actionId(SCOPE_ACTION).options(scopes)
                        .initialOption(scopes.get(ResetScope.ALL.ordinal()))))));
        blocks.add(input(i -> i.blockId(REASON_BLOCK)
                .label(plainText("Reason"))
                .hint(plainText("Posted to the audit channel. For example: INC-1234, leaked session cookies."))
                .element(plainTextInput(p -> p.actionId(REASON_ACTION).multiline(true).maxLength(REASON_MAX)))));
        return view(v -> v.type("modal").callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text(TITLE)))
                .submit(viewSubmit(t -> t.type("plain_text").text("Preview")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    /** A select with no options is invalid Block Kit, so with no groups the form says so instead. */
    private static void groupsInput(List<LayoutBlock> blocks, List<GroupOption> groups, String groupsNote) {
        if (groups.isEmpty()) {
            String words = groupsNote != null ? ":warning: " + Mrkdwn.escape(groupsNote)
                    : "No user groups to choose from: this org has none Session Guard can see.";
            blocks.add(context(c -> c.elements(List.of(markdownText(words)))));
            return;
        }
        List<OptionObject> options = groups.stream().limit(MAX_GROUP_OPTIONS)
                .map(g -> option(plainText(optionText(g.label())), g.id())).toList();
        blocks.add(input(i -> i.blockId(GROUPS_BLOCK)
                .label(plainText("Members of user groups"))
                .optional(true)
                .element(multiStaticSelect(e -> e.actionId(GROUPS_ACTION)
                        .placeholder(plainText("Choose user groups")).options(options)))));
        List<String> notes = new ArrayList<>();
        if (groupsNote != null) {
            notes.add(":warning: " + Mrkdwn.escape(groupsNote));
        }
        if (groups.size() > MAX_GROUP_OPTIONS) {
            notes.add(":warning: Only the first " + MAX_GROUP_OPTIONS + " of " + BulkWords.number(groups.size())
                    + " user groups fit in the list; for the others, paste their members or pick their channels.");
        }
        if (!notes.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText(String.join("\n", notes))))));
        }
    }

    private static String optionText(String label) {
        String text = label == null || label.isBlank() ? "(unnamed group)" : label;
        return text.length() <= OPTION_TEXT_MAX ? text : text.substring(0, OPTION_TEXT_MAX - 1) + "…";
    }

    /** Shown in the form's ack while the people are found: channels and groups can hold thousands. */
    public static View resolving(String mrkdwn) {
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, ":hourglass_flowing_sand: " + mrkdwn);
    }

    /** The words {@link #resolving} is usually called with. */
    public static final String RESOLVING_WORDS =
            "Checking your role again and finding the people… Nothing is sent to Slack yet; this view shows how far"
                    + " it has got.";


    public static View refused(GateDecision decision) {
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, decision.refusalText(BulkWords.NOTHING_SENT));
    }

    /** Any other outcome in words, e.g. that the request is waiting in the audit channel. */
    public static View status(String mrkdwn) {
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, mrkdwn);
    }

    /** The running and recent bulk jobs, for {@code /session-reset status}. */
    public static View status(List<BulkJob> jobs, java.time.Instant now) {
        return StatusModal.of(STATUS_CALLBACK_ID, TITLE, BulkStatus.jobs(jobs, now));
    }

    /**
     * Who will be sent to Slack, who is left out and why, and whether a second admin must approve. Submitting it
     * starts the job (or asks for approval); closing it does nothing. With nobody left, there is nothing to submit.
     */
    public static View preview(BulkPreview p) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (p.total() == 0) {
            blocks.add(section(s -> s.text(markdownText(":no_entry_sign: *Nobody is left to sign out.* Everyone you"
                    + " picked is left out, as listed below, so nothing will be sent to Slack. Close this and pick"
                    + " again."))));
        } else {
            String who = "*" + BulkWords.people(p.total()) + "* will be " + BulkWords.queued(p.scope()) + ".";
            blocks.add(section(s -> s.text(markdownText(who + " Slack ends their sessions itself after it queues"
                    + " them; the audit channel shows each chunk of " + BulkWords.number(BulkChunks.MAX_PER_CALL)
                    + " as it goes."))));
        }
        blocks.add(section(s -> s.text(markdownText(BulkWords.scopeField(p.scope())))));
        blocks.add(section(s -> s.text(markdownText(BulkWords.reason(p.reason(), StatusModal.SECTION_MAX)))));
        if (p.total() > 0) {
            String approval = p.needsApproval()
                    ? ":raised_hand: *Needs a second admin's approval* in the audit channel (more than "
                            + BulkWords.people(p.threshold()) + "); the request expires after "
                            + BulkWords.window(p.approvalTtl()) + " if nobody approves. You can't approve it yourself."
                    : ":white_check_mark: *No approval needed* (" + BulkWords.number(p.threshold())
                            + " or fewer people).";
            blocks.add(section(s -> s.text(markdownText(approval))));
        }
        exclusions(blocks, p.exclusions());
        if (p.total() == 0) {
            return StatusModal.of(STATUS_CALLBACK_ID, TITLE, blocks);
        }
        if (p.jobId() == null || p.jobId().length() > METADATA_MAX) {
            throw new IllegalArgumentException("a preview needs the draft's id to submit");
        }
        return view(v -> v.type("modal").callbackId(PREVIEW_CALLBACK_ID).privateMetadata(p.jobId())
                .title(viewTitle(t -> t.type("plain_text").text(PREVIEW_TITLE)))
                .submit(viewSubmit(t -> t.type("plain_text").text(p.needsApproval() ? "Request approval" : "Start sign-out")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    /**
     * Each left-out subject under the words saying why, so thousands of bots read as one heading and a list of
     * names. Past {@link #MAX_EXCLUSION_SECTIONS} the list stops and says how many are not shown.
     */
    private static void exclusions(List<LayoutBlock> blocks, List<Exclusion> exclusions) {
        if (exclusions.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText("Nobody you picked is left out.")))));
            return;
        }
        Map<String, List<Exclusion>> byWords = new LinkedHashMap<>();
        exclusions.forEach(e -> byWords.computeIfAbsent(e.words() == null ? "" : e.words(), w -> new ArrayList<>())
                .add(e));
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("*Left out: " + BulkWords.number(exclusions.size()) + "* (never sent to Slack)", false));
        byWords.forEach((words, group) -> {
            lines.add(new Line("*" + BulkWords.cut(Mrkdwn.escape(words), 500) + "* ("
                    + BulkWords.number(group.size()) + ")", false));
            group.forEach(e -> lines.add(new Line("• " + subject(e), true)));
        });
        List<String> sections = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int shown = 0;
        int pending = 0;
        for (Line line : lines) {
            if (current.length() > 0 && current.length() + 1 + line.text().length() > SECTION_LIMIT) {
                sections.add(current.toString());
                shown += pending;
                pending = 0;
                current.setLength(0);
                if (sections.size() == MAX_EXCLUSION_SECTIONS) {
                    break;
                }
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(line.text());
            pending += line.subject() ? 1 : 0;
        }
        if (current.length() > 0 && sections.size() < MAX_EXCLUSION_SECTIONS) {
            sections.add(current.toString());
            shown += pending;
        }
        sections.forEach(t -> blocks.add(section(s -> s.text(markdownText(t)))));
        int left = exclusions.size() - shown;
        if (left > 0) {
            blocks.add(context(c -> c.elements(List.of(markdownText("…and " + BulkWords.number(left)
                    + " more left out; all are listed in the audit record.")))));
        }
    }

    private record Line(String text, boolean subject) {
    }

    /** People by name (Slack renders the mention), channels as links; anything typed or pasted as escaped text. */
    private static String subject(Exclusion e) {
        String s = e.subject() == null ? "" : e.subject();
        if (Mrkdwn.isUserId(s)) {
            return Mrkdwn.mention(s);
        }
        if (BulkTargets.CHANNEL_UNREAD.equals(e.code()) && CHANNEL_ID.matcher(s).matches()) {
            return "<#" + s + ">";
        }
        return BulkWords.cut(Mrkdwn.escape(s), SUBJECT_MAX);
    }
}
