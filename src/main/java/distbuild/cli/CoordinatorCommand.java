package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.coordinator.Coordinator;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.dashboard.Dashboard;
import distbuild.http.HttpServer;
import distbuild.scheduler.Clock;
import distbuild.scheduler.SchedulerConfig;
import distbuild.security.Credentials;
import distbuild.security.Role;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import distbuild.httpcache.HttpCaches;
import distbuild.reapi.ReapiBackend;
import distbuild.reapi.ReapiServer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run a coordinator: accepts builds from clients and schedules their jobs onto workers.")
final class CoordinatorCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:7000", paramLabel = "HOST:PORT",
            converter = Converters.Address.class, description = "Where to listen (default: ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--reapi-listen", paramLabel = "HOST:PORT", converter = Converters.Address.class,
            description = "Also serve Bazel's Remote Execution API (gRPC) here, on the same workers and caches:"
                    + " point Bazel's --remote_executor=grpc://HOST:PORT (grpcs:// with TLS credentials) at it.")
    InetSocketAddress reapiListen;

    @Option(names = "--cache-entry-limit", defaultValue = "1G", converter = Converters.Size.class, paramLabel = "SIZE",
            description = "The largest entry the shared HTTP caches under /cache/ take (ccache, Bazel, Gradle, sccache);"
                    + " a larger one is refused before it is stored (default: ${DEFAULT-VALUE}).")
    long cacheEntryLimit;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Where to keep uploaded source files.")
    Path data;

    @Option(names = "--prefix", defaultValue = "/coordinator", paramLabel = "PATH",
            description = "The path the endpoints are served under (default: ${DEFAULT-VALUE}; \"\" for the root).")
    String prefix;

    @Option(names = "--poll-timeout", defaultValue = "2s", converter = Converters.Time.class, paramLabel = "TIME",
            description = "Longest a worker's heartbeat is held waiting for work (default: ${DEFAULT-VALUE}).")
    Duration pollTimeout;

    @Option(names = "--worker-timeout", defaultValue = "2s", converter = Converters.Time.class, paramLabel = "TIME",
            description = {"A worker with no heartbeat waiting for this long is dead: its jobs go to others",
                "(default: ${DEFAULT-VALUE}). A live worker always has one waiting, however long its jobs run."})
    Duration workerTimeout;

    @Option(names = "--requirements-timeout", defaultValue = "10m", converter = Converters.Time.class, paramLabel = "TIME",
            description = {"A job that requires what no live worker offers (a build file's 'requires:') waits this long for",
                "such a worker before it fails, naming what each worker lacks (default: ${DEFAULT-VALUE})."})
    Duration requirementsTimeout;

    @Option(names = "--highest-build-priority", defaultValue = "0", paramLabel = "N",
            description = {"The highest priority a build may ask for (`build --priority N`, up to 3): each level up about",
                "doubles its share of slots beside the other builds. Lower priorities are always allowed (default: ${DEFAULT-VALUE})."})
    int highestBuildPriority;

    @Option(names = "--cache-timeout", defaultValue = "10ms", converter = Converters.Time.class, paramLabel = "TIME",
            description = "How long a cached job waits for the workers that have it (default: ${DEFAULT-VALUE}).")
    Duration cacheTimeout;

    @Option(names = "--deps-timeout", defaultValue = "100ms", converter = Converters.Time.class, paramLabel = "TIME",
            description = "How much longer it waits for workers holding its deps before any worker may take it"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration depsTimeout;

    @Option(names = "--job-timeout", defaultValue = "1h", converter = Converters.Time.class, paramLabel = "TIME",
            description = {"The longest a job may run; its processes are then killed and it fails with \"timed out\"",
                "(default: ${DEFAULT-VALUE}). A build file or graph may set a shorter timeout for a job."})
    Duration jobTimeout;

    @Option(names = "--file-cache-size", defaultValue = "20G", converter = Converters.Size.class, paramLabel = "SIZE",
            description = {"How big the uploaded source files may grow; the least recently used ones that no running",
                "build needs go first (default: ${DEFAULT-VALUE})."})
    long fileCacheSize;

    @Mixin
    CredentialsOptions credentials;

    @Option(names = "--insecure", description = "Allow listening on an address other machines can reach without credentials.")
    boolean insecure;

    @Mixin
    Logging logging;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.INFO);
        Logger log = LoggerFactory.getLogger("distbuild.coordinator");
        Credentials secrets = credentials.load(Role.CLIENT, Role.WORKER);
        CredentialsOptions.checkListening(log, listen, secrets, insecure);
        CoordinatorConfig config = new CoordinatorConfig(data,
                new SchedulerConfig(cacheTimeout, depsTimeout, workerTimeout, requirementsTimeout, highestBuildPriority), pollTimeout,
                CoordinatorConfig.DEFAULT_KEEP_ALIVE, jobTimeout, fileCacheSize, true, secrets);
        Coordinator coordinator = Coordinator.open(log, config, Clock.system());
        String api = Prefixes.normalize(prefix);
        String dashboard = Dashboard.pathBeside(api);
        if (reapiListen != null) {
            CredentialsOptions.checkListening(log, reapiListen, secrets, insecure);
        }
        HttpServer server;
        ReapiServer reapi = null;
        try {
            server = HttpServer.start(log, listen, secrets.serverContext().orElse(null),
                    Map.of(api, coordinator.routes(), dashboard, new Dashboard(api).routes(log),
                            HttpCaches.MOUNT, HttpCaches.of(log, coordinator, cacheEntryLimit).routes(secrets.gate())));
            if (reapiListen != null) {
                try {
                    reapi = ReapiServer.start(log, reapiListen, ReapiBackend.of(coordinator), secrets);
                } catch (Exception e) {
                    server.close();
                    throw e;
                }
            }
        } catch (Exception e) {
            coordinator.close();
            throw e;
        }
        System.err.println("coordinator ready at " + server.baseUri() + api);
        System.err.println("dashboard at " + server.baseUri() + dashboard + "/");
        System.err.println("shared HTTP caches at " + server.baseUri() + HttpCaches.MOUNT + "/ (ccache, bazel, gradle, sccache)");
        if (reapi != null) {
            System.err.println("Remote Execution API at " + (secrets.serves() ? "grpcs" : "grpc") + "://"
                    + reapiListen.getHostString() + ":" + reapi.port());
            Servers.runUntilStopped(reapi, server::close, coordinator);
        } else {
            Servers.runUntilStopped(server::close, coordinator);
        }
        return 0;
    }
}
