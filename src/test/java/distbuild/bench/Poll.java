package distbuild.bench;

import java.time.Duration;

/** Waits for a condition by checking it every few milliseconds until a deadline. */
final class Poll {
    private Poll() {}

    interface Condition {
        boolean holds() throws Exception;
    }

    static void until(String what, Duration timeout, Duration interval, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout + " waiting for " + what);
            }
            Thread.sleep(interval);
        }
    }

    static void until(String what, Duration timeout, Condition condition) throws Exception {
        until(what, timeout, Duration.ofMillis(10), condition);
    }
}
