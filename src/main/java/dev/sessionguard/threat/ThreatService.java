package dev.sessionguard.threat;

import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.access.Refusals;
import dev.sessionguard.edge.MessagePress;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.safety.NotResettable;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.slackapi.AuditLogEntry;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.text.Mrkdwn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threat response without Bolt: files what Slack's audit logs report onto cards, runs the automatic response within
 * its settings, and acts on the cards' buttons. Every sign-out goes through {@link SignOutService}: written ahead,
 * never a protected account, never the primary owner.
 */
public final class ThreatService {

    private static final Logger log = LoggerFactory.getLogger(ThreatService.class);

    /** Anomalies for one person within this of the card's first update that card instead of posting a new one. */
    public static final Duration GROUPING = Duration.ofMinutes(15);
    static final String NOTHING_CHANGED = "Nothing was changed.";
    /** Slack's entry ids are UUIDs; anything else is not filed (it could not be stored or shown safely). */
    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** What threat response counts, for /metrics. */
    public interface Counts {
        void anomaly(String reason);

        /** @param outcome {@code signed_out}, {@code failed}, {@code limit_reached} or {@code skipped} */
        void autoSignOut(String outcome);

        Counts NONE = new Counts() {
            @Override
            public void anomaly(String reason) {
            }

            @Override
            public void autoSignOut(String outcome) {
            }
        };
    }

    /**
     * The automatic response's settings.
     *
     * @param reasons    Slack's reasons it acts on; empty: it never acts
     * @param maxPerHour the most people it signs out in an hour, across the org
     */
    public record Automatic(Set<String> reasons, int maxPerHour) {
        public static final Automatic OFF = new Automatic(Set.of(), 0);

        public Automatic {
            reasons = Set.copyOf(reasons);
        }
    }

    private final AnomalyStore store;
    private final SignOutService signOut;
    private final AdminGate gate;
    private final Directory directory;
    private final ProtectedUsers protectedUsers;
    private final AuditLog audit;
    private final Runnable nudge;
    private final Clock clock;
    private final Automatic automatic;
    private final Counts counts;
    private final Refusals refusals;
    private final Function<Long, Optional<AuditStore.Delivered>> messages;

    /**
     * @param nudge    tells the audit outbox a record was appended outside the audit log (a card's filing)
     * @param messages where a record was posted in the audit channel (a card's is its first record's)
     */
    public ThreatService(AnomalyStore store, SignOutService signOut, AdminGate gate, Directory directory,
            ProtectedUsers protectedUsers, AuditLog audit, Runnable nudge, Clock clock, Automatic automatic,
            Counts counts, Function<Long, Optional<AuditStore.Delivered>> messages) {
        this.store = store;
        this.signOut = signOut;
        this.gate = gate;
        this.directory = directory;
        this.protectedUsers = protectedUsers;
        this.audit = audit;
        this.nudge = nudge;
        this.clock = clock;
        this.automatic = automatic;
        this.counts = counts;
        this.refusals = new Refusals(audit, clock);
        this.messages = messages;
    }

    /**
     * Files one entry of Slack's logs on its person's card, once whatever instance reads it again.
     *
     * @return whether it was new
     */
    public boolean file(AuditLogEntry entry) {
        if (entry.id() == null || !ENTRY_ID.matcher(entry.id()).matches() || entry.at() == null) {
            log.warn("An audit log entry without a usable id or time was skipped");
            return false;
        }
        if (entry.userId() == null || entry.userId().length() > 32 || !Mrkdwn.isUserId(entry.userId())) {
            log.warn("Audit log entry {} ({}) names no person; not filed", entry.id(), AnomalyReasons.safeName(
                    entry.action()));
            return false;
        }
        boolean anomaly = AuditLogEntry.ANOMALY.equals(entry.action());
        if (!anomaly && !AuditLogEntry.RESET_BY_ANOMALY_RESPONSE.equals(entry.action())) {
            return false;
        }
        Instant since = entry.at().minus(GROUPING);
        Optional<AnomalyStore.Filed> filed = store.file(entry, since, !anomaly, joinable -> {
            boolean isNew = joinable.isEmpty();
            AnomalyCard card = anomaly ? withAnomaly(joinable, entry) : withSlackReset(joinable, entry);
            AuditRecord record = anomaly ? ThreatRecords.detected(clock.instant(), card, entry, isNew)
                    : ThreatRecords.slackReset(clock.instant(), card, entry, isNew);
            return new AnomalyStore.Filing(card, record);
        });
        if (filed.isEmpty()) {
            return false;
        }
        if (anomaly) {
            entry.reasons().forEach(counts::anomaly); // /metrics counts an undocumented reason as "other"
        }
        nudge.run();
        return true;
    }

    /** The card with one more anomaly: reasons merged, counted, the latest sighting, maybe the automatic response. */
    private AnomalyCard withAnomaly(Optional<AnomalyCard> joinable, AuditLogEntry e) {
        AnomalyCard.Sighting seen = new AnomalyCard.Sighting(e.id(), e.at(), e.ipAddress(), e.userAgent(),
                e.location(), e.sessionId(), e.previousIpAddress(), e.previousUserAgent());
        if (joinable.isEmpty()) {
            return new AnomalyCard(cardId(e), e.userId(), e.at(), e.at(), 1, distinct(List.of(), e.reasons()), seen, 0,
                    null, null, null, autoReason(e.reasons(), List.of()));
        }
        AnomalyCard c = joinable.get();
        boolean newer = !e.at().isBefore(c.lastAt());
        String auto = c.autoReason() != null ? c.autoReason() : autoReason(e.reasons(), c.reasons());
        return new AnomalyCard(c.id(), c.userId(), c.firstAt().isBefore(e.at()) ? c.firstAt() : e.at(),
                newer ? e.at() : c.lastAt(), c.count() + 1, distinct(c.reasons(), e.reasons()),
                newer ? seen : c.latest(), c.seq(), c.slackReset(), c.handled(), c.note(), auto);
    }

    private static AnomalyCard withSlackReset(Optional<AnomalyCard> joinable, AuditLogEntry e) {
        if (joinable.isEmpty()) {
            AnomalyCard.Sighting seen = new AnomalyCard.Sighting(e.id(), e.at(), e.ipAddress(), e.userAgent(),
                    e.location(), e.sessionId(), e.previousIpAddress(), e.previousUserAgent());
            return new AnomalyCard(cardId(e), e.userId(), e.at(), e.at(), 0, distinct(List.of(), e.reasons()), seen,
                    0, e.at(), null, null, null);
        }
        AnomalyCard c = joinable.get();
        return new AnomalyCard(c.id(), c.userId(), c.firstAt(), c.lastAt(), c.count(),
                distinct(c.reasons(), e.reasons()), c.latest(), c.seq(), e.at(), c.handled(), c.note(), c.autoReason());
    }

    /**
     * The reason the automatic response acts on: the first of the entry's that it is set for and the card did not
     * already have (each reason is acted on once per card).
     */
    private String autoReason(List<String> reasons, List<String> already) {
        return reasons.stream().filter(automatic.reasons()::contains).filter(r -> !already.contains(r)).findFirst()
                .orElse(null);
    }

    private static List<String> distinct(List<String> first, List<String> more) {
        Set<String> all = new LinkedHashSet<>(first);
        more.forEach(r -> all.add(AnomalyReasons.known(r) ? r : AnomalyReasons.safeName(r)));
        return List.copyOf(all);
    }

    /** 12 characters of the SHA-256 of Slack's entry id, in Crockford's base 32: the same on every instance. */
    static String cardId(AuditLogEntry e) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(e.id().getBytes(StandardCharsets.UTF_8));
            String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                id.append(alphabet.charAt((hash[i] & 0xFF) % 32));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x); // every JRE has SHA-256
        }
    }

    /**
     * Runs the automatic response for every card waiting for it: after a read of the logs, so a card whose sessions
     * Slack already ended is left alone.
     */
    public void respondAutomatically() {
        for (AnomalyCard card : store.awaitingAutomaticResponse()) {
            respond(card);
        }
    }

    private void respond(AnomalyCard card) {
        if (!card.open() || card.slackReset() != null) {
            store.automaticResponseDone(card.id()); // someone, or Slack, already ended it
            return;
        }
        String user = card.userId();
        if (protectedUsers.isProtected(user)) {
            hold(card, "<@" + user + "> is on the protected list (SESSION_GUARD_PROTECTED_USERS), which is never "
                    + "signed out.", "skipped");
            return;
        }
        Directory.Lookup lookup = directory.lookup(user);
        if (lookup.user().isEmpty()) {
            hold(card, "Slack could not say who this is (" + lookup.error() + "): "
                    + SlackErrors.describe(lookup.error()), "skipped");
            return;
        }
        Optional<NotResettable> skip = NotResettable.why(lookup.user().get());
        if (skip.isPresent()) {
            hold(card, skip.get().words(), "skipped");
            return;
        }
        if (!store.countAutomatic(card.id(), clock.instant(), automatic.maxPerHour())) {
            hold(card, "the automatic limit was reached (" + automatic.maxPerHour() + " people an hour, "
                    + "SESSION_GUARD_AUTO_SIGN_OUT_MAX_PER_HOUR). A person must decide: press Sign out everywhere.",
                    "limit_reached");
            return;
        }
        SignOutService.Report report = signOut.signOut(ThreatRecords.AUTO_ACTOR, List.of(user), ResetScope.ALL,
                ThreatRecords.autoReason(card), new SignOutService.Filing(ThreatRecords.AUTO_SIGN_OUT, card.seq(),
                        ThreatRecords.signOutDetail(card), results -> settle(card, results, ThreatRecords.AUTO_ACTOR,
                                AnomalyCard.Kind.AUTO_SIGNED_OUT)), 0);
        if (report.refused()) {
            // The audit trail can't be written: nothing was sent, and the next read tries again.
            log.warn("The automatic response to anomaly card {} waits: {}", card.id(), report.gate().code());
            return;
        }
        store.automaticResponseDone(card.id());
        boolean done = report.results().stream().allMatch(t -> t.status() == TargetResult.Status.DONE);
        counts.autoSignOut(done ? "signed_out" : "failed");
    }

    /** The automatic response held back: said on the card (the buttons stay for a person) and recorded. */
    private void hold(AnomalyCard card, String why, String outcome) {
        store.note(card.id(), "Not signed out automatically: " + why);
        audit.record(ThreatRecords.held(clock.instant(), card, why));
        store.automaticResponseDone(card.id());
        counts.autoSignOut(outcome);
    }

    /** Before a sign-out's closing record: what the card says of it. */
    private void settle(AnomalyCard card, List<TargetResult> results, String by, AnomalyCard.Kind kind) {
        TargetResult result = results.get(0);
        if (result.status() == TargetResult.Status.DONE) {
            store.handled(card.id(), new AnomalyCard.Handled(kind, by, clock.instant(), result.words()));
        } else {
            String who = kind == AnomalyCard.Kind.AUTO_SIGNED_OUT ? "The automatic response" : "<@" + by + ">";
            store.note(card.id(), who + " tried Sign out everywhere: " + result.words());
        }
    }

    /** What came of a press, in words for the presser. */
    public record Pressed(boolean done, String words) {
    }

    /** Sign out everywhere: the presser checked now, the sign-out written ahead and within their limit. */
    public Pressed signOut(Actor presser, String cardId, MessagePress on) {
        Checked checked = check(presser, cardId, "Sign out everywhere", on);
        if (checked.refused() != null) {
            return checked.refused();
        }
        AnomalyCard card = checked.card();
        if (!card.open()) {
            return ended(card);
        }
        SignOutService.Report report = signOut.signOut(presser.userId(), List.of(card.userId()), ResetScope.ALL,
                ThreatRecords.pressedReason(card), new SignOutService.Filing(ThreatRecords.SIGN_OUT, card.seq(),
                        ThreatRecords.signOutDetail(card), results -> settle(card, results, presser.userId(),
                                AnomalyCard.Kind.SIGNED_OUT)), 1);
        if (report.refused()) {
            return new Pressed(false, ":no_entry: " + Mrkdwn.escape(report.gate().reason()));
        }
        TargetResult result = report.results().get(0);
        boolean done = result.status() == TargetResult.Status.DONE;
        return new Pressed(done, (done ? ":white_check_mark: " : ":warning: ") + "<@" + card.userId() + ">: "
                + Mrkdwn.escape(result.words()) + (report.recorded() ? "" : " (The audit trail could not store the "
                + "outcome; Session Guard's log has it.)"));
    }

    /** Dismiss: the card ends, saying who dismissed it; nobody is signed out. */
    public Pressed dismiss(Actor presser, String cardId, MessagePress on) {
        Checked checked = check(presser, cardId, "Dismiss", on);
        if (checked.refused() != null) {
            return checked.refused();
        }
        AnomalyCard card = checked.card();
        if (!card.open()) {
            return ended(card);
        }
        store.handled(card.id(), new AnomalyCard.Handled(AnomalyCard.Kind.DISMISSED, presser.userId(),
                clock.instant(), "Dismissed"));
        boolean recorded = audit.record(ThreatRecords.dismissed(clock.instant(), card, presser.userId()));
        return new Pressed(true, ":wastebasket: You dismissed the anomaly card for <@" + card.userId()
                + ">; nobody was signed out." + (recorded ? "" : " The audit trail could not store this; Session "
                + "Guard's log has it."));
    }

    /** Inspect sessions: the person the card is about (the console checks the presser itself). */
    public Optional<String> person(String cardId) {
        return cardId == null ? Optional.empty() : store.card(cardId).map(AnomalyCard::userId);
    }

    /** A press the app had no room for right now: recorded as refused. */
    public boolean recordBusy(Actor presser, String cardId, String button, GateDecision busy) {
        return recordRefusal(presser, cardId, cardId == null ? Optional.empty() : store.card(cardId), button, busy);
    }

    private boolean recordRefusal(Actor presser, String cardId, Optional<AnomalyCard> card, String button,
            GateDecision decision) {
        return refusals.record(presser, ThreatRecords.REFUSED, null, button + " on anomaly card "
                + (card.isPresent() ? cardId : "(unknown)"), "at the press", decision,
                card.map(c -> List.of(c.userId())).orElse(List.of()), "Not attempted: the presser was refused");
    }

    /** The card pressed on, or why the press was refused. */
    private record Checked(AnomalyCard card, Pressed refused) {
    }

    /**
     * The presser passes the admin gate now, the card exists, and the press was on the card's own message: a button's
     * value names a card and nothing else in the payload ties it to that card, so a press on a forwarded copy or on
     * another message is refused. Every refusal but an unknown card is recorded: a message of its own, the card
     * unchanged.
     */
    private Checked check(Actor presser, String cardId, String button, MessagePress on) {
        GateDecision decision = gate.check(presser.userId(), presser.requestOrgId());
        Optional<AnomalyCard> card = cardId == null ? Optional.empty() : store.card(cardId);
        if (decision.allowed() && card.isPresent()) {
            Optional<AuditStore.Delivered> message = messages.apply(card.get().seq());
            if (message.isEmpty() || on == null || !message.get().channel().equals(on.channel())
                    || !message.get().messageTs().equals(on.messageTs())) {
                decision = GateDecision.refuse("not_its_message", "That button is not on the anomaly card's own "
                        + "message in the audit channel. Use the buttons on the card itself.");
            }
        }
        if (!decision.allowed()) {
            boolean recorded = recordRefusal(presser, cardId, card, button, decision);
            return new Checked(null, new Pressed(false, decision.recorded(recorded).refusalText(NOTHING_CHANGED)));
        }
        return card.map(c -> new Checked(c, null)).orElseGet(() -> new Checked(null,
                new Pressed(false, ":no_entry: Session Guard has no such anomaly card. " + NOTHING_CHANGED)));
    }

    private static Pressed ended(AnomalyCard card) {
        AnomalyCard.Handled h = card.handled();
        String what = switch (h.kind()) {
            case SIGNED_OUT -> "<@" + h.by() + "> already signed <@" + card.userId() + "> out";
            case AUTO_SIGNED_OUT -> "The automatic response already signed <@" + card.userId() + "> out";
            case DISMISSED -> "<@" + h.by() + "> already dismissed it";
        };
        return new Pressed(false, ":information_source: " + what + " (<!date^" + h.at().getEpochSecond()
                + "^{date_short_pretty} {time}|" + h.at() + ">). " + NOTHING_CHANGED);
    }
}
