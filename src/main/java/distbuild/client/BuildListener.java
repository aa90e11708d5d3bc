package distbuild.client;

import distbuild.model.Id;
import distbuild.model.Job;

/** Hears about a build as it runs. Called from the thread running {@link Client#build}. */
public interface BuildListener {
    /** The coordinator accepted the build and lacks {@code missingFiles} of its source files. */
    default void onStarted(Id buildId, int missingFiles) {}

    default void onJobStdout(Job job, byte[] stdout) {}

    default void onJobStderr(Job job, byte[] stderr) {}

    /** A job succeeded, whether it ran or was replayed from a cache. */
    default void onJobFinished(Job job) {}

    /**
     * A job failed: a non-zero {@code exitCode}, or an {@code error} (null when the exit code
     * says it all) such as a command that could not start or an input that could not be fetched.
     */
    default void onJobFailed(Job job, int exitCode, String error) {}

    BuildListener NONE = new BuildListener() {};
}
