package dev.sessionguard.workflow;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.builtin.EventRequest;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.StepCompletions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Workflow Builder step's Slack edge: {@code function_executed} for {@code sign_out_people}, over HTTP and
 * Socket Mode alike. Acked at once; the run goes to the slow lane, and the step is completed with the event's
 * workflow token when it is done.
 */
public final class WorkflowListeners {

    private static final Logger log = LoggerFactory.getLogger(WorkflowListeners.class);

    static final String FUNCTION_EXECUTED = "function_executed";
    private static final String RAW_BODY = "session_guard.raw_body";

    private final AtomicBoolean rawBodiesKept = new AtomicBoolean();
    private final SignOutStep step;
    private final StepCompletions completions;
    private final StepCompletions noticeCompletions;
    private final AfterAck afterAck;

    /**
     * @param completions       for runs on the slow lane, which may wait out Slack's Retry-After
     * @param noticeCompletions for a run the slow lane had no room for, failed from the notice lane: tried once,
     *                          never waiting, like every notice
     */
    public WorkflowListeners(SignOutStep step, StepCompletions completions, StepCompletions noticeCompletions,
            AfterAck afterAck) {
        this.step = step;
        this.completions = completions;
        this.noticeCompletions = noticeCompletions;
        this.afterAck = afterAck;
    }

    /**
     * The typed event drops the runner (a user_context object): a middleware keeps the raw body for the handler, in
     * the request's own context, which Bolt hands the handler on the same thread. Bolt's first {@code use} builds its
     * default middleware, which asks Slack ({@code auth.test}): so this runs on the start-up thread, just before
     * Bolt starts (nothing reaches Bolt until then), and once however often the start is tried.
     */
    public void keepRawBodies(App app) {
        if (!rawBodiesKept.compareAndSet(false, true)) {
            return;
        }
        try {
            app.use((req, resp, chain) -> {
                if (req instanceof EventRequest e && FUNCTION_EXECUTED.equals(e.getEventType())) {
                    e.getContext().getAdditionalValues().put(RAW_BODY, e.getRequestBodyAsString());
                }
                return chain.next(req);
            });
        } catch (RuntimeException e) {
            rawBodiesKept.set(false); // Slack refused or was not reached: the next try of the start adds it
            throw e;
        }
    }

    public void register(App app) {
        app.function(SignOutStep.CALLBACK_ID, (payload, ctx) -> {
            String raw = ctx.getAdditionalValues().get(RAW_BODY);
            if (raw == null) {
                log.warn("A function_executed event reached the step without its body; not run");
                return ctx.ack();
            }
            StepEvent event = StepEvent.read(raw);
            afterAck.slow(() -> complete(completions, event, step.run(event.run())), () -> {
                SignOutStep.Outcome busy = step.refuseBusy(event.run(), AfterAck.busy());
                return () -> complete(noticeCompletions, event, busy);
            });
            return ctx.ack();
        });
    }

    private static void complete(StepCompletions completions, StepEvent event, SignOutStep.Outcome outcome) {
        String id = event.run().executionId();
        SlackResult<?> sent;
        if (outcome instanceof SignOutStep.Completed done) {
            sent = completions.success(event.token(), id, StepCompletions.outputs(done.signedOut(),
                    done.notSignedOut(), done.summary()));
        } else if (outcome instanceof SignOutStep.Failed failed) {
            sent = completions.error(event.token(), id, failed.error());
        } else {
            return; // run before: that run completes it
        }
        if (!sent.ok()) {
            log.warn("Could not complete workflow step run {}: {}", id, sent.error());
        }
    }
}
