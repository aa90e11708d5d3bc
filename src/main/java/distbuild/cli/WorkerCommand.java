package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.http.HttpServer;
import distbuild.model.WorkerId;
import distbuild.security.Credentials;
import distbuild.security.Role;
import distbuild.worker.Worker;
import distbuild.worker.WorkerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker: takes jobs from a coordinator, runs them, and serves their artifacts to peers.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    CoordinatorOption coordinatorOption;

    @Option(names = "--listen", defaultValue = "127.0.0.1:0", paramLabel = "HOST:PORT", converter = Converters.Address.class,
            description = "Where to serve artifacts to peers (default: ${DEFAULT-VALUE}, a free port).")
    InetSocketAddress listen;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Where to keep caches; reused across restarts.")
    Path data;

    @Option(names = "--slots", paramLabel = "N", description = "Jobs to run at once (default: the number of CPUs).")
    Integer slots;

    @Option(names = "--label", split = ",", paramLabel = "LABEL",
            description = "What this machine offers to jobs that require it (repeatable, or comma-separated): gpu, big-mem, …")
    java.util.List<String> labels = new java.util.ArrayList<>();

    @Option(names = "--advertise", paramLabel = "URL",
            description = "The URL peers and the coordinator reach this worker at (default: http://HOST:PORT of --listen).")
    String advertise;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "PATH", description = "The path the endpoints are served under (default: the root).")
    String prefix;

    @Option(names = "--artifact-cache-size", defaultValue = "20G", converter = Converters.Size.class, paramLabel = "SIZE",
            description = "How big the artifact cache may grow; the least recently used artifacts go first (default: ${DEFAULT-VALUE}).")
    long artifactCacheSize;

    @Option(names = "--file-cache-size", defaultValue = "10G", converter = Converters.Size.class, paramLabel = "SIZE",
            description = "How big the source file cache may grow (default: ${DEFAULT-VALUE}).")
    long fileCacheSize;

    @Option(names = "--drain-timeout", defaultValue = "30s", converter = Converters.Time.class, paramLabel = "TIME",
            description = {"On SIGTERM or Ctrl-C: take no more jobs and let the running ones finish for up to this long,",
                "then hand the rest back to the coordinator and exit (default: ${DEFAULT-VALUE})."})
    Duration drainTimeout;

    @Mixin
    SandboxOptions sandbox;

    @Mixin
    CredentialsOptions credentials;

    @Option(names = "--insecure", description = "Allow listening on an address other machines can reach without credentials.")
    boolean insecure;

    @Mixin
    Logging logging;

    /** Where program digests are kept: the user's cache, shared by all its workers, or where that cannot be written (a service's read-only home) the data directory. */
    private Path programDigests() {
        Path shared = LocalCluster.defaultDataDir().resolveSibling("program-digests");
        try {
            java.nio.file.Files.createDirectories(shared.getParent());
            if (java.nio.file.Files.isWritable(shared.getParent())) {
                return shared;
            }
        } catch (java.io.IOException | RuntimeException readOnly) {
            // the data directory, then
        }
        return data.resolve("program-digests");
    }

    @Override
    public Integer call() throws Exception {
        URI coordinator = coordinatorOption.url;
        logging.apply(Level.INFO);
        Logger log = LoggerFactory.getLogger("distbuild.worker");
        String path = Prefixes.normalize(prefix);
        Credentials secrets = credentials.load(Role.WORKER);
        // The worker lists its compilers by digest: kept for later starts (and other workers of this user), not read each time.
        distbuild.files.FileDigests.rememberProgramsIn(programDigests());
        CredentialsOptions.checkListening(log, listen, secrets, insecure);
        HttpServer server = HttpServer.start(log, listen, secrets.serverContext().orElse(null), Map.of());
        Worker worker = null;
        try {
            WorkerId id = new WorkerId(advertise != null ? advertise : reachableBase(server) + path);
            int slotCount = slots != null ? slots : Runtime.getRuntime().availableProcessors();
            worker = Worker.open(log, new WorkerConfig(id, coordinator, data, slotCount)
                    .withCacheSizes(artifactCacheSize, fileCacheSize).withCredentials(secrets).withSandbox(sandbox.policy(slotCount))
                    .withLabels(labels));
            server.mount(path, worker.routes());
            worker.start();
        } catch (Exception e) {
            if (worker != null) {
                worker.close();
            }
            server.close();
            throw e;
        }
        System.err.println("worker " + worker.id() + " ready, coordinator " + coordinator + "; jobs start with "
                + distbuild.launch.Launcher.describeBest());
        Worker running = worker;
        Servers.runUntilStopped(() -> running.drainAndClose(drainTimeout), server::close);
        return 0;
    }

    /** The listening address as others can reach it: a wildcard address is replaced by this host's name. */
    private String reachableBase(HttpServer server) throws Exception {
        String host = listen.getHostString();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return server.baseUri().getScheme() + "://" + InetAddress.getLocalHost().getHostName() + ":" + server.port();
        }
        return server.baseUri().toString();
    }
}
