package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {
            "Run a build on a cluster inside this process: a coordinator and N workers on one loopback port.",
            "Builds distbuild.yaml in the current directory (or -f FILE, or --graph GRAPH.json),",
            "or the ninja build of a CMake or Meson build directory (-C DIR [TARGET...]).",
            "Caches persist in the data directory, so running the same build again replays every job."
        })
final class LocalCommand implements Callable<Integer> {
    private static final Duration WORKERS_READY_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "How many workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--slots", paramLabel = "N", description = "Jobs each worker runs at once (default: the number of CPUs).")
    Integer slots;

    @Mixin
    BuildSource source;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the cluster keeps its caches (default: ~/.cache/distbuild/local).")
    Path data;

    @Mixin
    SandboxOptions sandbox;

    @Mixin
    Logging logging;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        BuildSource.Loaded build = source.isNinja() ? null : source.load();
        Path dataDir = data != null ? data : LocalCluster.defaultDataDir();
        int slotsPerWorker = slots != null ? slots : Runtime.getRuntime().availableProcessors();
        // A platform thread: starting workers waits inside synchronized code, which on JDK 21 would
        // hold a virtual thread's carrier.
        try (var background = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("local-cluster-start").factory())) {
            // A ninja build is read and planned while the cluster starts: each takes a fraction of a second.
            Future<LocalCluster> starting = background.submit(() -> LocalCluster.start(LoggerFactory.getLogger("distbuild.local"),
                    coordinatorConfig(dataDir), dataDir, workers, slotsPerWorker,
                    sandbox.policy(slotsPerWorker)));
            NinjaRun ninja;
            try {
                ninja = source.isNinja() ? NinjaRun.read(source, progress) : null;
            } catch (Exception | Error e) {
                stopOnceStarted(starting, e);
                throw e;
            }
            try (LocalCluster cluster = started(starting)) {
                Thread stopOnCtrlC = new Thread(cluster::close, "local-cluster-shutdown");
                Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
                cluster.awaitWorkers(WORKERS_READY_TIMEOUT);
                try (Client client = Client.beside(LoggerFactory.getLogger("distbuild.client"), cluster.coordinatorUri(),
                        cluster.coordinator())) {
                    return ninja != null ? ninja.run(client, cluster.coordinatorUri(), System.out)
                            : ConsoleBuild.run(client, cluster.coordinatorUri(), build, progress, System.out);
                } finally {
                    Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
                }
            }
        }
    }

    /**
     * No worker joins a local cluster later: a job requiring what its workers lack fails at once
     * (within the scheduler's one-second look), not after the default wait for one to come.
     */
    private static CoordinatorConfig coordinatorConfig(Path dataDir) {
        SchedulerConfig d = SchedulerConfig.DEFAULTS;
        return new CoordinatorConfig(dataDir.resolve("coordinator"),
                new SchedulerConfig(d.cacheTimeout(), d.depsTimeout(), d.workerTimeout(), Duration.ofMillis(1)),
                CoordinatorConfig.DEFAULT_POLL_TIMEOUT, CoordinatorConfig.DEFAULT_KEEP_ALIVE);
    }

    /** Stops the cluster that was starting for a build that cannot run ({@code why}). */
    private static void stopOnceStarted(Future<LocalCluster> starting, Throwable why) {
        try {
            started(starting).close();
        } catch (Exception alsoFailed) {
            why.addSuppressed(alsoFailed);
        }
    }

    /** The cluster once started, or why it could not start. */
    private static LocalCluster started(Future<LocalCluster> starting) throws Exception {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
