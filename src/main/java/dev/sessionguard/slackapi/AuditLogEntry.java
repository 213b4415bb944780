package dev.sessionguard.slackapi;

import java.time.Instant;
import java.util.List;

/**
 * One entry of Slack's Audit Logs API, as Session Guard reads it. Every string but {@code id}, {@code action} and
 * the user IDs comes from the client whose session it is (whoever holds a stolen cookie chooses them): hostile
 * text, escaped wherever it is shown. Fields Slack left out are null; {@code reasons} is never null.
 *
 * @param id           Slack's id of the entry, unique
 * @param at           {@code date_create}
 * @param action       e.g. {@code anomaly}, {@code user_sessions_reset_by_anomaly_event_response}
 * @param userId       the person it is about: {@code entity.user.id}, else {@code actor.user.id}
 * @param enterpriseId {@code context.location.id} when its type is {@code enterprise}
 * @param reasons      {@code details.reason}: a list in anomaly entries, a single string in some others
 * @param ipAddress    {@code context.ip_address}
 * @param userAgent    {@code context.ua}
 * @param location     {@code details.location}, e.g. "Lisbon, Portugal"
 * @param sessionId    {@code context.session_id}
 */
public record AuditLogEntry(String id, Instant at, String action, String userId, String enterpriseId,
        List<String> reasons, String ipAddress, String userAgent, String location, String sessionId,
        String previousIpAddress, String previousUserAgent) {

    public static final String ANOMALY = "anomaly";
    public static final String RESET_BY_ANOMALY_RESPONSE = "user_sessions_reset_by_anomaly_event_response";

    public AuditLogEntry {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
