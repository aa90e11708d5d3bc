package distbuild.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmark suite of issue 8 and writes its results.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; distbuild.bench.BenchMain --root DIR --distbuild DIR/distbuild
 *     [--smoke] [--rounds N] [--results FILE] [--only 1,3,9] [--work DIR] [--keep]
 * </pre>
 *
 * bench/run.sh builds what this needs and runs it. Every distbuild command line is
 * {@code --distbuild} followed by its arguments, so the smoke test can run the CLI from the test
 * classpath instead of the launcher.
 */
public final class BenchMain {
    private BenchMain() {}

    /**
     * @param distbuild the command that runs distbuild, before its arguments
     * @param results the Markdown file to write
     * @param only the scenario IDs to run; empty for all
     * @param work the scratch directory; null for a new temporary one
     * @param keepWork whether to keep the scratch directory (with every process's log) afterwards
     */
    record Options(boolean smoke, int rounds, List<String> distbuild, Path root, Path results, Set<String> only,
            Path work, boolean keepWork) {

        static Options parse(String... args) {
            boolean smoke = false;
            Integer rounds = null;
            List<String> distbuild = null;
            Path root = Path.of("").toAbsolutePath();
            Path results = null;
            Set<String> only = Set.of();
            Path work = null;
            boolean keep = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                    case "--distbuild" -> distbuild = List.of(value(args, ++i));
                    case "--root" -> root = Path.of(value(args, ++i)).toAbsolutePath();
                    case "--results" -> results = Path.of(value(args, ++i)).toAbsolutePath();
                    case "--only" -> only = Set.of(value(args, ++i).split(","));
                    case "--work" -> work = Path.of(value(args, ++i)).toAbsolutePath();
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: BenchMain [--smoke] [--rounds N] [--distbuild CMD] [--root DIR] [--results FILE]"
                            + " [--only 1,2] [--work DIR] [--keep]");
                }
            }
            if (distbuild == null) {
                distbuild = List.of(root.resolve("distbuild").toString());
            }
            if (results == null) {
                results = root.resolve("bench").resolve("RESULTS.md");
            }
            int roundCount = rounds != null ? rounds : smoke ? 1 : 3;
            if (roundCount < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1");
            }
            return new Options(smoke, roundCount, distbuild, root, results, only, work, keep);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** Every scenario, in the order. */
    static List<Scenario> scenarios() {
        return List.of(new ManyTrueJobs(), new CachedBuild(), new Chain(), new LargeCachedGraph(), new SourceUpload(),
                new ArtifactFetch(), new CoordinatorLoad(), new WorkerMemory(), new CExample(), new CriticalPathOrder(),
                new SandboxCost(), new NinjaProject(), new FairShare(), new CoordinatorMemoryAfterBurst(), new ProcessStart());
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<Result> results = run(options);
        System.exit(results.stream().allMatch(Result::hasFigure) ? 0 : 1);
    }

    /** Runs the chosen scenarios and writes the results file; a scenario that fails is reported as such and the rest go on. */
    static List<Result> run(Options options) throws Exception {
        List<Scenario> chosen = scenarios().stream()
                .filter(scenario -> options.only().isEmpty() || options.only().contains(scenario.id()))
                .toList();
        List<Result> results = new ArrayList<>();
        String loadAtStart = ResultsWriter.loadAverage();
        try (Bench bench = new Bench(options)) {
            bench.log("%s run, %d round(s), distbuild command: %s", options.smoke() ? "smoke" : "full", options.rounds(),
                    Bench.shortened(options.distbuild()));
            for (int i = 0; i < chosen.size(); i++) {
                Scenario scenario = chosen.get(i);
                bench.log("scenario %s: %s", scenario.id(), scenario.title());
                try {
                    List<Result> figures = scenario.run(bench);
                    figures.forEach(result -> bench.log("scenario %s: %s", result.id(),
                            result.hasFigure() ? result.figure().formatted() + (result.met() ? " (target met)" : " (target NOT met)")
                                    : "failed: " + result.failure()));
                    results.addAll(figures);
                } catch (Exception | Error e) {
                    bench.log("scenario %s failed: %s", scenario.id(), e);
                    e.printStackTrace();
                    results.add(Result.failed(scenario.id(), scenario.title(), null, e.toString()));
                }
                if (chosen.subList(i + 1, chosen.size()).stream().noneMatch(Scenario::usesWarmCluster)) {
                    bench.closeWarmCluster();
                }
            }
            ResultsWriter.write(options, bench.elapsedSeconds(), loadAtStart, results);
            bench.log("results written to %s", options.results());
        }
        return results;
    }
}
