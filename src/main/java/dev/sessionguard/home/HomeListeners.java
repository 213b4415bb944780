package dev.sessionguard.home;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.event.AppHomeOpenedEvent;
import dev.sessionguard.edge.Actors;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.HomeSection;
import dev.sessionguard.edge.Opener;
import com.slack.api.model.block.LayoutBlock;
import java.time.Clock;
import java.time.Instant;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.edge.Reply;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.ViewCalls;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App Home's Slack edge: publishes the Home on {@code app_home_opened}, and opens each tool's modal
 * from its button. The modals check the invoker themselves, so a stale Home in a demoted admin's
 * client leads nowhere.
 */
public final class HomeListeners {

    private static final Logger log = LoggerFactory.getLogger(HomeListeners.class);

    private final AdminGate gate;
    private final AuditLog audit;
    private final ViewCalls views;
    private final AfterAck afterAck;
    private final Clock clock;
    private final Tools tools;
    private final List<HomeSection> sections;

    /** What the Home's four buttons open, each owned by its feature. */
    public record Tools(Opener reset, Opener console, Opener policy, Opener bulk) {
    }

    /** @param sections the other features' parts of an admin's Home, in order */
    public HomeListeners(AdminGate gate, AuditLog audit, ViewCalls views, AfterAck afterAck, Clock clock, Tools tools,
            List<HomeSection> sections) {
        this.gate = gate;
        this.audit = audit;
        this.views = views;
        this.afterAck = afterAck;
        this.clock = clock;
        this.tools = tools;
        this.sections = List.copyOf(sections);
    }

    public void register(App app) {
        app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
            AppHomeOpenedEvent event = payload.getEvent();
            // The Messages tab sends this event too; only the Home tab shows a view.
            if (event != null && "home".equals(event.getTab()) && event.getUser() != null) {
                String orgId = payload.getEnterpriseId();
                // Refused only when the slow lane is full: counted, and the Home tab keeps what it last showed.
                afterAck.slow(() -> publish(event.getUser(), orgId), () -> {
                    log.warn("Did not publish the App Home for {}: Session Guard is busy", event.getUser());
                    return () -> { };
                });
            }
            return ctx.ack();
        });
        // Each button opens its tool's modal for the presser; the modal checks them itself.
        Map.of(HomeView.RESET_ACTION, tools.reset(), HomeView.INSPECT_ACTION, tools.console(),
                HomeView.BULK_ACTION, tools.bulk(), HomeView.POLICY_ACTION, tools.policy())
                .forEach((action, tool) -> app.blockAction(action, (req, ctx) -> {
                    BlockActionPayload p = req.getPayload();
                    Actor actor = Actors.of(p);
                    afterAck.open(Reply.dm(actor.userId()), () -> tool.open(p.getTriggerId(), actor, List.of(), null));
                    return ctx.ack();
                }));
    }

    /** Admins get the tools and recent actions; everyone else, and anyone Slack can't vouch for, one line. */
    void publish(String userId, String requestOrgId) {
        // The Home's tools lead only into forms, and each checks afresh at submission.
        GateDecision decision = gate.checkToOpen(userId, requestOrgId);
        SlackResult<?> r = views.publish(userId, decision.allowed() ? HomeView.admin(recentOrNull(), sections()) : HomeView.member());
        if (!r.ok()) {
            log.warn("Could not publish the App Home for {}: {}", userId, r.error());
        }
    }

    private List<LayoutBlock> sections() {
        Instant now = clock.instant();
        return sections.stream().flatMap(section -> section.blocks(now).stream()).toList();
    }

    /** The latest actions, or null when the audit store can't be read: the tools still show. */
    private List<AuditRecord> recentOrNull() {
        try {
            return audit.recent(HomeView.RECENT);
        } catch (RuntimeException e) {
            log.error("Could not read recent actions for the App Home: {}", e.getMessage());
            return null;
        }
    }
}
