package distbuild.bench;

/**
 * How big each scenario is: the sizes for a real run, tiny ones for the smoke run that
 * only checks that every scenario still works.
 */
record Sizes(
        int trueJobs,
        int chainLength,
        int largeGraphJobs,
        int uploadFiles,
        long uploadBytes,
        long artifactBytes,
        int loadJobs,
        int loadWorkers,
        int loadSlotsPerWorker,
        double busyJobSeconds,
        int shortJobs,
        double shortJobSeconds,
        double longJobSeconds) {

    static Sizes full() {
        return new Sizes(2_000, 200, 10_000, 1_000, 500_000_000L, 1_000_000_000L, 100_000, 50, 4, 3.0, 10, 0.3, 2.0);
    }

    static Sizes smoke() {
        return new Sizes(20, 10, 50, 20, 2_000_000L, 2_000_000L, 500, 5, 4, 1.0, 4, 0.05, 0.3);
    }
}
