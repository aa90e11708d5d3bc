package distbuild.protocol;

import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.security.AccessDeniedException;
import distbuild.security.Role;
import org.slf4j.Logger;

/** Serves {@code POST /heartbeat}: decodes the worker's request, asks the service, encodes the answer. */
public final class HeartbeatHandler {
    /** The response header that says the longest a heartbeat is held, in milliseconds (our extension). */
    public static final String POLL_TIMEOUT_HEADER = "Distbuild-Poll-Timeout-Ms";

    private final Logger log;
    private final HeartbeatService service;

    public HeartbeatHandler(Logger log, HeartbeatService service) {
        this.log = log;
        this.service = service;
    }

    public void register(Routes routes) {
        routes.post("/heartbeat", Role.WORKER, exchange -> {
            exchange.setResponseHeader(PeerVersion.HEADER, PeerVersion.OURS.header());
            var version = PeerVersion.parse(exchange.requestHeader(PeerVersion.HEADER));
            if (version.isPresent()) {
                var refusal = PeerVersion.refusal(PeerVersion.OURS, "coordinator", version.get(), "worker");
                if (refusal.isPresent()) {
                    throw new RequestException(409, refusal.get()); // before its body, which may not be ours to read
                }
            }
            HeartbeatRequest request = WireFormat.decodeHeartbeatRequest(exchange.messageBody());
            try {
                service.admit(request.workerId(), exchange.caller());
            } catch (AccessDeniedException e) {
                throw new RequestException(403, e.getMessage());
            }
            version.ifPresent(known -> service.speaks(request.workerId(), known));
            log.debug("heartbeat from {}: {} running, {} free slots, {} finished, {} new artifacts",
                    request.workerId(), request.runningJobs().size(), request.freeSlots(),
                    request.finishedJobs().size(), request.addedArtifacts().size());
            HeartbeatResponse response = service.heartbeat(request);
            if (!response.jobsToRun().isEmpty() || !response.jobsToCancel().isEmpty()) {
                log.debug("heartbeat answer to {}: {} jobs to run, {} to cancel", request.workerId(),
                        response.jobsToRun().size(), response.jobsToCancel().size());
            }
            service.pollTimeout().ifPresent(timeout ->
                    exchange.setResponseHeader(POLL_TIMEOUT_HEADER, Long.toString(timeout.toMillis())));
            exchange.respondJson(WireFormat.encode(response));
        });
    }
}
