package distbuild.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Scenario 4: the second build of a large graph, every job cached, through {@code distbuild build} on the warm cluster. */
final class LargeCachedGraph implements Scenario {
    @Override
    public String id() {
        return "4";
    }

    @Override
    public String title() {
        return "second build of a large graph, all cached, through `build`";
    }

    @Override
    public boolean usesWarmCluster() {
        return true;
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int jobs = bench.sizes().largeGraphJobs();
        Cluster cluster = bench.warmCluster();
        Path dir = bench.freshDir("large-graph");
        Path graph = Graphs.write(Graphs.trueJobs("large-" + bench.nonce(), jobs), dir.resolve("large.json"));
        Path floorGraph = Graphs.write(Graphs.trueJobs("large-floor-" + bench.nonce(), 1), dir.resolve("one.json"));
        Proc.Run first = cluster.build(graph);
        bench.log("first build: %.2f s", first.seconds());
        cluster.build(floorGraph);

        List<Double> walls = new ArrayList<>();
        List<Double> builds = new ArrayList<>();
        List<Double> floors = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Bench.alternate(round, () -> {
                Proc.Run run = CachedBuild.requireAllCached(cluster.build(graph));
                walls.add(run.seconds());
                builds.add(run.requireBuildSeconds());
            }, () -> floors.add(CachedBuild.requireAllCached(cluster.build(floorGraph)).seconds()));
            bench.log("round %d: cached build %.2f s, cached 1-job build %.2f s", round + 1, walls.getLast(), floors.getLast());
        }
        return List.of(Result.of(id(), String.format(Locale.ROOT, "second build of a %,d-job graph, all cached, through `build`", jobs),
                new Result.Measure(Stats.median(walls), "s", "wall time of the `distbuild build` client process"),
                new Result.Measure(Stats.median(floors), "s", "cached 1-job build: the client's start-up floor"),
                Result.Target.figureAtMost(2, "s"),
                String.format(Locale.ROOT, "Independent `true` jobs on the warm cluster. The first build took %.2f s (%.2f s by its summary);"
                        + " each round then builds the same graph again, every job cached. Per round — wall: %s s; the"
                        + " build itself, by its summary: %s s; a cached 1-job build in the same round: %s s.",
                        first.seconds(), first.requireBuildSeconds(), Stats.list(walls, 2), Stats.list(builds, 2),
                        Stats.list(floors, 2))));
    }
}
