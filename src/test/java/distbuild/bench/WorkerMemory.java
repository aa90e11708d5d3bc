package distbuild.bench;

import static org.awaitility.Awaitility.await;

import distbuild.model.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 8: the resident set (VmRSS) of a {@code distbuild worker} process when idle, and while
 * it runs 4 jobs ({@code sleep}s) at once.
 */
final class WorkerMemory implements Scenario {
    private static final int JOBS = 4;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(50);

    @Override
    public String id() {
        return "8";
    }

    @Override
    public String title() {
        return "worker RSS, idle and running 4 jobs";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        double sleep = bench.sizes().busyJobSeconds();
        List<Double> idle = new ArrayList<>();
        List<Double> busy = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            String tag = "memory-" + bench.nonce() + "-" + round;
            Path dir = bench.freshDir("memory");
            try (Cluster cluster = Cluster.start(bench, "memory", 1, JOBS)) {
                long pid = cluster.worker(0).pid();
                cluster.build(Graphs.write(Graphs.trueJobs(tag, 1), dir.resolve("one.json")));
                idle.add(mib(ProcStatus.rss(pid)));
                List<Job> sleeps = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    sleeps.add(Graphs.job("sleep " + i, List.of("sh", "-c", "sleep " + sleep + "; : " + tag + "-" + i), List.of()));
                }
                Path graph = Graphs.write(Graphs.graph(sleeps), dir.resolve("sleeps.json"));
                try (Server client = cluster.buildInBackground("sleeps-client", graph)) {
                    await(JOBS + " sleeps running under the worker").atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(10)).until(() -> sleepsRunning(pid) >= JOBS);
                    double most = 0;
                    while (sleepsRunning(pid) >= JOBS) {
                        most = Math.max(most, mib(ProcStatus.rss(pid)));
                        Thread.sleep(SAMPLE_EVERY);
                    }
                    busy.add(most);
                    if (client.awaitExit(Duration.ofMinutes(1)) != 0) {
                        throw new IllegalStateException("the build of the sleeps failed:\n" + Proc.tail(client.output()));
                    }
                }
                peaks.add(mib(ProcStatus.peakRss(pid)));
            }
            bench.log("round %d: idle %.0f MiB, running %d jobs %.0f MiB, peak %.0f MiB", round + 1, idle.getLast(), JOBS,
                    busy.getLast(), peaks.getLast());
            bench.delete(dir);
        }
        String how = "A `distbuild worker --slots 4` process with its coordinator, a new pair each round.";
        return List.of(
                Result.of(id() + "a", "an idle worker: RSS",
                        new Result.Measure(Stats.median(idle), "MiB", "VmRSS of the worker process, idle after one 1-job build"),
                        null, Result.Target.figureAtMost(150, "MiB"),
                        how + " Per round: " + Stats.list(idle, 0) + " MiB."),
                Result.of(id() + "b", "a worker running 4 jobs: RSS",
                        new Result.Measure(Stats.median(busy), "MiB", "the largest VmRSS of the worker process, sampled every "
                                + SAMPLE_EVERY.toMillis() + " ms while all 4 jobs (`sleep " + sleep + "`) ran"),
                        null, Result.Target.figureAtMost(150, "MiB"),
                        how + " Per round: " + Stats.list(busy, 0) + " MiB; the process's peak over its life (VmHWM): "
                                + Stats.list(peaks, 0) + " MiB."));
    }

    /** How many {@code sleep} processes run under the worker. */
    private static long sleepsRunning(long pid) {
        return ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .filter(process -> process.info().command().map(command -> command.endsWith("/sleep")).orElse(false))
                .count();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
