package distbuild.worker;

import distbuild.model.WorkerId;
import distbuild.sandbox.SandboxPolicy;
import distbuild.security.Credentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * @param id this worker's identity and the base URL peers reach it at
 * @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator}
 * @param dataDir where the caches and job scratch space live; survives restarts
 * @param slots how many jobs run at once
 * @param outputLimit the most bytes of stdout (and of stderr) kept per job
 * @param artifactCacheBytes how big the artifact cache may grow before it evicts
 * @param fileCacheBytes how big the source file cache may grow before it evicts
 * @param ownSessions whether each job runs in a session of its own, out of reach of signals sent
 *     to the worker's process group (a worker run by hand or by a service manager); a cluster that
 *     lives and dies with one command ({@code local}) wants its jobs stopped with it, and saves a launch per job
 * @param credentials the worker token it presents to the coordinator and its peers and wants from
 *     them, and the CA it checks them against (none: an open loopback cluster)
 * @param sandbox how jobs are held when they run under bubblewrap (read-only system, no network, own
 *     PID namespace, a user of their own, limits); null when they run directly on the worker
 * @param labels what an operator says this machine offers ({@code --label gpu}), for jobs that require them
 * @param listsCompilers whether it reads and lists its machine's compilers in its offers; not for a
 *     worker of {@code local}, whose machine is the one the build was planned on
 */
public record WorkerConfig(WorkerId id, URI coordinator, Path dataDir, int slots, int outputLimit,
        long artifactCacheBytes, long fileCacheBytes, boolean ownSessions, Credentials credentials, SandboxPolicy sandbox,
        java.util.SortedSet<String> labels, boolean listsCompilers) {
    public static final long DEFAULT_ARTIFACT_CACHE_BYTES = 20L << 30;
    public static final long DEFAULT_FILE_CACHE_BYTES = 10L << 30;

    public WorkerConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(coordinator, "coordinator");
        // Absolute: jobs run in trees of their own, and the paths of their deps and outputs are under it.
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        Objects.requireNonNull(credentials, "credentials");
        labels = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(labels == null ? java.util.Set.of() : labels));
        labels.forEach(distbuild.model.Requirements::checkLabel);
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, got " + slots);
        }
        if (outputLimit < 1024) {
            throw new IllegalArgumentException("keep at least 1 KiB of a job's output, got " + outputLimit);
        }
        if (artifactCacheBytes < 1 || fileCacheBytes < 1) {
            throw new IllegalArgumentException("cache sizes must be positive, got " + artifactCacheBytes + " and "
                    + fileCacheBytes);
        }
    }

    public WorkerConfig(WorkerId id, URI coordinator, Path dataDir, int slots, int outputLimit) {
        this(id, coordinator, dataDir, slots, outputLimit, DEFAULT_ARTIFACT_CACHE_BYTES, DEFAULT_FILE_CACHE_BYTES, true,
                Credentials.NONE, null, null, true);
    }

    public WorkerConfig(WorkerId id, URI coordinator, Path dataDir, int slots) {
        this(id, coordinator, dataDir, slots, OutputCapture.DEFAULT_LIMIT);
    }

    public WorkerConfig withCacheSizes(long artifactBytes, long fileBytes) {
        return new WorkerConfig(id, coordinator, dataDir, slots, outputLimit, artifactBytes, fileBytes, ownSessions, credentials, sandbox, labels, listsCompilers);
    }

    public WorkerConfig withOwnSessions(boolean own) {
        return new WorkerConfig(id, coordinator, dataDir, slots, outputLimit, artifactCacheBytes, fileCacheBytes, own, credentials, sandbox, labels, listsCompilers);
    }

    public WorkerConfig withCredentials(Credentials newCredentials) {
        return new WorkerConfig(id, coordinator, dataDir, slots, outputLimit, artifactCacheBytes, fileCacheBytes,
                ownSessions, newCredentials, sandbox, labels, listsCompilers);
    }

    /** Jobs run in a sandbox with the default limits for this worker's slots, or directly on the worker. */
    public WorkerConfig withSandbox(boolean sandboxed) {
        return withSandbox(sandboxed ? SandboxPolicy.defaults(slots) : null);
    }

    public WorkerConfig withSandbox(SandboxPolicy policy) {
        return new WorkerConfig(id, coordinator, dataDir, slots, outputLimit, artifactCacheBytes, fileCacheBytes,
                ownSessions, credentials, policy, labels, listsCompilers);
    }

    public WorkerConfig withCompilersListed(boolean list) {
        return new WorkerConfig(id, coordinator, dataDir, slots, outputLimit, artifactCacheBytes, fileCacheBytes,
                ownSessions, credentials, sandbox, labels, list);
    }

    /** The machine offers these labels besides its OS, architecture, CPUs and memory. */
    public WorkerConfig withLabels(java.util.Collection<String> newLabels) {
        return new WorkerConfig(id, coordinator, dataDir, slots, outputLimit, artifactCacheBytes, fileCacheBytes,
                ownSessions, credentials, sandbox, new java.util.TreeSet<>(newLabels), listsCompilers);
    }
}
