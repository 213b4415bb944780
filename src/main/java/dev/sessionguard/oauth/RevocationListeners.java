package dev.sessionguard.oauth;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.storage.JdbcInstallationService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tokens_revoked} and {@code app_uninstalled}: the stored tokens Slack no longer honours are deleted and
 * the event is audited, before the ack, so a database failure makes Slack send the event again. The audit
 * record is committed at once; its post to the audit channel waits in the outbox (as {@code not_installed})
 * while there is no bot token, and goes out after the next install.
 */
public final class RevocationListeners {

    private static final Logger log = LoggerFactory.getLogger(RevocationListeners.class);
    private static final String AGAIN = " Session Guard can't act with it until an Org Owner or Org Admin installs it "
            + "again at " + OAuthPaths.INSTALL + ".";

    private final JdbcInstallationService store;
    private final AuditLog audit;
    private final Clock clock;

    public RevocationListeners(JdbcInstallationService store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(App app) {
        app.event(TokensRevokedEvent.class, (payload, ctx) -> {
            tokensRevoked(org(payload), payload.getEvent().getTokens());
            return ctx.ack();
        });
        app.event(AppUninstalledEvent.class, (payload, ctx) -> {
            uninstalled(org(payload));
            return ctx.ack();
        });
    }

    void tokensRevoked(String org, TokensRevokedEvent.Tokens tokens) {
        if (org == null) {
            log.warn("tokens_revoked without an org ID; nothing deleted");
            return;
        }
        List<TargetResult> targets = new ArrayList<>();
        for (String userId : tokens == null || tokens.getOauth() == null ? List.<String>of() : tokens.getOauth()) {
            boolean deleted = store.deleteUserToken(org, userId);
            targets.add(new TargetResult(userId, deleted ? TargetResult.Status.DONE : TargetResult.Status.NOT_ATTEMPTED,
                    null, deleted ? "Admin user token deleted" : "No user token of theirs was stored"));
        }
        for (String botUserId : tokens == null || tokens.getBot() == null ? List.<String>of() : tokens.getBot()) {
            boolean deleted = store.deleteBotToken(org);
            targets.add(new TargetResult(botUserId, deleted ? TargetResult.Status.DONE : TargetResult.Status.NOT_ATTEMPTED,
                    null, deleted ? "Bot token deleted" : "No bot token was stored"));
        }
        log.info("tokens_revoked for {}: {} stored token(s) deleted", org,
                targets.stream().filter(t -> t.status() == TargetResult.Status.DONE).count());
        audit.record(new AuditRecord(clock.instant(), AuditRecord.SLACK, AuditRecord.APP_TOKENS_REVOKED,
                AuditRecord.Outcome.SUCCEEDED, null, null, "Slack reported tokens of the app on " + org
                + " revoked (it does not say by whom); the stored ones were deleted." + AGAIN, targets));
    }

    void uninstalled(String org) {
        if (org == null) {
            log.warn("app_uninstalled without an org ID; nothing deleted");
            return;
        }
        boolean deleted = store.deleteInstallation(org);
        log.info("app_uninstalled for {}: install {}", org, deleted ? "deleted" : "was not stored");
        audit.record(new AuditRecord(clock.instant(), AuditRecord.SLACK, AuditRecord.APP_UNINSTALLED,
                AuditRecord.Outcome.SUCCEEDED, null, null, "Slack reported the app uninstalled from " + org
                + (deleted ? "; its stored tokens were deleted." : "; no install of it was stored.") + AGAIN, List.of()));
    }

    /** Org-wide installs get events with the org's E… ID; the team ID is the fallback Slack documents. */
    private static String org(EventsApiPayload<?> payload) {
        String enterprise = payload.getEnterpriseId();
        if (enterprise != null && !enterprise.isBlank()) {
            return enterprise;
        }
        String team = payload.getTeamId();
        return team == null || team.isBlank() ? null : team;
    }
}
