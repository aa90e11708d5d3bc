package distbuild.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 11 (issue 9): what {@code --sandbox} costs a job. The same independent {@code true}
 * jobs through {@code distbuild local --workers 1 --slots 1}, one at a time so that every job's
 * cost shows in the wall time, with and without bubblewrap, each on fresh caches.
 */
final class SandboxCost implements Scenario {
    @Override
    public String id() {
        return "11";
    }

    @Override
    public String title() {
        return "what `--sandbox` adds to a job, `local --workers 1 --slots 1`, cold caches";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int jobs = Math.max(5, bench.sizes().trueJobs() / 4);
        Path dir = bench.freshDir("sandbox-cost");
        Path graph = Graphs.write(Graphs.trueJobs("", jobs), dir.resolve("graph.json"));

        List<Double> sandboxed = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Bench.alternate(round, () -> sandboxed.add(build(bench, dir, graph, true)),
                    () -> plain.add(build(bench, dir, graph, false)));
            bench.log("round %d: with --sandbox %.2f s, without %.2f s", round + 1, sandboxed.getLast(), plain.getLast());
        }
        bench.delete(dir);
        double perJobSandboxed = Stats.median(sandboxed) * 1000 / jobs;
        double perJobPlain = Stats.median(plain) * 1000 / jobs;
        return List.of(Result.of(id(), String.format(Locale.ROOT,
                        "%,d independent `true` jobs one at a time, `local --workers 1 --slots 1`, with `--sandbox`", jobs),
                new Result.Measure(perJobSandboxed, "ms", "build time per job with `--sandbox` (bubblewrap)"),
                new Result.Measure(perJobPlain, "ms", "the same without it"),
                Result.Target.figureAtMost(perJobPlain + 10, "ms"),
                "The target is at most 10 ms more per job than without the sandbox, measured in the same rounds."
                        + " Build times as the summary says them (no JVM start). Per round — with: "
                        + Stats.list(sandboxed, 2) + " s; without: " + Stats.list(plain, 2) + " s."));
    }

    private static double build(Bench bench, Path dir, Path graph, boolean sandbox) throws Exception {
        Path data = bench.freshDir("sandbox-cost-data");
        List<String> args = new ArrayList<>(List.of("local", "--workers", "1", "--slots", "1",
                "--graph", graph.toString(), "--data", data.toString()));
        if (sandbox) {
            args.add("--sandbox");
        }
        double seconds = bench.run(bench.distbuild(args.toArray(String[]::new)), dir).check().requireBuildSeconds();
        bench.delete(data);
        return seconds;
    }
}
