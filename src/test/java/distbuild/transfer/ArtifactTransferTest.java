package distbuild.transfer;

import distbuild.testing.RawHttpPeer;
import distbuild.testing.Trees;

import static distbuild.transfer.FileTransferTest.bytes;
import static distbuild.transfer.FileTransferTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import distbuild.cache.ArtifactCache;
import distbuild.cache.CachedArtifact;
import distbuild.cache.PendingArtifact;
import distbuild.http.HttpClients;
import distbuild.http.LoopbackServer;
import distbuild.http.RemoteCallException;
import distbuild.http.Routes;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /artifact} and {@code GET /result} from one worker's artifact cache into another's. */
class ArtifactTransferTest {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactTransferTest.class);
    private static final Id JOB = Id.ofContent(bytes("job: link app"));

    @TempDir
    Path temp;

    private ArtifactCache peerArtifacts;
    private ArtifactCache localArtifacts;
    private ArtifactRequests artifactRequests;
    private LoopbackServer server;
    private WorkerId peer;
    private HttpClient http;
    private ArtifactTransferClient client;

    @BeforeEach
    void start() throws Exception {
        peerArtifacts = ArtifactCache.open(temp.resolve("peer-artifacts"));
        localArtifacts = ArtifactCache.open(temp.resolve("local-artifacts"));
        Routes routes = new Routes(LOG);
        new ArtifactTransferHandler(LOG, peerArtifacts).register(routes);
        artifactRequests = new ArtifactRequests(routes);
        server = LoopbackServer.serve(LOG, "/worker/0", artifactRequests);
        peer = new WorkerId(server.base().toString());
        http = HttpClients.create();
        client = new ArtifactTransferClient(LOG, http);
    }

    @AfterEach
    void stop() throws IOException {
        artifactRequests.release();
        http.close();
        server.close();
        peerArtifacts.close();
        localArtifacts.close();
    }

    @Test
    void treeWithItsResultArrivesIntact() throws Exception {
        JobResult result = JobResult.success(JOB, bytes("linking app\n"), bytes("warning: unused x\n"));
        Map<String, String> original;
        try (PendingArtifact pending = peerArtifacts.create(JOB)) {
            original = writeTree(pending.outputDir());
            pending.commit(result);
        }

        assertThat(client.download(JOB, peer, localArtifacts)).as("downloaded").isTrue();

        try (CachedArtifact downloaded = localArtifacts.get(JOB)) {
            assertThat(Trees.describe(downloaded.outputDir())).isEqualTo(original);
            assertThat(downloaded.result()).contains(result);
        }
        assertThat(localArtifacts.list()).containsExactly(JOB);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // without a read timeout the download would hang
    void aPeerThatStopsSendingHalfWayIsGivenUpOnAndNothingIsCommitted() throws Exception {
        Path tree = Files.createDirectories(temp.resolve("big"));
        Files.write(tree.resolve("blob"), new byte[1 << 20]);
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        distbuild.tar.TarStream.write(tree, tar);
        byte[] firstPart = Arrays.copyOf(tar.toByteArray(), 8192);
        try (RawHttpPeer stalling = new RawHttpPeer(socket -> answerThenStall(socket, firstPart))) {
            WorkerId hung = new WorkerId(stalling.url());
            ArtifactTransferClient impatient = new ArtifactTransferClient(LOG, http, Duration.ofMillis(300));

            assertThatThrownBy(() -> impatient.download(JOB, hung, localArtifacts))
                    .isInstanceOf(IOException.class).hasMessageContaining("sent nothing for");

            assertThat(localArtifacts.list()).as("nothing half-fetched is visible").isEmpty();
        }
    }

    /** Answers /result with 404 and /artifact with the start of a tar, then keeps the connection open, silent. */
    private static void answerThenStall(java.net.Socket socket, byte[] firstPart) throws IOException {
        String requestLine = RawHttpPeer.readRequestHead(socket.getInputStream());
        java.io.OutputStream out = socket.getOutputStream();
        if (requestLine.contains("/result")) {
            out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(firstPart.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(firstPart);
        }
        out.flush();
    }

    @Test
    void artifactCommittedWithoutAResultArrivesWithoutOne() throws Exception {
        Map<String, String> original;
        try (PendingArtifact pending = peerArtifacts.create(JOB)) {
            Files.createDirectories(pending.outputDir());
            Files.writeString(pending.outputDir().resolve("fetched.txt"), "from somewhere else");
            original = Trees.describe(pending.outputDir());
            pending.commitWithoutResult();
        }

        assertThat(client.download(JOB, peer, localArtifacts)).isTrue();

        try (CachedArtifact downloaded = localArtifacts.get(JOB)) {
            assertThat(Trees.describe(downloaded.outputDir())).isEqualTo(original);
            assertThat(downloaded.result()).isEmpty();
        }
    }

    @Test
    void resultOfAnArtifactStoredWithoutOneIs404() throws Exception {
        try (PendingArtifact pending = peerArtifacts.create(JOB)) {
            pending.commitWithoutResult();
        }

        HttpResponse<String> response = get("/result?id=" + JOB.hex());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("artifact " + JOB.hex() + " is here but its job result is not\n");
    }

    @Test
    void emptyArtifactArrivesAsAnEmptyDirectory() throws Exception {
        try (PendingArtifact pending = peerArtifacts.create(JOB)) {
            pending.commit(JobResult.success(JOB, null, null));
        }

        client.download(JOB, peer, localArtifacts);

        try (CachedArtifact downloaded = localArtifacts.get(JOB)) {
            assertThat(downloaded.outputDir()).isEmptyDirectory();
            assertThat(downloaded.result()).contains(JobResult.success(JOB, new byte[0], new byte[0]));
        }
    }

    @Test
    void missingArtifactIs404NamingItAndLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> client.download(JOB, peer, localArtifacts))
                .isInstanceOfSatisfying(RemoteCallException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("artifact " + JOB.hex() + " is not here");

        assertThat(localArtifacts.contains(JOB)).isFalse();
        assertThat(localArtifacts.list()).isEmpty();
        assertThat(temporaryArea(localArtifacts)).isEmpty();
        try (PendingArtifact again = localArtifacts.create(JOB)) {
            assertThat(again.id()).as("the failed download let go of the entry").isEqualTo(JOB);
        }
    }

    @Test
    void artifactAlreadyInTheCacheIsNotFetchedAgain() throws Exception {
        try (PendingArtifact pending = peerArtifacts.create(JOB)) {
            pending.commit(JobResult.success(JOB, bytes("out"), null));
        }
        assertThat(client.download(JOB, peer, localArtifacts)).isTrue();

        assertThat(client.download(JOB, peer, localArtifacts)).as("downloaded the second time").isFalse();

        assertThat(artifactRequests.count()).isEqualTo(1);
    }

    @Test
    void concurrentDownloadsOfOneArtifactIntoOneCacheBothSucceedAndFetchItOnce() throws Exception {
        Map<String, String> original;
        try (PendingArtifact pending = peerArtifacts.create(JOB)) {
            original = writeTree(pending.outputDir());
            pending.commit(JobResult.success(JOB, bytes("out"), bytes("err")));
        }
        artifactRequests.hold();
        FutureTask<Boolean> first = new FutureTask<>(() -> client.download(JOB, peer, localArtifacts));
        FutureTask<Boolean> second = new FutureTask<>(() -> client.download(JOB, peer, localArtifacts));

        Thread.ofVirtual().name("first download").start(first);
        assertThat(artifactRequests.awaitFirst(Duration.ofSeconds(30))).as("the first download reached the peer").isTrue();
        Thread secondThread = Thread.ofVirtual().name("second download").start(second);
        await("the second download waiting for the first to finish the entry")
                .atMost(Duration.ofSeconds(30))
                .until(() -> isWaitingIn(secondThread, "createOrWait"));
        artifactRequests.release();

        assertThat(first.get(30, TimeUnit.SECONDS)).as("the first download fetched the artifact").isTrue();
        assertThat(second.get(30, TimeUnit.SECONDS)).as("the second download fetched it too").isFalse();
        assertThat(artifactRequests.count()).as("artifact requests the peer saw").isEqualTo(1);
        try (CachedArtifact downloaded = localArtifacts.get(JOB)) {
            assertThat(Trees.describe(downloaded.outputDir())).isEqualTo(original);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/artifact", "/result"})
    void missingOrMalformedIdIs400NamingTheParameter(String endpoint) throws Exception {
        HttpResponse<String> missing = get(endpoint);
        HttpResponse<String> malformed = get(endpoint + "?id=" + JOB.hex().substring(1));

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("missing query parameter \"id\"\n");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("query parameter \"id\": invalid ID \"" + JOB.hex().substring(1)
                + "\": expected 40 hex characters, got 39");
    }

    /**
     * Writes a tree with everything an artifact may hold: nested and empty directories, an empty
     * file, an executable, a file bigger than the transfer buffers, and long and non-ASCII names.
     */
    private static Map<String, String> writeTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/nested/deeper"));
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createDirectories(root.resolve("share/" + "long-directory-name-".repeat(6)));
        Path tool = Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(root.resolve("lib/empty.txt"));
        Files.write(root.resolve("lib/nested/deeper/blob.bin"), pattern(1_000_003, "blob"));
        Files.writeString(root.resolve("lib/nested/readme.txt"), "nested\n");
        Files.writeString(root.resolve("share/" + "long-directory-name-".repeat(6) + "/" + "f".repeat(120)), "long");
        Files.writeString(root.resolve("share/résumé – 日本.txt"), "non-ASCII");

        Map<String, String> tree = Trees.describe(root);
        assertThat(tree).as("the tree to transfer").contains(
                Map.entry("empty-dir/", "directory"),
                Map.entry("lib/nested/deeper/", "directory"),
                Map.entry("lib/empty.txt", "file, 0 bytes, da39a3ee"));
        assertThat(tree.get("bin/tool")).startsWith("executable");
        return tree;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isWaitingIn(Thread thread, String method) {
        return thread.getState() == Thread.State.WAITING
                && Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals(method));
    }

    private static List<Path> temporaryArea(ArtifactCache cache) throws IOException {
        try (Stream<Path> entries = Files.list(cache.root().resolve("tmp"))) {
            return entries.toList();
        }
    }

    /** Counts the {@code /artifact} requests reaching the peer, and can hold them until released. */
    private static final class ArtifactRequests extends Handler.Wrapper {
        private final AtomicInteger count = new AtomicInteger();
        private final CountDownLatch first = new CountDownLatch(1);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        ArtifactRequests(Handler routes) {
            super(routes);
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        boolean awaitFirst(Duration timeout) throws InterruptedException {
            return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        int count() {
            return count.get();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (Request.getPathInContext(request).equals("/artifact")) {
                count.incrementAndGet();
                first.countDown();
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the held artifact request");
                }
            }
            return super.handle(request, response, callback);
        }
    }
}
