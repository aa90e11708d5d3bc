package distbuild.transfer;

import distbuild.cache.CachedFile;
import distbuild.cache.EntryNotFoundException;
import distbuild.cache.FileCache;
import distbuild.cache.PendingFile;
import distbuild.http.Exchange;
import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.security.Role;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/**
 * Serves {@code GET /file?id=} and {@code PUT /file?id=} over a file cache. An upload whose
 * bytes do not hash to its ID is refused with 400 and stores nothing; concurrent uploads of the
 * same ID all succeed, the later ones waiting for the first.
 */
public final class FileTransferHandler {
    private final Logger log;
    private final FileCache cache;
    private final long maxFileBytes;
    private final LongConsumer stored;

    /** @param maxFileBytes the largest file an upload may bring: no more than the cache can hold */
    public FileTransferHandler(Logger log, FileCache cache, long maxFileBytes) {
        this(log, cache, maxFileBytes, bytes -> {});
    }

    /** @param stored told the size of every upload that brought a new file, once it is stored */
    public FileTransferHandler(Logger log, FileCache cache, long maxFileBytes, LongConsumer stored) {
        this.log = log;
        this.cache = cache;
        this.maxFileBytes = maxFileBytes;
        this.stored = stored;
    }

    public void register(Routes routes) {
        routes.get("/file", Role.WORKER, this::download);
        routes.put("/file", Role.CLIENT, this::upload);
    }

    private void download(Exchange exchange) throws Exception {
        Id id = exchange.idParameter("id");
        try (CachedFile file = cache.get(id)) {
            long size = Files.size(file.path());
            log.debug("sending file {} ({} bytes) to {}", id.shortHex(), size, exchange.remoteAddress());
            try (OutputStream out = exchange.streamResponse(200, "application/octet-stream", size)) {
                Files.copy(file.path(), out);
            }
        } catch (EntryNotFoundException e) {
            throw RequestException.notFound("file " + id.hex() + " is not here");
        }
    }

    private void upload(Exchange exchange) throws Exception {
        Id id = exchange.idParameter("id");
        try {
            store(exchange, id);
        } catch (RequestException e) {
            if (e.status() != 413) {
                throw e;
            }
            throw new RequestException(413, "file " + id.hex() + " is larger than this cache can hold (" + maxFileBytes
                    + " bytes; the coordinator's --file-cache-size)");
        }
    }

    private void store(Exchange exchange, Id id) throws Exception {
        try (InputStream body = exchange.requestBody(maxFileBytes)) {
            Optional<PendingFile> writer = cache.createOrWait(id);
            try {
                if (writer.isEmpty()) {
                    VerifiedCopy.check(body, id); // already stored, but a wrong body is still refused
                    log.debug("file {} from {} was already here", id.shortHex(), exchange.remoteAddress());
                    return;
                }
                long size;
                try (PendingFile pending = writer.get()) {
                    VerifiedCopy.copy(body, pending.path(), id);
                    size = Files.size(pending.path());
                    pending.commit();
                }
                stored.accept(size);
            } catch (ContentMismatchException e) {
                throw RequestException.badRequest("upload of file " + id.hex() + " refused: " + e.getMessage());
            }
            log.debug("stored file {} from {}", id.shortHex(), exchange.remoteAddress());
        }
    }
}
