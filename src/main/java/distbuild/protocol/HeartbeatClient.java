package distbuild.protocol;

import distbuild.http.HttpClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;

/** A worker's side of {@code POST /heartbeat}. Interrupting the caller cancels the call. */
public final class HeartbeatClient implements HeartbeatSender {
    /** How long to wait for an answer from a coordinator that has not said how long it holds heartbeats. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** How much longer than its poll timeout a coordinator may take to answer before it counts as gone. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private final Logger log;
    private final HttpClient http;
    private final URI endpoint;
    /** The coordinator's poll timeout and a margin, once it has said; a silent coordinator is given up on after that. */
    private volatile Duration answerTimeout = TIMEOUT;

    /** @param coordinator the coordinator's base URL, such as {@code http://host:port/coordinator} */
    public HeartbeatClient(Logger log, HttpClient http, URI coordinator) {
        this.log = log;
        this.http = http;
        this.endpoint = HttpClients.uri(coordinator, "/heartbeat");
    }

    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest request) throws IOException, InterruptedException {
        return heartbeat(request, answerTimeout);
    }

    @Override
    public HeartbeatResponse heartbeat(HeartbeatRequest request, Duration timeout) throws IOException, InterruptedException {
        log.debug("heartbeat to {}: {} running, {} free slots, {} finished, {} new artifacts", endpoint,
                request.runningJobs().size(), request.freeSlots(), request.finishedJobs().size(),
                request.addedArtifacts().size());
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(PeerVersion.HEADER, PeerVersion.OURS.header())
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.encode(request)))
                .build();
        try {
            HttpResponse<InputStream> response = this.http.send(http, HttpResponse.BodyHandlers.ofInputStream());
            response.headers().firstValue(HeartbeatHandler.POLL_TIMEOUT_HEADER).filter(value -> value.matches("\\d{1,9}"))
                    .ifPresent(value -> answerTimeout = Duration.ofMillis(Long.parseLong(value)).plus(ANSWER_MARGIN));
            var theirs = response.headers().firstValue(PeerVersion.HEADER).flatMap(PeerVersion::parse);
            if (theirs.isPresent()) {
                var refusal = PeerVersion.refusal(PeerVersion.OURS, "worker", theirs.get(), "coordinator");
                if (refusal.isPresent()) {
                    response.body().close();
                    throw new IOException(refusal.get());
                }
            }
            try (InputStream body = HttpClients.successBody(response)) {
                return WireFormat.decodeHeartbeatResponse(body);
            }
        } catch (IOException e) {
            log.debug("heartbeat to {} failed: {}", endpoint, e.toString());
            throw e;
        }
    }
}
