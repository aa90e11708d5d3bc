package org.example.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks for tests that run without a test framework: each check is counted and every failure
 * remembered, and {@link #finish} reports them, exiting with status 1 if any check failed.
 */
public final class Checks {
    private final List<String> failures = new ArrayList<>();
    private int count;

    /** Checks that {@code actual} equals {@code expected}; {@code what} says what was checked. */
    public void equal(String what, Object expected, Object actual) {
        count++;
        if (!Objects.equals(expected, actual)) {
            failures.add(what + ": expected " + show(expected) + " but was " + show(actual));
        }
    }

    /** Checks that {@code action} throws an exception of type {@code expected}. */
    public void throwsException(String what, Class<? extends Throwable> expected, Runnable action) {
        count++;
        try {
            action.run();
            failures.add(what + ": expected " + expected.getSimpleName() + " but nothing was thrown");
        } catch (Throwable thrown) {
            if (!expected.isInstance(thrown)) {
                failures.add(what + ": expected " + expected.getSimpleName() + " but got " + thrown);
            }
        }
    }

    /** Prints the outcome; exits with status 1 if any check failed. */
    public void finish() {
        if (failures.isEmpty()) {
            System.out.println("passed: " + count + " checks");
            return;
        }
        failures.forEach(failure -> System.out.println("FAILED " + failure));
        System.out.println("failed: " + failures.size() + " of " + count + " checks");
        System.exit(1);
    }

    /** Strings in quotes with line breaks shown, so that differences in spaces can be seen. */
    private static String show(Object value) {
        return value instanceof String text ? "\"" + text.replace("\n", "\\n") + "\"" : String.valueOf(value);
    }
}
