package distbuild.soak;

import java.time.Duration;

/**
 * What a soak does: for {@code duration}, {@code clients} clients build in a loop while one fault
 * strikes every {@code shortestGap}–{@code longestGap}; then the faults stop and the builds under
 * way finish.
 *
 * @param seed everything random (trees, which build repeats which, faults, victims) comes from it
 * @param pause how long a paused worker stays stopped
 * @param restartDelay how long a killed process stays dead before it is started again
 * @param sampleEvery how often the servers' descriptors, threads and heap are sampled (besides start and end)
 */
public record SoakPlan(Duration duration, int clients, FaultMix mix, long seed, Duration shortestGap,
        Duration longestGap, Duration pause, Duration restartDelay, Duration sampleEvery) {

    /** The set-up: two clients, a fault every 4–8 s, pauses of 3 s, restarts 1 s after a kill. */
    public static SoakPlan of(Duration duration, FaultMix mix, long seed, Duration sampleEvery) {
        return new SoakPlan(duration, 2, mix, seed, Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(3),
                Duration.ofSeconds(1), sampleEvery);
    }

    /** The plan's parameters, as a line to print before the run (with how to replay it). */
    public String describe() {
        return "soak: " + duration.toSeconds() + " s, " + clients + " clients, fault mix " + mix
                + " (kills/pauses/coordinator restarts), a fault every " + shortestGap.toSeconds() + "–" + longestGap.toSeconds()
                + " s, seed " + seed + " (replay with -Dsoak.seed=" + seed + ")";
    }
}
