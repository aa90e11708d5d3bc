package distbuild.transfer;

import distbuild.cache.FileCache;
import distbuild.cache.PendingFile;
import distbuild.http.HttpClients;
import distbuild.model.Id;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/** Uploads source files to, and downloads them from, a server's {@code /file} endpoint. */
public final class FileTransferClient {
    /** Bodies from this size on are sent only once the server agrees to take them (100 Continue). */
    private static final long ASK_BEFORE_SENDING_BYTES = 64 * 1024;

    private final Logger log;
    private final HttpClient http;
    private final URI server;
    private final LongConsumer received;

    /** @param server the base URL the file endpoint hangs off, such as the coordinator's */
    public FileTransferClient(Logger log, HttpClient http, URI server) {
        this(log, http, server, bytes -> {});
    }

    /** @param received told of the bytes of downloaded files as they arrive (for metrics) */
    public FileTransferClient(Logger log, HttpClient http, URI server, LongConsumer received) {
        this.log = log;
        this.http = http;
        this.server = server;
        this.received = received;
    }

    /**
     * Uploads a local file under its ID, streaming it from disk.
     *
     * @throws distbuild.http.RemoteCallException 400 if its content does not match {@code id}
     */
    public void upload(Id id, Path file) throws IOException, InterruptedException {
        URI endpoint = HttpClients.uri(server, "/file", "id", id.hex());
        log.debug("uploading {} as {}", file, id.shortHex());
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/octet-stream")
                // A server that refuses a large body (413) answers before reading it and closes the connection;
                // a client still sending then gets a reset instead of the answer. Asking first avoids that.
                .expectContinue(Files.size(file) >= ASK_BEFORE_SENDING_BYTES)
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpClients.successBytes(response);
    }

    /**
     * Makes sure {@code id} is in {@code cache}, downloading it if it is not; the bytes are
     * checked against the ID before they count.
     */
    public void download(Id id, FileCache cache) throws IOException, InterruptedException {
        Optional<PendingFile> writer = cache.createOrWait(id);
        if (writer.isEmpty()) {
            return;
        }
        URI endpoint = HttpClients.uri(server, "/file", "id", id.hex());
        try (PendingFile pending = writer.get()) {
            try (InputStream body = HttpClients.download(http, endpoint, HttpClients.DOWNLOAD_SILENCE_LIMIT, received)) {
                VerifiedCopy.copy(body, pending.path(), id);
            }
            pending.commit();
        }
        log.debug("downloaded file {} from {}", id.shortHex(), server);
    }
}
