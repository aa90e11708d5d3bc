package distbuild.coordinator;

import distbuild.scheduler.SchedulerConfig;
import distbuild.security.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * @param dataDir where the coordinator keeps uploaded source files; survives restarts
 * @param scheduler the scheduler's timeouts
 * @param pollTimeout the longest a worker's heartbeat is held waiting for work
 * @param keepAliveInterval how often an idle build stream gets a keep-alive, which is also how
 *     soon a client that went away is noticed
 * @param jobTimeout the longest any job may run before its processes are killed; a build file or
 *     graph may set a shorter one for a job, never a longer one
 * @param fileCacheBytes how big the uploaded source files may grow before the least recently used
 *     ones (that no running build needs) are evicted
 * @param restartRecovery whether, started again on a data directory, it holds jobs back until the
 *     workers it knew are back (they may still be running jobs); off for a cluster whose workers
 *     stop with it, where none will come back
 * @param credentials the client and worker tokens callers must present (none: anyone may call),
 *     and the CA its calls to workers check them against
 */
public record CoordinatorConfig(Path dataDir, SchedulerConfig scheduler, Duration pollTimeout,
        Duration keepAliveInterval, Duration jobTimeout, long fileCacheBytes, boolean restartRecovery,
        Credentials credentials) {
    public static final long DEFAULT_FILE_CACHE_BYTES = 20L << 30;
    public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofHours(1);
    /** Short, because a worker that died in a poll is noticed only once its poll has ended. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMillis(500);

    public CoordinatorConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(credentials, "credentials");
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new IllegalArgumentException("the poll timeout must be positive, got " + pollTimeout);
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("the keep-alive interval must be positive, got " + keepAliveInterval);
        }
        if (jobTimeout.isNegative() || jobTimeout.isZero()) {
            throw new IllegalArgumentException("the job timeout must be positive, got " + jobTimeout);
        }
        if (fileCacheBytes < 1) {
            throw new IllegalArgumentException("the file cache size must be positive, got " + fileCacheBytes);
        }
    }

    /** Without credentials: any caller may do anything. */
    public CoordinatorConfig(Path dataDir, SchedulerConfig scheduler, Duration pollTimeout, Duration keepAliveInterval,
            Duration jobTimeout, long fileCacheBytes, boolean restartRecovery) {
        this(dataDir, scheduler, pollTimeout, keepAliveInterval, jobTimeout, fileCacheBytes, restartRecovery,
                Credentials.NONE);
    }

    public CoordinatorConfig(Path dataDir, SchedulerConfig scheduler, Duration pollTimeout, Duration keepAliveInterval) {
        this(dataDir, scheduler, pollTimeout, keepAliveInterval, DEFAULT_JOB_TIMEOUT, DEFAULT_FILE_CACHE_BYTES, true);
    }

    public CoordinatorConfig(Path dataDir) {
        this(dataDir, SchedulerConfig.DEFAULTS, DEFAULT_POLL_TIMEOUT, DEFAULT_KEEP_ALIVE);
    }

    /** The same, for a coordinator whose workers stop with it: nothing to wait for after a restart. */
    public CoordinatorConfig withoutRestartRecovery() {
        return new CoordinatorConfig(dataDir, scheduler, pollTimeout, keepAliveInterval, jobTimeout, fileCacheBytes, false,
                credentials);
    }

    public CoordinatorConfig withCredentials(Credentials newCredentials) {
        return new CoordinatorConfig(dataDir, scheduler, pollTimeout, keepAliveInterval, jobTimeout, fileCacheBytes,
                restartRecovery, newCredentials);
    }
}
