package distbuild.bench;

import distbuild.model.Graph;
import distbuild.model.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Scenario 13: a team's shared cluster. A huge build (2,000 jobs of 30 ms) runs on the warm
 * cluster; a small one (20 jobs of 100 ms) started after it must get its share of the slots at
 * once rather than wait behind every job of the huge one. The figure is the small build's time
 * with the huge one running, next to its time alone on the same cluster.
 */
final class FairShare implements Scenario {
    private static final Duration BIG_BUILD_LIMIT = Duration.ofMinutes(5);

    @Override
    public String id() {
        return "13";
    }

    @Override
    public String title() {
        return "a small build started while a huge one runs, on the warm cluster";
    }

    @Override
    public boolean usesWarmCluster() {
        return true;
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        Cluster cluster = bench.warmCluster();
        int bigJobs = bench.smoke() ? 60 : 2000;
        int smallJobs = bench.smoke() ? 4 : 20;
        Path dir = bench.freshDir("fair-share");
        List<Double> alone = new ArrayList<>();
        List<Double> beside = new ArrayList<>();
        List<Double> bigs = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            String tag = bench.nonce() + "-" + round;
            Path small = Graphs.write(sleeps("small " + tag, smallJobs, 0.1), dir.resolve("small-alone-" + round + ".json"));
            alone.add(cluster.build(small).seconds());

            Path smallAgain = Graphs.write(sleeps("small again " + tag, smallJobs, 0.1), dir.resolve("small-beside-" + round + ".json"));
            Path big = Graphs.write(sleeps("big " + tag, bigJobs, 0.03), dir.resolve("big-" + round + ".json"));
            long bigStarted = System.nanoTime();
            Server huge = cluster.buildInBackground("fair-share-big-" + round, big, "--progress", "plain");
            try {
                huge.awaitLine(Pattern.compile("\\[ *\\d+/\\d+\\] done "), Duration.ofSeconds(60)); // it holds every slot
                beside.add(cluster.build(smallAgain).seconds());
                if (huge.awaitExit(BIG_BUILD_LIMIT) != 0) {
                    throw new IllegalStateException("the huge build failed");
                }
            } finally {
                huge.close();
            }
            bigs.add(Stats.seconds(System.nanoTime() - bigStarted));
            bench.log("round %d: small build alone %.2f s, beside the huge one %.2f s; the huge one %.1f s", round + 1,
                    alone.getLast(), beside.getLast(), bigs.getLast());
        }
        bench.delete(dir);
        return List.of(Result.of(id(), title(),
                new Result.Measure(Stats.median(beside), "s", "the small build while the huge one runs"),
                new Result.Measure(Stats.median(alone), "s", "the small build alone"),
                Result.Target.ratioAtMost(2.5),
                String.format(Locale.ROOT, "The warm cluster (2 workers × 2 slots). The huge build: %d jobs of `sleep 0.03`;"
                        + " the small one: %d jobs of `sleep 0.1`, started once the huge one's first job is done (all"
                        + " its slots busy). Each `distbuild build` is a process of its own; the small build's whole process"
                        + " is timed. With two builds sharing the slots fairly the small one gets half of them, so about"
                        + " twice its time alone is the fair figure; before fair shares it waited for the huge one's"
                        + " queue to drain. Per round — small alone: %s s; beside the huge one: %s s; the huge one: %s s.",
                        bigJobs, smallJobs, Stats.list(alone, 2), Stats.list(beside, 2), Stats.list(bigs, 1))));
    }

    private static Graph sleeps(String tag, int n, double seconds) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(Graphs.job(tag + " " + i, Graphs.sleep(seconds, tag + " " + i), List.of()));
        }
        return Graphs.graph(jobs);
    }
}
