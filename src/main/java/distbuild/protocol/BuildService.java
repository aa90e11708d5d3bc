package distbuild.protocol;

import distbuild.model.Id;

/** What the coordinator does for a client: run a build, and take signals for running builds. */
public interface BuildService {
    /**
     * Runs a build to its end, writing {@link BuildStarted} first and then every update. An
     * exception before {@code started} is answered as an HTTP error; one after it as a final
     * {@code BuildFailed}. A client that disconnects is noticed when a write to it fails (then
     * the write throws, or the calling thread is interrupted), so call {@code keepAlive()} while
     * waiting: a service blocked without writing never learns that its client is gone.
     */
    void startBuild(BuildRequest request, StatusWriter writer) throws Exception;

    /**
     * How often the service writes a keep-alive to a quiet stream, if it does: told to the client in
     * the {@value BuildHandler#KEEP_ALIVE_HEADER} header (our extension), so that a client can tell a
     * coordinator gone silent (a host lost without closing the connection) from a quiet build.
     */
    default java.util.Optional<java.time.Duration> keepAliveInterval() {
        return java.util.Optional.empty();
    }

    /** @throws distbuild.http.RequestException 404 for a build that is not running */
    SignalResponse signalBuild(Id buildId, SignalRequest signal) throws Exception;
}
