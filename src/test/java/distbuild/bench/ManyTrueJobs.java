package distbuild.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Scenario 1: thousands of independent {@code true} jobs through {@code distbuild local --workers 2
 * --slots 2}, the whole process on fresh caches, against {@code xargs -P4} running the same commands.
 */
final class ManyTrueJobs implements Scenario {
    @Override
    public String id() {
        return "1";
    }

    @Override
    public String title() {
        return "independent `true` jobs, `local --workers 2 --slots 2`, whole process, cold caches";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int jobs = bench.sizes().trueJobs();
        Path dir = bench.freshDir("many-true");
        Path graph = Graphs.write(Graphs.trueJobs("", jobs), dir.resolve("graph.json"));
        Path arguments = dir.resolve("arguments");
        Files.write(arguments, IntStream.range(0, jobs).mapToObj(i -> Graphs.trueArgument("", i)).toList());

        List<Double> walls = new ArrayList<>();
        List<Double> builds = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        List<Double> ownCpu = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Bench.alternate(round, () -> {
                Path data = bench.freshDir("many-true-data");
                Path trace = dir.resolve("trace.json");
                Proc.Run run = bench.run(bench.distbuild("local", "--workers", "2", "--slots", "2",
                        "--graph", graph.toString(), "--data", data.toString(), "--trace", trace.toString()), dir).check();
                walls.add(run.seconds());
                builds.add(run.requireBuildSeconds());
                ownCpu.add(Trace.processCpuSeconds(trace));
                bench.delete(data);
            }, () -> baselines.add(bench.run(List.of("xargs", "-a", arguments.toString(), "-P4", "-n1", "true"), dir)
                    .check().seconds()));
            bench.log("round %d: distbuild %.2f s (its own process %.2f CPU-s), xargs -P4 %.2f s", round + 1, walls.getLast(),
                    ownCpu.getLast(), baselines.getLast());
        }
        bench.delete(dir);
        return List.of(Result.of(id(), String.format(Locale.ROOT, "%,d independent `true` jobs, `local --workers 2 --slots 2`, whole process,"
                        + " cold caches", jobs),
                new Result.Measure(Stats.median(walls), "s", "wall time of the `distbuild local` process, from start to exit"),
                new Result.Measure(Stats.median(baselines), "s", "`xargs -P4`"),
                Result.Target.ratioAtMost(1.3),
                "Each job runs a distinct command (`true 0` … `true " + (jobs - 1) + "`); each round starts on a fresh"
                        + " `--data` directory. xargs runs the same commands: `xargs -a ARGS -P4 -n1 true`."
                        + " Per round — distbuild: " + Stats.list(walls, 2) + " s (the build itself, as its summary says: "
                        + Stats.list(builds, 2) + " s); xargs: " + Stats.list(baselines, 2) + " s. The CPU time of the"
                        + " distbuild process itself (client, coordinator and workers; not the jobs' processes), from its trace: "
                        + Stats.list(ownCpu, 2) + " s, " + String.format(Locale.ROOT, "%.2f", Stats.median(ownCpu) * 1000 / jobs)
                        + " ms per job (median)."));
    }
}
