package distbuild.coordinator;

import distbuild.http.CallFailure;
import distbuild.http.Exchange;
import distbuild.http.HttpClients;
import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.model.WorkerId;
import distbuild.scheduler.Scheduler;
import distbuild.security.Role;
import distbuild.transfer.ArtifactTransferClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Serves {@code GET /artifact?id=} on the coordinator (our extension): the tar stream of a job's
 * artifact, passed on from a live worker that holds it, trying the next holder if one fails
 * before sending anything. This is how a client gets a build's outputs without reaching the
 * workers itself.
 */
final class ArtifactRelay {
    /** How long a holder may take to begin its answer before the next one is asked. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final Logger log;
    private final Scheduler scheduler;
    private final HttpClient http;
    private final Duration answerTimeout;

    ArtifactRelay(Logger log, Scheduler scheduler, HttpClient http, Duration answerTimeout) {
        this.log = log;
        this.scheduler = scheduler;
        this.http = http;
        this.answerTimeout = answerTimeout;
    }

    void register(Routes routes) {
        routes.get("/artifact", Role.CLIENT, this::relay);
    }

    private void relay(Exchange exchange) throws Exception {
        Id id = exchange.idParameter("id");
        InputStream body = open(id);
        // Not closed here: if the worker breaks off, the failure must cut the client's connection,
        // and closing the stream would end the answer as if it were complete. Routes closes it on success.
        OutputStream out = exchange.streamResponse(200, "application/x-tar");
        try (body) {
            body.transferTo(out);
        }
    }

    /**
     * The artifact's tar stream from the first live holder that answers.
     *
     * @throws RequestException 404 when no live worker holds it, 502 when none of those that do could send it
     */
    InputStream open(Id id) throws InterruptedException {
        List<WorkerId> holders = scheduler.holders(id);
        if (holders.isEmpty()) {
            throw RequestException.notFound(ArtifactTransferClient.NOT_HELD_BY_ANY_WORKER + id.hex());
        }
        List<String> failures = new ArrayList<>();
        for (WorkerId holder : holders) {
            URI endpoint = HttpClients.uri(holder.endpoint(""), "/artifact", "id", id.hex());
            try {
                return HttpClients.download(http, endpoint, answerTimeout);
            } catch (IOException e) {
                String why = CallFailure.describe(e);
                log.info("{} could not send artifact {}: {}", holder, id.shortHex(), why);
                failures.add(holder.endpoint("").getAuthority() + ": " + why);
            }
        }
        // A 5xx: the holders may be dead and not yet noticed (then the artifact is no longer offered
        // within seconds), or restarting; either way, asking again a little later is the remedy.
        throw new RequestException(502, "no worker holding artifact " + id.shortHex() + " could send it just now ("
                + String.join("; ", failures) + "); if they died, the coordinator notices within seconds");
    }
}
