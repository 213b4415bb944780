package dev.sessionguard.config;

import java.time.Duration;

/**
 * Incident mode: bulk jobs and the user directory their previews read.
 *
 * @param approvalThreshold a bulk job of more people than this waits for a second admin's approval
 * @param approvalTtl       for this long, then it expires
 * @param directorySync     a full {@code users.list} sync this long after the last one finished
 */
public record IncidentSettings(int approvalThreshold, Duration approvalTtl, Duration directorySync) {

    public static final String APPROVAL_THRESHOLD = "SESSION_GUARD_APPROVAL_THRESHOLD";
    public static final String APPROVAL_TTL_SECONDS = "SESSION_GUARD_APPROVAL_TTL_SECONDS";
    public static final String DIRECTORY_SYNC_HOURS = "SESSION_GUARD_DIRECTORY_SYNC_HOURS";

    static IncidentSettings read(Env env) {
        int approvalThreshold = env.integer(APPROVAL_THRESHOLD, 25, 0, Integer.MAX_VALUE);
        Duration approvalTtl = env.seconds(APPROVAL_TTL_SECONDS, 1800, 1, Integer.MAX_VALUE);
        // Events keep the directory fresh between syncs; a week at most, so people who left are not kept for long.
        Duration directorySync = Duration.ofHours(env.integer(DIRECTORY_SYNC_HOURS, 24, 1, 168));
        return new IncidentSettings(approvalThreshold, approvalTtl, directorySync);
    }
}
