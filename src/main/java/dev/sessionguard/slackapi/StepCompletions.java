package dev.sessionguard.slackapi;

import com.slack.api.methods.MethodsClient;
import java.util.List;
import java.util.Map;

/**
 * Completes a run of a Workflow Builder step ({@code functions.completeSuccess}, {@code functions.completeError})
 * with the run's own short-lived workflow token, the {@code bot_access_token} of its event: never with the admin
 * or bot token.
 */
public class StepCompletions {

    private final MethodsClient slack;
    private final SlackCalls calls;

    public StepCompletions(MethodsClient slack, SlackCalls calls) {
        this.slack = slack;
        this.calls = calls;
    }

    public SlackResult<?> success(String workflowToken, String executionId, Map<String, ?> outputs) {
        return calls.call("functions.completeSuccess", () -> slack.functionsCompleteSuccess(r -> r
                .token(workflowToken)
                .functionExecutionId(executionId)
                .outputs(outputs)));
    }

    public SlackResult<?> error(String workflowToken, String executionId, String error) {
        return calls.call("functions.completeError", () -> slack.functionsCompleteError(r -> r
                .token(workflowToken)
                .functionExecutionId(executionId)
                .error(error)));
    }

    /** The step's outputs, as its manifest names them. */
    public static Map<String, Object> outputs(List<String> signedOut, List<String> notSignedOut, String summary) {
        return Map.of("signed_out", signedOut, "not_signed_out", notSignedOut, "summary", summary);
    }
}
