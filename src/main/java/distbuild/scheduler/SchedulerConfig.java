package distbuild.scheduler;

import java.time.Duration;

/**
 * @param cacheTimeout how long a job cached on some worker waits for those workers before
 *     workers holding its deps may take it
 * @param depsTimeout how much longer it waits before any worker may take it
 * @param workerTimeout how long a worker may go without a poll waiting in the scheduler before it is
 *     declared dead: a live worker polls again as soon as its last poll was answered
 */
public record SchedulerConfig(Duration cacheTimeout, Duration depsTimeout, Duration workerTimeout) {
    public static final SchedulerConfig DEFAULTS =
            new SchedulerConfig(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(2));

    public SchedulerConfig {
        requirePositive("cacheTimeout", cacheTimeout, true);
        requirePositive("depsTimeout", depsTimeout, true);
        requirePositive("workerTimeout", workerTimeout, false);
    }

    private static void requirePositive(String name, Duration value, boolean zeroAllowed) {
        if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ", got " + value);
        }
    }
}
