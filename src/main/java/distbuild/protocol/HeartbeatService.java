package distbuild.protocol;

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
}
