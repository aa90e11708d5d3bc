package distbuild.cli;

import distbuild.coordinator.Coordinator;
import distbuild.httpcache.HttpCaches;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.dashboard.Dashboard;
import distbuild.http.HttpServer;
import distbuild.model.WorkerId;
import distbuild.sandbox.SandboxPolicy;
import distbuild.scheduler.Clock;
import distbuild.worker.Worker;
import distbuild.worker.WorkerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A coordinator and N workers in one process, on one loopback port: the coordinator under
 * {@code /coordinator}, worker <i>i</i> under {@code /worker/i}. Files and artifacts move over
 * real HTTP exactly as between separate machines, and so do builds, unless the client is made
 * with {@link distbuild.client.Client#beside} (as {@code local} does). The workers' heartbeats are
 * calls into the coordinator: encoding, sending and decoding one per finished job was most of
 * the cluster's own CPU time for short jobs.
 */
public final class LocalCluster implements AutoCloseable {
    private final Logger log;
    private final HttpServer server;
    private final Coordinator coordinator;
    private final List<Worker> workers = new ArrayList<>();
    /** Null when jobs run directly on the workers. */
    private final SandboxPolicy sandbox;
    private boolean closed;

    private LocalCluster(Logger log, HttpServer server, Coordinator coordinator, SandboxPolicy sandbox) {
        this.log = log;
        this.server = server;
        this.coordinator = coordinator;
        this.sandbox = sandbox;
    }

    /** Starts a cluster whose caches live under {@code dataDir} (coordinator/, worker-0/, …). */
    public static LocalCluster start(Logger log, Path dataDir, int workers, int slotsPerWorker) throws Exception {
        return start(log, new CoordinatorConfig(dataDir.resolve("coordinator")), dataDir, workers, slotsPerWorker);
    }

    public static LocalCluster start(Logger log, CoordinatorConfig coordinatorConfig, Path dataDir, int workers,
            int slotsPerWorker) throws Exception {
        return start(log, coordinatorConfig, dataDir, workers, slotsPerWorker, (SandboxPolicy) null);
    }

    /** @param sandbox whether the workers run their jobs under bubblewrap, with the default limits */
    public static LocalCluster start(Logger log, CoordinatorConfig coordinatorConfig, Path dataDir, int workers,
            int slotsPerWorker, boolean sandbox) throws Exception {
        return start(log, coordinatorConfig, dataDir, workers, slotsPerWorker,
                sandbox ? SandboxPolicy.defaults(slotsPerWorker) : null);
    }

    /** @param sandbox how the workers hold their jobs under bubblewrap; null: jobs run directly on them */
    public static LocalCluster start(Logger log, CoordinatorConfig coordinatorConfig, Path dataDir, int workers,
            int slotsPerWorker, SandboxPolicy sandbox) throws Exception {
        // Its workers stop with it: started again on the same data, it has nobody to wait for.
        Coordinator coordinator = Coordinator.open(log, coordinatorConfig.withoutRestartRecovery(), Clock.system());
        HttpServer server;
        try {
            HttpCaches caches = HttpCaches.of(log, coordinator, HttpCaches.DEFAULT_MAX_ENTRY_BYTES);
            server = HttpServer.start(log, new InetSocketAddress("127.0.0.1", 0),
                    Map.of("/coordinator", coordinator.routes(), "", new Dashboard("/coordinator").routes(log),
                            HttpCaches.MOUNT, caches.routes(distbuild.security.Gate.OPEN)));
        } catch (Exception e) {
            coordinator.close();
            throw e;
        }
        LocalCluster cluster = new LocalCluster(log, server, coordinator, sandbox);
        try {
            for (int i = 0; i < workers; i++) {
                cluster.addWorker(dataDir.resolve("worker-" + i), slotsPerWorker);
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Adds one more worker, serving under {@code /worker/<n>}. */
    public synchronized Worker addWorker(Path dataDir, int slots) throws IOException {
        String prefix = "/worker/" + workers.size();
        WorkerId id = new WorkerId(server.baseUri() + prefix);
        // The jobs of a cluster in one process stop with it (Ctrl-C reaches them too), and skip a launch each.
        Worker worker = Worker.openBeside(log, new WorkerConfig(id, coordinatorUri(), dataDir, slots).withOwnSessions(false)
                .withCompilersListed(false).withSandbox(sandbox), coordinator);
        workers.add(worker); // closed with the cluster from here on, even if the lines below fail
        coordinator.adopt(id);
        server.mount(prefix, worker.routes());
        worker.start();
        return worker;
    }

    /** Where its shared HTTP caches are: {@code …/cache}, with {@code ccache/}, {@code bazel/} and the others below. */
    public URI cacheUri() {
        return URI.create(server.baseUri() + HttpCaches.MOUNT);
    }

    public URI coordinatorUri() {
        return URI.create(server.baseUri() + "/coordinator");
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public synchronized List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Waits until the coordinator has heard from every worker, so the first build can use them all. */
    public void awaitWorkers(Duration timeout) throws InterruptedException {
        int expected = workers().size();
        if (!coordinator.awaitLiveWorkers(expected, timeout)) {
            throw new IllegalStateException("only " + coordinator.liveWorkers().size() + " of " + expected
                    + " workers reached the coordinator within " + timeout.toSeconds() + "s");
        }
    }

    /** Stops the workers (killing their jobs), the coordinator and the server; safe to call twice. */
    @Override
    public void close() {
        List<Worker> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(workers);
        }
        for (Worker worker : toClose) {
            try {
                worker.close();
            } catch (Exception e) {
                log.warn("stopping worker {} failed: {}", worker.id(), e.toString());
            }
        }
        try {
            coordinator.close();
        } catch (IOException e) {
            log.warn("stopping the coordinator failed: {}", e.toString());
        }
        server.close();
    }

    /** The per-user default: {@code $XDG_CACHE_HOME/distbuild/local}, else {@code ~/.cache/distbuild/local}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("distbuild").resolve("local");
    }
}
