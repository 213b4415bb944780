package dev.sessionguard;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's Main-Class. It is compiled for Java 8 (see pom.xml), the rest for 17: on an older JVM the rest
 * fails with an UnsupportedClassVersionError before {@link Main} runs, so this says what is wrong in one line
 * instead. It names {@code Main} only by string, as a Java 8 class may not link against a Java 17 one.
 */
public final class Launcher {

    /** The Java release the rest of the jar is compiled for. */
    static final int NEEDED = 17;
    private static final String MAIN = "dev.sessionguard.Main";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String problem = problem(System.getProperty("java.specification.version"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
            return;
        }
        try {
            Class.forName(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The one line to print when {@code specificationVersion} is too old to run Session Guard, else null. */
    static String problem(String specificationVersion) {
        int major = major(specificationVersion);
        // A version we can't read is left to the JVM: better an odd error than refusing a JVM that would work.
        if (major == 0 || major >= NEEDED) {
            return null;
        }
        return "Session Guard needs Java " + NEEDED + " or newer; this is Java " + major + ".";
    }

    /** The feature release: "1.8" is 8, "17" is 17, "21.0.1" is 21; 0 when it can't be read. */
    static int major(String specificationVersion) {
        if (specificationVersion == null) {
            return 0;
        }
        String v = specificationVersion.trim();
        if (v.startsWith("1.")) {
            v = v.substring(2);
        }
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
