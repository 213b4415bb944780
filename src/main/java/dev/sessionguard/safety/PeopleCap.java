package dev.sessionguard.safety;

/**
 * {@code SESSION_GUARD_MAX_USERS}: the most people one request may act on, whether it signs them out or changes
 * their session policy. A mistaken selection then reaches only so far.
 */
public record PeopleCap(int max) {

    /** What the audit trail records when a request named more people than that. */
    public static final String CODE = "too_many_people";

    public PeopleCap {
        if (max < 1) {
            throw new IllegalArgumentException("the cap must be at least 1, not " + max);
        }
    }

    public boolean allows(int people) {
        return people <= max;
    }

    /** For the people field of a form. */
    public String formError(int chosen) {
        return "Choose at most " + max + " people at a time; you chose " + chosen + ".";
    }
}
