package dev.sessionguard.support;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints why a test or test class was skipped, e.g. "SESSION_GUARD_TEST_PG_URL is not set: PostgreSQL suites
 * skipped". Surefire counts skipped tests but never says why. Registered for every test
 * run through META-INF/services.
 */
public final class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        // An assumption that failed (Assumptions.assumeTrue) aborts the test rather than skipping it.
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void print(TestIdentifier test, String reason) {
        // JUnit's condition says "Environment variable [X] does not exist ==> " before the reason a test gave.
        String why = reason == null ? "no reason given"
                : reason.replaceFirst("^Assumption failed: ", "").replaceFirst("^.* ==> ", "");
        System.out.println("[SKIPPED] " + test.getDisplayName() + ": " + why);
    }
}
