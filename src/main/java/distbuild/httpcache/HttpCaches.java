package distbuild.httpcache;

import build.bazel.remote.execution.v2.ActionResult;
import build.bazel.remote.execution.v2.Digest;
import com.google.protobuf.InvalidProtocolBufferException;
import distbuild.http.Exchange;
import distbuild.http.RequestException;
import distbuild.http.Routes;
import distbuild.security.Gate;
import distbuild.security.Role;
import distbuild.store.BlobStore;
import distbuild.store.Digests;
import distbuild.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The shared caches' endpoints, mounted at {@value #MOUNT} on the coordinator's port:
 * {@code ccache/KEY}, {@code gradle/KEY} and {@code sccache/PATH} (entries by the tool's own key),
 * {@code bazel/cas/SHA256} (content checked against its key) and {@code bazel/ac/SHA256} (action
 * results, kept only while every blob they name is held). {@code GET} and {@code HEAD} read,
 * {@code PUT} writes; sccache's WebDAV adds {@code MKCOL}, {@code PROPFIND} and {@code DELETE}.
 * Reading takes the client token or the cache reader's; writing the client token only.
 */
public final class HttpCaches {
    public static final String MOUNT = "/cache";
    /** The default of the largest entry: a big precompiled header or a test's output, not a disk image. */
    public static final long DEFAULT_MAX_ENTRY_BYTES = 1L << 30;
    /** The tools whose keys say nothing of their content. */
    static final List<String> KEYED_TOOLS = List.of("ccache", "gradle", "sccache");
    private static final int MAX_KEY_CHARS = 1024;
    /** An action result lists outputs by digest; one this large is not a result. */
    private static final long MAX_ACTION_RESULT_BYTES = 4L << 20;
    private static final Set<Role> READERS = EnumSet.of(Role.CLIENT, Role.CACHE_READER);
    private static final Set<Role> WRITERS = EnumSet.of(Role.CLIENT);

    private final Logger log;
    private final Store store;
    private final long maxEntryBytes;
    private final CacheTraffic traffic;

    /** @param maxEntryBytes the largest entry taken; a larger one is refused before anything of it is stored */
    public HttpCaches(Logger log, Store store, long maxEntryBytes, MeterRegistry registry) {
        this.log = log;
        this.store = store;
        this.maxEntryBytes = maxEntryBytes;
        this.traffic = new CacheTraffic(registry);
    }

    /** The caches of {@code coordinator}: in its store, counted on its {@code /metrics}. */
    public static HttpCaches of(Logger log, distbuild.coordinator.Coordinator coordinator, long maxEntryBytes) {
        return new HttpCaches(log, coordinator.store(), maxEntryBytes, coordinator.metricsRegistry());
    }

    /** The endpoints, behind {@code gate}, to be mounted at {@value #MOUNT}. */
    public Routes routes(Gate gate) {
        Routes routes = new Routes(log, gate);
        for (String tool : KEYED_TOOLS) {
            String prefix = "/" + tool + "/";
            routes.under(prefix, "GET", READERS, exchange -> readKeyed(exchange, tool, prefix, true));
            routes.under(prefix, "HEAD", READERS, exchange -> readKeyed(exchange, tool, prefix, false));
            routes.under(prefix, "PUT", WRITERS, exchange -> writeKeyed(exchange, tool, prefix));
        }
        routes.under("/sccache/", "MKCOL", WRITERS, exchange -> exchange.respond(201, "text/plain", new byte[0]));
        routes.under("/sccache/", "PROPFIND", READERS, exchange -> propfind(exchange, "sccache", "/sccache/"));
        routes.under("/sccache/", "DELETE", WRITERS, exchange -> {
            boolean removed = store.keyed().remove("sccache", key(exchange, "/sccache/"));
            exchange.respond(removed ? 204 : 404, "text/plain", new byte[0]);
        });
        routes.under("/bazel/cas/", "GET", READERS, exchange -> readBlob(exchange, true));
        routes.under("/bazel/cas/", "HEAD", READERS, exchange -> readBlob(exchange, false));
        routes.under("/bazel/cas/", "PUT", WRITERS, this::writeBlob);
        routes.under("/bazel/ac/", "GET", READERS, exchange -> readActionResult(exchange, true));
        routes.under("/bazel/ac/", "HEAD", READERS, exchange -> readActionResult(exchange, false));
        routes.under("/bazel/ac/", "PUT", WRITERS, this::writeActionResult);
        return routes;
    }

    // ---- entries by the tool's own key ----------------------------------------------------------

    private void readKeyed(Exchange exchange, String tool, String prefix, boolean body) throws IOException {
        String key = key(exchange, prefix);
        Optional<Digest> entry = store.keyed().get(tool, key);
        if (entry.isEmpty()) {
            throw miss(tool, "no entry " + key + " in the " + tool + " cache");
        }
        send(exchange, tool, entry.get(), body);
    }

    private void writeKeyed(Exchange exchange, String tool, String prefix) throws IOException {
        String key = key(exchange, prefix);
        Path file = receive(exchange, tool);
        long size = Files.size(file);
        Digest digest = store.blobs().putComputed(file);
        store.keyed().put(tool, key, digest);
        stored(exchange, tool, size);
    }

    /** WebDAV's PROPFIND as sccache asks it: an entry's length, or a directory (any path ending in '/'). */
    private void propfind(Exchange exchange, String tool, String prefix) throws IOException {
        String path = exchange.path();
        // Every entry carries a modification time: WebDAV clients (OpenDAL's, which sccache uses) require one.
        String modified = "<D:getlastmodified>" + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)) + "</D:getlastmodified>";
        String props;
        if (path.endsWith("/")) {
            props = "<D:resourcetype><D:collection/></D:resourcetype>" + modified;
        } else {
            Optional<Digest> entry = store.keyed().get(tool, key(exchange, prefix));
            if (entry.isEmpty()) {
                throw RequestException.notFound("no entry " + path + " in the " + tool + " cache");
            }
            props = "<D:resourcetype/><D:getcontentlength>" + entry.get().getSizeBytes() + "</D:getcontentlength>" + modified;
        }
        String href = MOUNT + path.replace("&", "&amp;").replace("<", "&lt;");
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>" + href
                + "</D:href><D:propstat><D:prop>" + props + "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
                + "</D:response></D:multistatus>\n";
        exchange.respond(207, "application/xml; charset=utf-8", xml.getBytes(StandardCharsets.UTF_8));
    }

    // ---- Bazel: content by its SHA-256, action results ------------------------------------------

    private void readBlob(Exchange exchange, boolean body) throws IOException {
        String hash = sha256(exchange, "/bazel/cas/");
        Optional<Digest> blob = store.blobs().find(hash);
        if (blob.isEmpty()) {
            throw miss("bazel", "no blob " + hash + " in the store");
        }
        send(exchange, "bazel", blob.get(), body);
    }

    private void writeBlob(Exchange exchange) throws IOException {
        String hash = sha256(exchange, "/bazel/cas/");
        Path file = receive(exchange, "bazel");
        long size = Files.size(file);
        try {
            store.blobs().putFile(file, Digests.of(hash, size));
        } catch (BlobStore.BlobMismatchException e) {
            traffic.count("bazel", CacheTraffic.Outcome.REFUSED);
            throw RequestException.badRequest("the body sent to cas/" + hash + " is not its content: a cas key is the"
                    + " SHA-256 of what is stored under it, and this body's differs; nothing was stored");
        }
        stored(exchange, "bazel", size);
    }

    private void readActionResult(Exchange exchange, boolean body) throws IOException {
        String hash = sha256(exchange, "/bazel/ac/");
        Optional<ActionResult> result = store.actions().get(Digests.of(hash, 0));
        if (result.isEmpty()) {
            throw miss("bazel", "no action result " + hash + " in the action cache");
        }
        byte[] bytes = result.get().toByteArray();
        traffic.count("bazel", CacheTraffic.Outcome.HIT);
        traffic.bytes("bazel", false, bytes.length);
        OutputStream out = exchange.streamResponse(200, "application/octet-stream", bytes.length);
        if (body) {
            out.write(bytes);
        }
    }

    private void writeActionResult(Exchange exchange) throws IOException {
        String hash = sha256(exchange, "/bazel/ac/");
        Path file = receive(exchange, "bazel", MAX_ACTION_RESULT_BYTES); // read whole below: a result names blobs, it holds none
        ActionResult result;
        try {
            result = ActionResult.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            traffic.count("bazel", CacheTraffic.Outcome.REFUSED);
            throw RequestException.badRequest("the body sent to ac/" + hash + " is not an ActionResult: " + e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
        List<Digest> missing = store.actions().missingBlobs(result);
        if (!missing.isEmpty()) {
            traffic.count("bazel", CacheTraffic.Outcome.REFUSED);
            throw RequestException.badRequest("the action result for ac/" + hash + " names " + missing.size()
                    + " blob(s) the cache does not hold, such as cas/" + missing.getFirst().getHash()
                    + "; upload them first");
        }
        store.actions().put(Digests.of(hash, 0), result);
        stored(exchange, "bazel", result.getSerializedSize());
    }

    // ---- shared ---------------------------------------------------------------------------------

    private void send(Exchange exchange, String tool, Digest digest, boolean body) throws IOException {
        InputStream in;
        try {
            in = store.blobs().open(digest);
        } catch (BlobStore.BlobNotFoundException evicted) {
            throw miss(tool, "the entry was evicted a moment ago");
        }
        try (in) {
            traffic.count(tool, CacheTraffic.Outcome.HIT);
            OutputStream out = exchange.streamResponse(200, "application/octet-stream", digest.getSizeBytes());
            if (body) {
                traffic.bytes(tool, false, in.transferTo(out));
            }
        }
    }

    /** The request's body in a scratch file of the store: refused with 413 past the entry limit, before or while it comes. */
    private Path receive(Exchange exchange, String tool) throws IOException {
        return receive(exchange, tool, maxEntryBytes);
    }

    private Path receive(Exchange exchange, String tool, long limit) throws IOException {
        Path file = store.blobs().newScratchFile();
        try (InputStream in = exchange.requestBody(limit); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            if (e instanceof RequestException refused && refused.status() == 413) {
                traffic.count(tool, CacheTraffic.Outcome.REFUSED);
                throw new RequestException(413, "an entry of the " + tool + " cache is at most " + limit
                        + " bytes (the coordinator's --cache-entry-limit); nothing of this one was stored");
            }
            throw e;
        }
        return file;
    }

    private void stored(Exchange exchange, String tool, long size) throws IOException {
        traffic.count(tool, CacheTraffic.Outcome.STORED);
        traffic.bytes(tool, true, size);
        exchange.respond(201, "text/plain; charset=utf-8", new byte[0]);
    }

    /** Counts a miss; the 404 to throw. */
    private RequestException miss(String tool, String why) {
        traffic.count(tool, CacheTraffic.Outcome.MISS);
        return RequestException.notFound(why);
    }

    private static String key(Exchange exchange, String prefix) {
        String key = exchange.path().substring(prefix.length());
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw RequestException.badRequest("a cache key is 1 to " + MAX_KEY_CHARS + " characters after " + MOUNT + prefix
                    + ", got " + key.length());
        }
        return key;
    }

    private static String sha256(Exchange exchange, String prefix) {
        String key = exchange.path().substring(prefix.length());
        if (!Digests.isSha256(key)) {
            throw RequestException.badRequest("a key of Bazel's cache is a SHA-256 in 64 lowercase hex digits, got \""
                    + (key.length() > 80 ? key.substring(0, 80) + "…" : key) + "\"");
        }
        return key;
    }
}
