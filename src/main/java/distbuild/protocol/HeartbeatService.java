package distbuild.protocol;

import distbuild.model.WorkerId;
import distbuild.security.AccessDeniedException;
import distbuild.security.Caller;

/** What the coordinator does with a worker's heartbeat. */
public interface HeartbeatService {
    /**
     * Takes in the worker's news and answers with work for it; may block (a long poll) until
     * there is some. Interrupted if the server notices that the worker disconnected, which it
     * does only on a failed read or write: a worker that gives up a long poll is not noticed and
     * the answer is silently lost, so a job handed out is only known to run once a later
     * heartbeat lists it.
     */
    HeartbeatResponse heartbeat(HeartbeatRequest request) throws Exception;

    /**
     * Checks that {@code caller} may speak for {@code worker} (a coordinator that knows workers by
     * their own credentials binds each worker ID to one); throws why not.
     */
    default void admit(WorkerId worker, Caller caller) throws AccessDeniedException {}

    /** The worker said which version it is (before its heartbeat is taken in); for the status pages. */
    default void speaks(WorkerId worker, PeerVersion version) {}

    /**
     * The longest the service holds a heartbeat, if it says: told to workers in the
     * {@value HeartbeatHandler#POLL_TIMEOUT_HEADER} header (our extension), so a worker notices a
     * coordinator gone silent (its host lost, no reset) soon after, rather than minutes later.
     */
    default java.util.Optional<java.time.Duration> pollTimeout() {
        return java.util.Optional.empty();
    }
}
