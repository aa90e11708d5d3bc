package distbuild.transfer;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CachedArtifact;
import distbuild.cache.EntryNotFoundException;
import distbuild.http.Exchange;
import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.protocol.WireFormat;
import distbuild.security.Role;
import distbuild.tar.TarStream;
import java.io.OutputStream;
import org.slf4j.Logger;

/**
 * Serves {@code GET /artifact?id=} — the artifact directory as a tar stream — and
 * {@code GET /result?id=} — the job result stored with it — from an artifact cache. The entry
 * is read-locked while it is sent, so it cannot be removed under the reader.
 */
public final class ArtifactTransferHandler {
    private final Logger log;
    private final ArtifactCache cache;

    public ArtifactTransferHandler(Logger log, ArtifactCache cache) {
        this.log = log;
        this.cache = cache;
    }

    public void register(Routes routes) {
        routes.get("/artifact", Role.WORKER, this::artifact);
        routes.get("/result", Role.WORKER, this::result);
    }

    private void artifact(Exchange exchange) throws Exception {
        Id id = exchange.idParameter("id");
        try (CachedArtifact artifact = cache.get(id)) {
            log.debug("sending artifact {} to {}", id.shortHex(), exchange.remoteAddress());
            // Not closed here: a failure half-way must cut the connection rather than end the answer
            // as if it were complete. Routes closes it once the endpoint returns.
            OutputStream out = exchange.streamResponse(200, "application/x-tar");
            TarStream.write(artifact.outputDir(), out);
        } catch (EntryNotFoundException e) {
            throw RequestException.notFound("artifact " + id.hex() + " is not here");
        }
    }

    private void result(Exchange exchange) throws Exception {
        Id id = exchange.idParameter("id");
        JobResult result;
        try (CachedArtifact artifact = cache.get(id)) {
            result = artifact.result().orElseThrow(
                    () -> RequestException.notFound("artifact " + id.hex() + " is here but its job result is not"));
        } catch (EntryNotFoundException e) {
            throw RequestException.notFound("artifact " + id.hex() + " is not here");
        }
        exchange.respondJson(WireFormat.encode(result));
    }
}
