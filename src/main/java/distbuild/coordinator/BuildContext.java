package distbuild.coordinator;

import distbuild.cache.FileCache;
import java.time.Duration;

/**
 * What every build of a coordinator shares: how its jobs get started, the uploaded source files,
 * how often a quiet build stream gets a keep-alive, the durations jobs took before, and the
 * totals the status page shows.
 */
record BuildContext(JobStarter starter, FileCache files, Duration keepAlive, DurationHistory durations,
        ClusterTotals totals) {}
