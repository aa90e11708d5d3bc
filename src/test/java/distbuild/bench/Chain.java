package distbuild.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 3: a chain of jobs, each reading its dep's output file and writing its own, through
 * {@code distbuild build} on the warm cluster, against one {@code sh} running the same commands in
 * sequence. The figure is the time per hop beyond the commands' own, net of the client's start-up
 * (a cached 1-job build measured in the same round).
 */
final class Chain implements Scenario {
    @Override
    public String id() {
        return "3";
    }

    @Override
    public String title() {
        return "job chain on a warm cluster, each job reading its dep's output";
    }

    @Override
    public boolean usesWarmCluster() {
        return true;
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int length = bench.sizes().chainLength();
        Cluster cluster = bench.warmCluster();
        Path dir = bench.freshDir("chain");
        Path floorGraph = Graphs.write(Graphs.trueJobs("chain-floor-" + bench.nonce(), 1), dir.resolve("one.json"));
        cluster.build(floorGraph);

        List<Double> walls = new ArrayList<>();
        List<Double> builds = new ArrayList<>();
        List<Double> floors = new ArrayList<>();
        List<Double> shells = new ArrayList<>();
        List<Double> perHop = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            String tag = "chain-" + bench.nonce() + "-" + round;
            Path graph = Graphs.write(Graphs.chain(tag, length), dir.resolve(tag + ".json"));
            Path script = dir.resolve(tag + ".sh");
            Files.writeString(script, Graphs.chainScript(tag, length, dir.resolve(tag)));
            Bench.alternate(round, () -> {
                floors.add(CachedBuild.requireAllCached(cluster.build(floorGraph)).seconds());
                Proc.Run run = cluster.build(graph);
                walls.add(run.seconds());
                builds.add(run.requireBuildSeconds());
            }, () -> shells.add(bench.run(List.of("sh", script.toString()), dir).check().seconds()));
            perHop.add((walls.getLast() - floors.getLast() - shells.getLast()) / length * 1000);
            bench.log("round %d: chain %.2f s, cached 1-job build %.2f s, sh %.3f s: %.1f ms per hop", round + 1,
                    walls.getLast(), floors.getLast(), shells.getLast(), perHop.getLast());
        }
        List<Double> shellPerStep = shells.stream().map(seconds -> seconds / length * 1000).toList();
        List<Double> buildPerHop = new ArrayList<>();
        for (int i = 0; i < builds.size(); i++) {
            buildPerHop.add((builds.get(i) - shells.get(i)) / length * 1000);
        }
        bench.delete(dir);
        return List.of(Result.of(id(), length + "-job chain on a warm cluster, each job reading its dep's output",
                new Result.Measure(Stats.median(perHop), "ms", "ms per hop beyond the commands' own time: (wall of the chain's"
                        + " `distbuild build` − wall of a cached 1-job `distbuild build` in the same round − wall of `sh`"
                        + " running the same commands) ÷ " + length),
                new Result.Measure(Stats.median(shellPerStep), "ms", "`sh`, per step"),
                Result.Target.figureAtMost(5, "ms"),
                "Job i runs `sh -c 'cat \"$1\" > \"$2\" && echo TAG-i >> \"$2\"' sh DEP/out OUT/out` (wire templates for the"
                        + " paths); the baseline is one `sh` script running exactly these commands in sequence on real"
                        + " directories. A new chain each round, so nothing is cached. Per round — chain wall: "
                        + Stats.list(walls, 2) + " s; cached 1-job build: " + Stats.list(floors, 2) + " s; sh: "
                        + Stats.list(shells, 3) + " s; per hop: " + Stats.list(perHop, 1) + " ms. Measured by the build's"
                        + " own summary instead (no client start-up at all): " + Stats.list(buildPerHop, 1) + " ms per hop."));
    }
}
