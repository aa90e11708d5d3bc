package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.client.Client;
import distbuild.model.Graph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {
            "Run a build on a cluster inside this process: a coordinator and N workers on one loopback port.",
            "Caches persist in the data directory, so running the same graph again replays every job."
        })
final class LocalCommand implements Callable<Integer> {
    private static final Duration WORKERS_READY_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "How many workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--slots", paramLabel = "N", description = "Jobs each worker runs at once (default: the number of CPUs).")
    Integer slots;

    @Option(names = "--graph", required = true, paramLabel = "GRAPH.json", description = "The build graph, in the wire format.")
    Path graph;

    @Option(names = "--src", paramLabel = "DIR", description = "The source tree the graph's paths are relative to (default: the graph file's directory).")
    Path src;

    @Option(names = "--data", paramLabel = "DIR", description = "Where the cluster keeps its caches (default: ~/.cache/distbuild/local).")
    Path data;

    @Mixin
    Logging logging;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        Graph graph = GraphFile.read(this.graph);
        Path sourceDir = src != null ? src : this.graph.toAbsolutePath().getParent();
        Path dataDir = data != null ? data : LocalCluster.defaultDataDir();
        int slotsPerWorker = slots != null ? slots : Runtime.getRuntime().availableProcessors();
        try (LocalCluster cluster = LocalCluster.start(LoggerFactory.getLogger("distbuild.local"), dataDir, workers,
                slotsPerWorker)) {
            Thread stopOnCtrlC = new Thread(cluster::close, "local-cluster-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            cluster.awaitWorkers(WORKERS_READY_TIMEOUT);
            try (Client client = new Client(LoggerFactory.getLogger("distbuild.client"), cluster.coordinatorUri())) {
                return ConsoleBuild.run(client, graph, sourceDir, System.out, System.err);
            } finally {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            }
        }
    }
}
