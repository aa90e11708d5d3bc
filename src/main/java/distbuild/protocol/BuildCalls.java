package distbuild.protocol;

import distbuild.model.Id;
import java.io.IOException;

/**
 * A client's calls to the coordinator about builds: over HTTP ({@link BuildClient}), or, for a
 * client in the coordinator's own process, straight to its {@link BuildService}. A refusal is a
 * {@link distbuild.http.RemoteCallException} with the status the HTTP answer would have had.
 */
public interface BuildCalls {
    /** Starts a build and returns once {@link BuildStarted} arrived. */
    BuildStream startBuild(BuildRequest request) throws IOException, InterruptedException;

    /** @throws distbuild.http.RemoteCallException 404 if the build is not running */
    SignalResponse signalBuild(Id buildId, SignalRequest signal) throws IOException, InterruptedException;
}
