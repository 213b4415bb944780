package dev.sessionguard.oauth;

import com.slack.api.app_backend.events.payload.Authorization;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tokens_revoked} and {@code app_uninstalled}: the stored tokens Slack no longer honours are deleted and
 * the deletion is audited, before the ack, so a database failure makes Slack send the event again. The audit
 * record is committed at once; its post to the audit channel waits in the outbox (as {@code not_installed})
 * while there is no bot token, and goes out after the next install.
 *
 * <p>Only events about the stored org-wide install delete anything. Slack sends the same events when the app is
 * removed from one workspace of the org (say the workspace install that was refused), and retries an event for
 * hours, so it can arrive after a reinstall. Such events are acked and logged, and nothing is deleted or audited:
 * <ul>
 *   <li>the event must be about the org-wide install: an authorization with {@code is_enterprise_install}, or a
 *       team ID that is absent or the org's own;</li>
 *   <li>it must not be older (its {@code event_time}, in seconds) than the stored install;</li>
 *   <li>{@code tokens_revoked} deletes the bot token only when it names the stored bot user, and the admin token
 *       only when it names the stored installer.</li>
 * </ul>
 */
public final class RevocationListeners {

    private static final Logger log = LoggerFactory.getLogger(RevocationListeners.class);
    private static final String AGAIN = " Session Guard can't act with it until an Org Owner or Org Admin installs it "
            + "again at " + OAuthPaths.INSTALL + ".";

    private final InstallStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable onDeleted;

    public RevocationListeners(InstallStore store, AuditLog audit, Clock clock) {
        this(store, audit, clock, () -> { });
    }

    /** @param onDeleted told after a stored token or install was deleted, e.g. to forget the org served */
    public RevocationListeners(InstallStore store, AuditLog audit, Clock clock, Runnable onDeleted) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.onDeleted = onDeleted;
    }

    public void register(App app) {
        app.event(TokensRevokedEvent.class, (payload, ctx) -> {
            tokensRevoked(payload);
            return ctx.ack();
        });
        app.event(AppUninstalledEvent.class, (payload, ctx) -> {
            uninstalled(payload);
            return ctx.ack();
        });
    }

    void tokensRevoked(EventsApiPayload<TokensRevokedEvent> payload) {
        Origin origin = Origin.of(payload);
        Optional<StoredInstall> stored = concerning(TokensRevokedEvent.TYPE_NAME, origin);
        if (stored.isEmpty()) {
            return;
        }
        StoredInstall install = stored.get();
        TokensRevokedEvent.Tokens tokens = payload.getEvent() == null ? null : payload.getEvent().getTokens();
        List<String> users = tokens == null || tokens.getOauth() == null ? List.of() : tokens.getOauth();
        List<String> bots = tokens == null || tokens.getBot() == null ? List.of() : tokens.getBot();
        List<TargetResult> targets = new ArrayList<>();
        if (users.contains(install.installerUserId())
                && store.deleteUserToken(origin.org(), install.installerUserId(), origin.eventTime())) {
            targets.add(new TargetResult(install.installerUserId(), TargetResult.Status.DONE, null,
                    "Admin user token deleted"));
        }
        if (bots.contains(install.botUserId())
                && store.deleteBotToken(origin.org(), install.botUserId(), origin.eventTime())) {
            targets.add(new TargetResult(install.botUserId(), TargetResult.Status.DONE, null, "Bot token deleted"));
        }
        if (targets.isEmpty()) {
            log.info("Ignored tokens_revoked for {} (user tokens of {}, bot tokens of {}): it names no token still "
                    + "stored for the install by {} with bot user {}", origin.org(), users, bots,
                    install.installerUserId(), install.botUserId());
            return;
        }
        onDeleted.run();
        log.info("tokens_revoked for {}: {} stored token(s) deleted", origin.org(), targets.size());
        audit.record(new AuditRecord(clock.instant(), AuditRecord.SLACK, AuditRecord.APP_TOKENS_REVOKED,
                AuditRecord.Outcome.SUCCEEDED, null, null, "Slack reported tokens of the app on " + origin.org()
                + " revoked (it does not say by whom); the stored ones were deleted." + AGAIN, targets));
    }

    void uninstalled(EventsApiPayload<AppUninstalledEvent> payload) {
        Origin origin = Origin.of(payload);
        if (concerning(AppUninstalledEvent.TYPE_NAME, origin).isEmpty()) {
            return;
        }
        if (!store.deleteInstallation(origin.org(), origin.eventTime())) {
            // A reinstall or another instance got there between the read and the delete.
            log.info("Ignored app_uninstalled for {}: the install it is about is no longer stored", origin.org());
            return;
        }
        onDeleted.run();
        log.info("app_uninstalled for {}: install deleted", origin.org());
        audit.record(new AuditRecord(clock.instant(), AuditRecord.SLACK, AuditRecord.APP_UNINSTALLED,
                AuditRecord.Outcome.SUCCEEDED, null, null, "Slack reported the app uninstalled from " + origin.org()
                + "; its stored tokens were deleted." + AGAIN, List.of()));
    }

    /** The stored install the event is about, or empty (and logged) when it is about none. */
    private Optional<StoredInstall> concerning(String type, Origin origin) {
        if (origin.org() == null) {
            log.info("Ignored {} without an org ID; nothing deleted", type);
            return Optional.empty();
        }
        if (!origin.orgWide()) {
            log.info("Ignored {} for the workspace {} of {}: it is not about the org-wide install; nothing deleted",
                    type, origin.teamId(), origin.org());
            return Optional.empty();
        }
        Optional<StoredInstall> stored = store.stored(origin.org());
        if (stored.isEmpty()) {
            log.info("Ignored {} for {}: no install of it is stored", type, origin.org());
            return Optional.empty();
        }
        if (origin.eventTime() != null
                && origin.eventTime().getEpochSecond() < stored.get().installedAt().getEpochSecond()) {
            log.info("Ignored {} for {} sent at {}: it is older than the install stored at {}; nothing deleted",
                    type, origin.org(), origin.eventTime(), stored.get().installedAt());
            return Optional.empty();
        }
        return stored;
    }

    /**
     * Which install an event is about.
     *
     * @param org       the org's E… ID (the team ID when Slack sent no enterprise ID), or null
     * @param teamId    the envelope's team ID, or null
     * @param orgWide   whether it is about the org-wide install rather than one workspace's
     * @param eventTime when Slack sent it (whole seconds), or null when it did not say
     */
    record Origin(String org, String teamId, boolean orgWide, Instant eventTime) {

        static Origin of(EventsApiPayload<?> payload) {
            String enterprise = blankToNull(payload.getEnterpriseId());
            String team = blankToNull(payload.getTeamId());
            List<Authorization> authorizations = payload.getAuthorizations() == null
                    ? List.of() : payload.getAuthorizations();
            Optional<Authorization> orgWideAuthorization = authorizations.stream()
                    .filter(a -> a != null && Boolean.TRUE.equals(a.getIsEnterpriseInstall()))
                    .filter(a -> enterprise == null || a.getEnterpriseId() == null
                            || enterprise.equals(a.getEnterpriseId()))
                    .findFirst();
            String org = enterprise != null ? enterprise
                    : orgWideAuthorization.map(a -> blankToNull(a.getEnterpriseId())).orElse(team);
            boolean orgWide = orgWideAuthorization.isPresent() || team == null || team.equals(org);
            Instant time = payload.getEventTime() == null ? null : Instant.ofEpochSecond(payload.getEventTime());
            return new Origin(org, team, orgWide, time);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
