package distbuild.bench;

import distbuild.client.BuildListener;
import distbuild.client.BuildOutcome;
import distbuild.client.Client;
import distbuild.http.HttpClients;
import distbuild.model.Graph;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 7: a coordinator process alone (limited to a 1 GiB heap) dispatching a large
 * independent graph to simulated workers that finish every job at once: dispatches per second
 * and the coordinator's peak heap.
 *
 * <p>The heap is read from the coordinator's own GC log (the heap in use before each collection,
 * which is when it peaks) and once more with {@code jcmd GC.heap_info} after the build; its peak
 * resident set (VmHWM) is noted too.
 */
final class CoordinatorLoad implements Scenario {
    private static final Logger LOG = LoggerFactory.getLogger("distbuild.bench");
    private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    @Override
    public String id() {
        return "7";
    }

    @Override
    public String title() {
        return "coordinator alone: large graph, simulated workers over HTTP";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int jobs = bench.sizes().loadJobs();
        int workers = bench.sizes().loadWorkers();
        int slots = bench.sizes().loadSlotsPerWorker();
        List<Double> rates = new ArrayList<>();
        List<Double> endToEnd = new ArrayList<>();
        List<Double> heaps = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Path dir = bench.freshDir("load");
            Path gcLog = dir.resolve("gc.log");
            Graph graph = Graphs.trueJobs("load-" + bench.nonce() + "-" + round, jobs);
            try (Cluster cluster = Cluster.startCoordinator(bench, "load",
                    Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g -Xlog:gc:file=" + gcLog))) {
                SimulatedWorker.Dispatches dispatches = new SimulatedWorker.Dispatches();
                long wall = buildWithSimulatedWorkers(cluster, graph, dir, workers, slots, dispatches);
                long pid = cluster.coordinator().pid();
                rates.add(dispatches.count() / Stats.seconds(dispatches.span()));
                endToEnd.add(jobs / Stats.seconds(wall));
                heaps.add(Math.max(peakFromGcLog(gcLog), heapNow(bench, pid, dir)));
                rss.add(ProcStatus.peakRss(pid) / 1048576.0);
            }
            bench.log("round %d: %.0f dispatches/s (%.0f jobs/s from submitting to the outcome), peak heap %.0f MiB,"
                    + " peak RSS %.0f MiB", round + 1, rates.getLast(), endToEnd.getLast(), heaps.getLast(), rss.getLast());
            bench.delete(dir);
        }
        String what = String.format(Locale.ROOT, "%,d independent jobs, %d simulated workers of %d slots, coordinator `-Xmx1g`",
                jobs, workers, slots);
        String how = "A `distbuild coordinator` process (JAVA_TOOL_OPTIONS=-Xmx1g, GC log on) on a fresh data directory each"
                + " round; the graph (`true` jobs) is submitted by distbuild's own `Client` inside the bench process, where the"
                + " simulated workers also run (virtual threads, one shared HTTP client): each keeps one heartbeat in flight"
                + " offering all its slots and reports every job it got as succeeded in the next one, with `ReportsAtOnce`."
                + " Both share the machine's CPUs with the coordinator.";
        return List.of(
                Result.of(id() + "a", "coordinator alone: dispatches per second (" + what + ")",
                        new Result.Measure(Stats.median(rates), "jobs/s", "jobs handed out ÷ time from the first job handed"
                                + " to a simulated worker to the last"),
                        null, Result.Target.figureAtLeast(5000, "jobs/s"),
                        how + " Per round: " + Stats.list(rates, 0) + " jobs/s; counting from submitting the graph to the"
                                + " build's outcome instead: " + Stats.list(endToEnd, 0) + " jobs/s."),
                Result.of(id() + "b", "coordinator alone: peak heap (" + what + ")",
                        new Result.Measure(Stats.median(heaps), "MiB", "the most heap in use: the largest before-collection"
                                + " figure in the coordinator's GC log (`-Xlog:gc`), or `jcmd GC.heap_info` after the build if larger"),
                        null, Result.Target.figureAtMost(1024, "MiB"),
                        "Same runs as 7a. Per round: " + Stats.list(heaps, 0) + " MiB of heap; peak resident set of the"
                                + " process (VmHWM from /proc): " + Stats.list(rss, 0) + " MiB."));
    }

    /** Builds the graph with the simulated workers taking its jobs; returns nanoseconds from submitting it to its outcome. */
    private static long buildWithSimulatedWorkers(Cluster cluster, Graph graph, Path dir, int workers, int slots,
            SimulatedWorker.Dispatches dispatches) throws Exception {
        URI coordinator = URI.create(cluster.url());
        try (HttpClient http = HttpClients.create(); Client client = new Client(LOG, coordinator)) {
            HeartbeatClient heartbeats = new HeartbeatClient(LOG, http, coordinator);
            List<Thread> threads = new ArrayList<>();
            try {
                for (int i = 0; i < workers; i++) {
                    WorkerId id = new WorkerId("http://127.0.0.1:9/simulated-" + i); // never called: they serve nothing
                    threads.add(Thread.ofVirtual().name("simulated-worker-" + i)
                            .start(new SimulatedWorker(heartbeats, id, slots, dispatches)));
                }
                long start = System.nanoTime();
                BuildOutcome outcome = buildWithin(client, graph, dir, Proc.DEFAULT_TIMEOUT);
                long wall = System.nanoTime() - start;
                if (!outcome.succeeded()) {
                    throw new IllegalStateException("the build failed: " + outcome.failure()
                            + (dispatches.failure() == null ? "" : "; a simulated worker: " + dispatches.failure()));
                }
                return wall;
            } finally {
                threads.forEach(Thread::interrupt); // cancels their heartbeats in flight
                for (Thread thread : threads) {
                    thread.join();
                }
            }
        }
    }

    /** Builds, cancelling the build (by interrupting it) if it takes longer than {@code timeout}. */
    private static BuildOutcome buildWithin(Client client, Graph graph, Path dir, Duration timeout) throws Exception {
        FutureTask<BuildOutcome> build = new FutureTask<>(() -> client.build(graph, dir, BuildListener.NONE));
        Thread thread = Thread.ofVirtual().name("load-build").start(build);
        try {
            return build.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IllegalStateException("the build did not finish within " + timeout, e);
        }
    }

    /** The most heap in use before any collection in a {@code -Xlog:gc} log, in MiB. */
    static double peakFromGcLog(Path gcLog) throws Exception {
        double peak = 0;
        if (!Files.exists(gcLog)) {
            return peak;
        }
        Matcher matcher = GC_BEFORE.matcher(Files.readString(gcLog));
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(1));
            peak = Math.max(peak, switch (matcher.group(2)) {
                case "K" -> value / 1024;
                case "G" -> value * 1024;
                default -> value;
            });
        }
        return peak;
    }

    /** The heap in use now, by {@code jcmd <pid> GC.heap_info}, in MiB. */
    private static double heapNow(Bench bench, long pid, Path dir) throws Exception {
        Path jcmd = bench.java().resolveSibling("jcmd");
        Proc.Run run = bench.run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"), dir).check();
        Matcher matcher = HEAP_USED.matcher(run.output());
        if (!matcher.find()) {
            throw new IllegalStateException("no heap use in the output of jcmd GC.heap_info:\n" + run.output());
        }
        return Long.parseLong(matcher.group(1)) / 1024.0;
    }
}
