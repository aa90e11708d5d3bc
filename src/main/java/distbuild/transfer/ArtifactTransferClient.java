package distbuild.transfer;

import distbuild.cache.ArtifactCache;
import distbuild.cache.PendingArtifact;
import distbuild.http.HttpClients;
import distbuild.http.RemoteCallException;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.WireFormat;
import distbuild.tar.TarStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/** Downloads an artifact (and, where the peer has it, its job result) from another worker. */
public final class ArtifactTransferClient {
    /**
     * How the coordinator's {@code GET /artifact} (our extension) begins its 404 when no live worker
     * holds the artifact, so a client can tell it from a coordinator that has no such endpoint.
     */
    public static final String NOT_HELD_BY_ANY_WORKER = "no live worker holds artifact ";

    private final Logger log;
    private final HttpClient http;
    private final Duration silenceLimit;
    private final LongConsumer received;

    public ArtifactTransferClient(Logger log, HttpClient http) {
        this(log, http, HttpClients.DOWNLOAD_SILENCE_LIMIT, bytes -> {});
    }

    public ArtifactTransferClient(Logger log, HttpClient http, Duration silenceLimit) {
        this(log, http, silenceLimit, bytes -> {});
    }

    /** @param received told of the bytes of artifacts as they arrive (for metrics) */
    public ArtifactTransferClient(Logger log, HttpClient http, Duration silenceLimit, LongConsumer received) {
        this.log = log;
        this.http = http;
        this.silenceLimit = silenceLimit;
        this.received = received;
    }

    /**
     * Makes sure artifact {@code id} is in {@code cache}, fetching it from {@code peer} if it is
     * not. Nothing is visible in the cache until the whole tar stream arrived and unpacked.
     *
     * @return true if it was downloaded, false if the cache already had it
     */
    public boolean download(Id id, WorkerId peer, ArtifactCache cache) throws IOException, InterruptedException {
        Optional<PendingArtifact> writer = cache.createOrWait(id);
        if (writer.isEmpty()) {
            return false;
        }
        try (PendingArtifact pending = writer.get()) {
            Optional<JobResult> result = fetchResult(id, peer);
            URI endpoint = HttpClients.uri(peer.endpoint(""), "/artifact", "id", id.hex());
            try (InputStream body = HttpClients.download(http, endpoint, silenceLimit, received)) {
                TarStream.extract(body, pending.outputDir());
            }
            if (result.isPresent()) {
                pending.commit(result.get());
            } else {
                pending.commitWithoutResult();
            }
        }
        log.debug("downloaded artifact {} from {}", id.shortHex(), peer);
        return true;
    }

    private Optional<JobResult> fetchResult(Id id, WorkerId peer) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(peer.endpoint(""), "/result", "id", id.hex());
        try (InputStream body = HttpClients.download(http, endpoint, silenceLimit)) {
            JobResult result = WireFormat.decodeJobResult(body);
            if (!result.jobId().equals(id) || !result.succeeded()) {
                log.warn("{} sent a result for {} that does not fit artifact {}; keeping the artifact without it",
                        peer, result.jobId().shortHex(), id.shortHex());
                return Optional.empty();
            }
            // What it says its output's digest is stays with it: this worker vouches only for what it ran itself.
            return Optional.of(result.withOutputDigest(null));
        } catch (RemoteCallException e) {
            if (e.isNotFound()) {
                return Optional.empty(); // a peer that keeps no results (or predates /result)
            }
            throw e;
        }
    }
}
