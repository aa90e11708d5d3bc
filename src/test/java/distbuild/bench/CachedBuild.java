package distbuild.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 2: {@code distbuild build} of a 1-job graph that is already cached, on the warm
 * cluster: the whole client process, which is mostly its start-up.
 */
final class CachedBuild implements Scenario {
    @Override
    public String id() {
        return "2";
    }

    @Override
    public String title() {
        return "`build` of an already cached 1-job graph on a warm cluster";
    }

    @Override
    public boolean usesWarmCluster() {
        return true;
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        Cluster cluster = bench.warmCluster();
        Path dir = bench.freshDir("cached-build");
        Path graph = Graphs.write(Graphs.trueJobs("cached-one-" + bench.nonce(), 1), dir.resolve("one.json"));
        cluster.build(graph);
        requireAllCached(cluster.build(graph));

        List<Double> walls = new ArrayList<>();
        List<Double> javaVersions = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Bench.alternate(round,
                    () -> walls.add(requireAllCached(cluster.build(graph)).seconds()),
                    () -> javaVersions.add(bench.run(List.of(bench.java().toString(), "-version"), dir).check().seconds()));
            bench.log("round %d: build %.3f s, java -version %.3f s", round + 1, walls.getLast(), javaVersions.getLast());
        }
        return List.of(Result.of(id(), title(),
                new Result.Measure(Stats.median(walls), "s", "wall time of the `distbuild build` client process"),
                new Result.Measure(Stats.median(javaVersions), "s", "`java -version`"),
                Result.Target.figureAtMost(0.3, "s"),
                "The warm cluster is a coordinator and 2 workers (2 slots each), each a `distbuild coordinator|worker`"
                        + " process, warmed by " + (bench.smoke() ? "no" : Bench.WARM_UP_BUILDS + " rounds of") + " builds"
                        + " (200 independent jobs, then a 30-job chain) before any scenario uses it. The graph was built"
                        + " twice before the rounds."
                        + " Per round — build: " + Stats.list(walls, 3) + " s; `java -version` of the same JDK (for context,"
                        + " the floor of any JVM start): " + Stats.list(javaVersions, 3) + " s."));
    }

    /** The run, after checking its summary says that no job ran. */
    static Proc.Run requireAllCached(Proc.Run run) {
        if (!run.output().contains(" — 0 ran,")) {
            throw new IllegalStateException("a build that should have been all cached ran jobs:\n" + Proc.tail(run.output()));
        }
        return run;
    }
}
