package distbuild.client;

import java.time.Duration;

/**
 * How long a client keeps trying a coordinator it cannot reach, which is how a restarting
 * coordinator is told from a wrong address: the first is back within seconds, the second never.
 *
 * @param atStart before the coordinator ever took the build: a coordinator restarting is waited
 *     for this long, then the build fails (so a wrong address fails after it, not at once)
 * @param midBuild once it took the build, or while its outputs are fetched: how long a lost
 *     coordinator, or workers that cannot send an output, are waited for
 */
public record CoordinatorWaits(Duration atStart, Duration midBuild) {
    /** Fail at once, whatever goes wrong. */
    public static final CoordinatorWaits NONE = new CoordinatorWaits(Duration.ZERO, Duration.ZERO);

    public CoordinatorWaits {
        if (atStart.isNegative() || midBuild.isNegative()) {
            throw new IllegalArgumentException("a wait cannot be negative: " + atStart + ", " + midBuild);
        }
    }
}
