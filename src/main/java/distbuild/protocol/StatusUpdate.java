package distbuild.protocol;

import distbuild.model.JobResult;
import java.util.Objects;

/**
 * Every message of a build's stream after {@link BuildStarted}. On the wire this is one struct
 * with three optional fields, and a peer may set more than one; readers handle
 * {@code jobFinished} first, then the end of the build.
 *
 * @param jobFinished a job that finished (ran or was replayed from cache), or null
 * @param buildFailed why the build failed, or null; ends the stream
 * @param buildFinished true when every job succeeded; ends the stream
 */
public record StatusUpdate(JobResult jobFinished, String buildFailed, boolean buildFinished) {
    public static StatusUpdate ofJob(JobResult result) {
        return new StatusUpdate(Objects.requireNonNull(result, "result"), null, false);
    }

    public static StatusUpdate failed(String error) {
        return new StatusUpdate(null, Objects.requireNonNull(error, "error"), false);
    }

    public static StatusUpdate finished() {
        return new StatusUpdate(null, null, true);
    }

    /** Whether this update ends the build's stream. */
    public boolean isFinal() {
        return buildFailed != null || buildFinished;
    }
}
