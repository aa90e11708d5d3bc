package distbuild.protocol;

/** What the coordinator does with a worker's heartbeat. */
public interface HeartbeatService {
    /**
     * Takes in the worker's news and answers with work for it; may block (a long poll) until
     * there is some. Interrupted when the worker disconnects.
     */
    HeartbeatResponse heartbeat(HeartbeatRequest request) throws Exception;
}
