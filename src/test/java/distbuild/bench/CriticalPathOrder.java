package distbuild.bench;

import distbuild.model.Graph;
import distbuild.model.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 10: short jobs first in file order and the longest last, on 2 slots. The first build
 * teaches the coordinator how long each job takes (it keeps that in its data directory, by job
 * name); then every command is edited, names kept, so that nothing is cached, and the second
 * build on the same data directory should start the long job first. The figure is the length of
 * that build's schedule (first job started to last finished, from its trace) ÷ the optimal one.
 */
final class CriticalPathOrder implements Scenario {
    private static final int SLOTS = 2;

    @Override
    public String id() {
        return "10";
    }

    @Override
    public String title() {
        return "longest job last in file order, 2 slots, second build with a learnt history";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int shortJobs = bench.sizes().shortJobs();
        double shortSeconds = bench.sizes().shortJobSeconds();
        double longSeconds = bench.sizes().longJobSeconds();
        double[] durations = new double[shortJobs + 1];
        Arrays.fill(durations, shortSeconds);
        durations[shortJobs] = longSeconds;
        double optimal = optimalMakespan(durations, SLOTS);
        double fileOrder = fileOrderMakespan(durations, SLOTS);

        Path dir = bench.freshDir("critical-path");
        List<Double> firsts = new ArrayList<>();
        List<Double> spans = new ArrayList<>();
        List<Double> summaries = new ArrayList<>();
        List<Double> walls = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Path data = bench.freshDir("critical-path-data");
            Path before = Graphs.write(graph(shortJobs, shortSeconds, longSeconds, "v1"), dir.resolve("before-" + round + ".json"));
            Path after = Graphs.write(graph(shortJobs, shortSeconds, longSeconds, "v2"), dir.resolve("after-" + round + ".json"));
            Path trace = dir.resolve("trace-" + round + ".json");
            firsts.add(local(bench, before, data, dir).requireBuildSeconds());
            Proc.Run second = local(bench, after, data, dir, "--trace", trace.toString());
            if (!second.output().contains(" — " + (shortJobs + 1) + " ran,")) {
                throw new IllegalStateException("the edited graph did not run every job:\n" + Proc.tail(second.output()));
            }
            spans.add(Stats.seconds(Trace.workSpanNanos(trace)));
            summaries.add(second.requireBuildSeconds());
            walls.add(second.seconds());
            bench.log("round %d: first build %.2f s; second: jobs done %.2f s after the first started, build %.2f s by its"
                    + " summary (optimal %.2f s)", round + 1, firsts.getLast(), spans.getLast(), summaries.getLast(), optimal);
            bench.delete(data);
        }
        bench.delete(dir);
        return List.of(Result.of(id(), String.format(Locale.ROOT, "%d jobs of %.2f s then one of %.2f s, `local --workers 1"
                        + " --slots 2`, second build", shortJobs, shortSeconds, longSeconds),
                new Result.Measure(Stats.median(spans), "s", "the second build's schedule: from its first job started to its"
                        + " last job finished, as the client's `--trace` lays them out"),
                new Result.Measure(optimal, "s", "optimal schedule"),
                Result.Target.ratioAtMost(1.1),
                String.format(Locale.ROOT, "Both builds run `distbuild local --workers 1 --slots 2 --graph G --data D` on the"
                        + " same fresh D per round; the second build's graph has every command edited (names kept), so"
                        + " every job runs again and only the coordinator's remembered durations (`D/coordinator/durations`)"
                        + " can tell it to start the long job first. Optimal: %.2f s (computed); in file order it would"
                        + " take %.2f s. Per round — first build, no history, by its summary: %s s; second build's schedule:"
                        + " %s s; second build by its summary line: %s s; its whole process: %s s.%s",
                        optimal, fileOrder, Stats.list(firsts, 2), Stats.list(spans, 2), Stats.list(summaries, 2),
                        Stats.list(walls, 2), waitNote(summaries, spans))));
    }

    /** Says how long the second build waited before its first job, when that is more than a second. */
    private static String waitNote(List<Double> summaries, List<Double> spans) {
        List<Double> waits = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            waits.add(summaries.get(i) - spans.get(i));
        }
        double wait = Stats.median(waits);
        if (wait < 1) {
            return "";
        }
        return String.format(Locale.ROOT, " The summary's figure is %.2f s longer than the schedule: that is time before"
                + " the first job was handed out, not the order of the jobs (a coordinator started again on its data"
                + " directory waits up to 5 s for the workers it knew, and a `local` cluster's workers come back under"
                + " new URLs).", wait);
    }

    private static Proc.Run local(Bench bench, Path graph, Path data, Path dir, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("local", "--workers", "1", "--slots", Integer.toString(SLOTS),
                "--graph", graph.toString(), "--data", data.toString()));
        args.addAll(List.of(extra));
        return bench.run(bench.distbuild(args.toArray(String[]::new)), dir).check();
    }

    /** Short jobs named "short i", then "long"; {@code version} changes every command (not the names). */
    private static Graph graph(int shortJobs, double shortSeconds, double longSeconds, String version) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < shortJobs; i++) {
            jobs.add(Graphs.job("short " + i, Graphs.sleep(shortSeconds, "short " + i + " " + version), List.of()));
        }
        jobs.add(Graphs.job("long", Graphs.sleep(longSeconds, "long " + version), List.of()));
        return Graphs.graph(jobs);
    }

    /** The shortest time {@code slots} slots can run these independent jobs in (exhaustive search; for a few jobs). */
    static double optimalMakespan(double[] durations, int slots) {
        double[] sorted = durations.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length / 2; i++) { // longest first prunes best
            double swap = sorted[i];
            sorted[i] = sorted[sorted.length - 1 - i];
            sorted[sorted.length - 1 - i] = swap;
        }
        double[] best = {Arrays.stream(sorted).sum()};
        assign(sorted, 0, new double[slots], best);
        return best[0];
    }

    private static void assign(double[] jobs, int next, double[] loads, double[] best) {
        double makespan = Arrays.stream(loads).max().orElse(0);
        if (makespan >= best[0]) {
            return;
        }
        if (next == jobs.length) {
            best[0] = makespan;
            return;
        }
        for (int slot = 0; slot < loads.length; slot++) {
            if (slot > 0 && loads[slot] == loads[slot - 1]) {
                continue; // the same as trying the previous slot
            }
            loads[slot] += jobs[next];
            assign(jobs, next + 1, loads, best);
            loads[slot] -= jobs[next];
        }
    }

    /** How long list scheduling in file order takes: each job to the slot that is free first. */
    static double fileOrderMakespan(double[] durations, int slots) {
        double[] loads = new double[slots];
        for (double duration : durations) {
            int first = 0;
            for (int slot = 1; slot < slots; slot++) {
                if (loads[slot] < loads[first]) {
                    first = slot;
                }
            }
            loads[first] += duration;
        }
        return Arrays.stream(loads).max().orElse(0);
    }
}
