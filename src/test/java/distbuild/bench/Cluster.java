package distbuild.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A coordinator and workers, each a process started with the distbuild command line
 * ({@code distbuild coordinator}, {@code distbuild worker}), as an operator runs them.
 */
final class Cluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern COORDINATOR_READY = Pattern.compile("coordinator ready at (\\S+)");
    private static final Pattern WORKER_READY = Pattern.compile("worker (\\S+) ready");

    private final Bench bench;
    private final Path dir;
    private final Server coordinator;
    /** The coordinator's base URL, such as {@code http://127.0.0.1:40123/coordinator}. */
    private final String url;
    private final List<Server> workers = new ArrayList<>();
    private final List<String> workerUrls = new ArrayList<>();

    private Cluster(Bench bench, Path dir, Server coordinator, String url) {
        this.bench = bench;
        this.dir = dir;
        this.coordinator = coordinator;
        this.url = url;
    }

    /** A coordinator on a fresh data directory, with {@code env} added to its environment (such as JAVA_TOOL_OPTIONS). */
    static Cluster startCoordinator(Bench bench, String name, Map<String, String> env) throws Exception {
        return start(bench, name, env, 0, 0);
    }

    /** A coordinator and {@code workers} workers of {@code slots} slots each, all on fresh data directories. */
    static Cluster start(Bench bench, String name, int workers, int slots) throws Exception {
        return start(bench, name, Map.of(), workers, slots);
    }

    /**
     * Starts the coordinator and the workers at the same time (the workers retry until the
     * coordinator answers), on a port chosen beforehand, and waits until all are ready.
     */
    private static Cluster start(Bench bench, String name, Map<String, String> env, int workers, int slots) throws Exception {
        Path dir = bench.freshDir(name);
        int port = freePort();
        Server coordinator = Server.start(name + " coordinator",
                bench.distbuild("coordinator", "--listen", "127.0.0.1:" + port, "--data", dir.resolve("coordinator").toString()),
                dir, env, bench.logFile(name + "-coordinator"));
        Cluster cluster = new Cluster(bench, dir, coordinator, "http://127.0.0.1:" + port + "/coordinator");
        try {
            List<Server> started = cluster.startWorkers(workers, slots);
            String url = coordinator.awaitLine(COORDINATOR_READY, START_TIMEOUT).group(1);
            if (!url.equals(cluster.url)) {
                throw new IllegalStateException("the coordinator is at " + url + ", not at " + cluster.url);
            }
            cluster.awaitReady(started);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Starts {@code count} more workers at once and waits until each is ready. */
    void addWorkers(int count, int slots) throws Exception {
        awaitReady(startWorkers(count, slots));
    }

    private List<Server> startWorkers(int count, int slots) throws IOException {
        List<Server> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = workers.size();
            Server worker = Server.start("worker " + index,
                    bench.distbuild("worker", "--coordinator", url, "--listen", "127.0.0.1:0",
                            "--data", dir.resolve("worker-" + index).toString(), "--slots", Integer.toString(slots),
                            "--drain-timeout", "2s"),
                    dir, Map.of(), bench.logFile(dir.getFileName() + "-worker-" + index));
            started.add(worker);
            workers.add(worker); // closed with the cluster from here on
        }
        return started;
    }

    private void awaitReady(List<Server> started) throws Exception {
        for (Server worker : started) {
            workerUrls.add(worker.awaitLine(WORKER_READY, START_TIMEOUT).group(1));
        }
    }

    String url() {
        return url;
    }

    Server coordinator() {
        return coordinator;
    }

    Path coordinatorData() {
        return dir.resolve("coordinator");
    }

    Server worker(int index) {
        return workers.get(index);
    }

    /** The worker's base URL, such as {@code http://127.0.0.1:40123}. */
    String workerUrl(int index) {
        return workerUrls.get(index);
    }

    /** {@code distbuild build --coordinator URL --graph GRAPH extra…} as its own process, timed; must succeed. */
    Proc.Run build(Path graph, String... extra) throws IOException, InterruptedException {
        return bench.run(buildCommand(graph, extra), graph.getParent()).check();
    }

    /** The same build, left running in the background. */
    Server buildInBackground(String name, Path graph, String... extra) throws IOException {
        return Server.start(name, buildCommand(graph, extra), graph.getParent(), Map.of(), bench.logFile(name));
    }

    private List<String> buildCommand(Path graph, String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--coordinator", url, "--graph", graph.toString()));
        args.addAll(List.of(extra));
        return bench.distbuild(args.toArray(String[]::new));
    }

    @Override
    public void close() throws InterruptedException {
        // All at once: a worker stopping alone waits for the poll its coordinator holds (up to 2 s).
        List<Server> all = new ArrayList<>(workers);
        all.add(coordinator);
        Server.stopAll(all);
    }
}
