package distbuild.bench;

import java.util.List;

/** One benchmark of the suite: runs its rounds, alternating distbuild and its baseline, and reports medians. */
interface Scenario {
    /** The number for it, such as "3". */
    String id();

    /** What it measures, in a few words, for logs and the results table. */
    String title();

    /** Runs every round and returns its figures (most scenarios have one; some two). */
    List<Result> run(Bench bench) throws Exception;

    /** Whether it uses the shared warm cluster ({@link Bench#warmCluster()}), so the runner keeps it until the last such one. */
    default boolean usesWarmCluster() {
        return false;
    }
}
