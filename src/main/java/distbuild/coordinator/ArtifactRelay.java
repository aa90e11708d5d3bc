package distbuild.coordinator;

import distbuild.http.Exchange;
import distbuild.http.HttpClients;
import distbuild.http.RemoteCallException;
import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.model.WorkerId;
import distbuild.scheduler.Scheduler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
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
    private final Logger log;
    private final Scheduler scheduler;
    private final HttpClient http;

    ArtifactRelay(Logger log, Scheduler scheduler, HttpClient http) {
        this.log = log;
        this.scheduler = scheduler;
        this.http = http;
    }

    void register(Routes routes) {
        routes.get("/artifact", this::relay);
    }

    private void relay(Exchange exchange) throws Exception {
        Id id = exchange.idParameter("id");
        List<WorkerId> holders = scheduler.holders(id);
        if (holders.isEmpty()) {
            throw RequestException.notFound("no live worker holds artifact " + id.hex());
        }
        List<String> failures = new ArrayList<>();
        for (WorkerId holder : holders) {
            URI endpoint = HttpClients.uri(holder.endpoint(""), "/artifact", "id", id.hex());
            InputStream body;
            try {
                body = HttpClients.get(http, endpoint);
            } catch (RemoteCallException | java.net.ConnectException e) {
                log.info("{} could not send artifact {}: {}", holder, id.shortHex(), e.getMessage());
                failures.add(holder + ": " + e.getMessage());
                continue;
            }
            try (body; OutputStream out = exchange.streamResponse(200, "application/x-tar")) {
                body.transferTo(out);
            }
            return;
        }
        throw new RequestException(502, "no worker could send artifact " + id.hex() + ": " + String.join("; ", failures));
    }
}
