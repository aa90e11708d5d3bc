package distbuild.coordinator;

import distbuild.cache.FileCache;
import java.time.Duration;

/**
 * What every build of a coordinator shares: how its jobs get started, the uploaded source files,
 * how often a quiet build stream gets a keep-alive, and the durations jobs took before.
 */
record BuildContext(JobStarter starter, FileCache files, Duration keepAlive, DurationHistory durations) {}
