package distbuild.scheduler;

import java.time.Duration;

/**
 * @param cacheTimeout how long a job cached on some worker waits for those workers before
 *     workers holding its deps may take it
 * @param depsTimeout how much longer it waits before any worker may take it
 * @param workerTimeout how long a worker may go without a poll waiting in the scheduler before it is
 *     declared dead: a live worker polls again as soon as its last poll was answered
 * @param requirementsTimeout how long a job whose requirements no live worker meets waits for one
 *     to come before it fails, naming what was missing
 * @param highestBuildPriority the highest priority a build may ask for (each level above 0 about
 *     doubles its share of slots beside the others); lower ones are always allowed
 */
public record SchedulerConfig(Duration cacheTimeout, Duration depsTimeout, Duration workerTimeout, Duration requirementsTimeout,
        int highestBuildPriority) {
    public static final Duration DEFAULT_REQUIREMENTS_TIMEOUT = Duration.ofMinutes(10);
    public static final SchedulerConfig DEFAULTS =
            new SchedulerConfig(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(2));

    public SchedulerConfig(Duration cacheTimeout, Duration depsTimeout, Duration workerTimeout) {
        this(cacheTimeout, depsTimeout, workerTimeout, DEFAULT_REQUIREMENTS_TIMEOUT);
    }

    public SchedulerConfig(Duration cacheTimeout, Duration depsTimeout, Duration workerTimeout, Duration requirementsTimeout) {
        this(cacheTimeout, depsTimeout, workerTimeout, requirementsTimeout, 0);
    }

    public SchedulerConfig {
        if (highestBuildPriority < Share.LOWEST || highestBuildPriority > Share.HIGHEST) {
            throw new IllegalArgumentException("the highest build priority is from " + Share.LOWEST + " to " + Share.HIGHEST
                    + ", got " + highestBuildPriority);
        }
        requirePositive("requirementsTimeout", requirementsTimeout, false);
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
